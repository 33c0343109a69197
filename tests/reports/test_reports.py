"""The reports' figures, checked by hand on a small program, their filters, downloads and links.

The program (every figure below is counted from this description, not from the code):
- "North 2024" (North, 2024–25, closed): Ann completed, Ben did not complete, Cal withdrew
  ("Moved out of state").
- "South 2025" (South, 2025–26, active), Mentor Mo's group: Dee and Eve active, Fay withdrew
  ("Left the profession").
- "North 2025" (North, 2025–26, active): Gus active, no group.
Mo's meetings: 2025-09-10 (60 min, Dee and Eve), 2025-10-10 (90 min, Dee), 2026-09-10 (30 min,
Dee). Dee wrote two reflections in 2025–26, Mo acknowledged one. Mo signed off year 1 for Dee on
2026-06-15 (on time) and for Eve on 2026-07-10 (late). Certificates: Ann's first, issued
2025-08-01 and revoked 2026-08-02, and its reissue of 2026-08-02.
"""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from mentoring.certificates.codes import new_code
from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import CohortStatus, EnrollmentStatus
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.progress.queries import Status
from mentoring.reports import queries
from mentoring.reports.queries import Filters
from tests.factories import (
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
    write_reflection,
)
from tests.factories import sign_off as make_sign_off


def _certificate(enrollment, serial_number: int, issued_on: date, **fields) -> Certificate:
    certificate = Certificate(
        enrollment_id=enrollment.id,
        serial=f"MO-SCMP-2025-{serial_number:05d}",
        serial_year=2025,
        serial_number=serial_number,
        code=new_code(),
        holder_name="Ann",
        school_years="2024–25 and 2025–26",
        contact_minutes=1440,
        issued_on=issued_on,
        signatory_name="Program Director",
        signatory_title="Department of Education",
        **fields,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def build_program() -> dict:
    north_2024 = make_cohort("North 2024", "North", 2024, CohortStatus.ACTIVE)
    south_2025 = make_cohort("South 2025", "South", 2025, CohortStatus.ACTIVE)
    north_2025 = make_cohort("North 2025", "North", 2025, CohortStatus.ACTIVE)
    people = {
        name: make_mentee(name=name) for name in ("Ann", "Ben", "Cal", "Dee", "Eve", "Fay", "Gus")
    }
    mo = make_mentor(name="Mentor Mo", capacity=5)
    group = make_group(south_2025, mo)
    ann, ben, cal = (enroll(north_2024, people[name]) for name in ("Ann", "Ben", "Cal"))
    dee, eve, fay = (enroll(south_2025, people[name], group) for name in ("Dee", "Eve", "Fay"))
    enroll(north_2025, people["Gus"])
    ann.status, ann.ended_on = EnrollmentStatus.COMPLETED, date(2026, 6, 30)
    ben.status, ben.ended_on = EnrollmentStatus.NOT_COMPLETED, date(2026, 6, 30)
    cohort_operations.withdraw(cal, None, "Moved out of state", date(2026, 11, 22))
    cohort_operations.withdraw(fay, None, "Left the profession", date(2026, 11, 22))
    north_2024.status = CohortStatus.COMPLETED  # closed once its mentees were enrolled
    db.session.commit()
    log_meeting(group, date(2025, 9, 10), 60, [dee, eve])
    log_meeting(group, date(2025, 10, 10), 90, [dee])
    log_meeting(group, date(2026, 9, 10), 30, [dee])
    acknowledged = write_reflection(dee, date(2025, 10, 11))
    acknowledged.acknowledged_at = datetime(2025, 10, 12, 15, tzinfo=UTC)
    write_reflection(dee, date(2025, 11, 11))
    for enrollment, signed in (
        (dee, datetime(2026, 6, 15, 15, tzinfo=UTC)),
        (eve, datetime(2026, 7, 10, 15, tzinfo=UTC)),
    ):
        record = make_sign_off(enrollment, 1)
        record.signed_by_id, record.created_at = mo.id, signed
    first = _certificate(
        ann,
        1,
        date(2025, 8, 1),
        status=CertificateStatus.REVOKED,
        revoked_at=datetime(2026, 8, 2, 15, tzinfo=UTC),
        revocation_reason="Issued with a misspelt name",
    )
    _certificate(ann, 2, date(2026, 8, 2), replaces_id=first.id)
    db.session.commit()
    return {"mo": mo, "south": south_2025, "north_2024": north_2024}


def _counts(outcomes: queries.Outcomes) -> tuple:
    return (outcomes.started, *outcomes.counts.values(), outcomes.completion_rate)


def test_enrollment_and_outcomes_by_cohort_region_and_year(app):
    build_program()
    report = queries.enrollment_report(Filters())
    # started, active, completed, not completed, withdrawn, completion rate (of those ended)
    assert _counts(report.total) == (7, 3, 1, 1, 2, 25)
    assert {r: _counts(o) for r, o in report.by_region.items()} == {
        "North": (4, 1, 1, 1, 1, 33),
        "South": (3, 2, 0, 0, 1, 0),
    }
    assert {y: _counts(o) for y, o in report.by_year.items()} == {
        2025: (4, 3, 0, 0, 1, 0),
        2024: (3, 0, 1, 1, 1, 33),
    }
    assert [(row.name, _counts(row.outcomes)) for row in report.cohorts] == [
        ("North 2025", (1, 1, 0, 0, 0, None)),
        ("South 2025", (3, 2, 0, 0, 1, 0)),
        ("North 2024", (3, 0, 1, 1, 1, 33)),
    ]
    assert sorted(report.reasons) == [("Left the profession", 1), ("Moved out of state", 1)]
    south = queries.enrollment_report(Filters(region="South"))
    assert _counts(south.total) == (3, 2, 0, 0, 1, 0) and south.reasons == [
        ("Left the profession", 1)
    ]
    assert _counts(queries.enrollment_report(Filters(school_year=2024)).total) == (
        3,
        0,
        1,
        1,
        1,
        33,
    )


def test_progress_now_by_status_and_program_year(app):
    build_program()
    # On 2026-12-01 both running cohorts are in program year 2. Dee was enrolled on 2026-11-22
    # (the factories' day): 10 of the 221 days to June 30 have passed, so the pace asks for
    # 720 × 10 // 221 = 32 contact minutes; her 30 minutes of 2026-09-10 fall short: at risk.
    # Eve and Gus have nothing in year 2 yet, within the 45 days: not started. The withdrawn
    # and the closed cohort do not count.
    report = queries.progress_report(Filters(), date(2026, 12, 1))
    assert report.counts == {(2, Status.AT_RISK): 1, (2, Status.NOT_STARTED): 2}
    # Year 1: Dee 60 + 90, Eve 60 minutes; year 2: Dee 30 minutes.
    assert report.contact_minutes == {1: 210, 2: 30}
    assert report.meetings == {1: 3, 2: 1}
    assert report.school_year == 2026
    assert report.months[2] == (date(2026, 9, 1), 1) and sum(c for _, c in report.months) == 1
    north = queries.progress_report(Filters(region="North"), date(2026, 12, 1))
    assert north.counts == {(2, Status.NOT_STARTED): 1} and north.contact_minutes == {}


def test_mentor_activity_per_mentor_and_school_year(app):
    program = build_program()
    make_mentor(name="Idle Mentor")  # leads no group: not in the report
    mentors = list(db.session.execute(queries.mentors_query(Filters())))
    assert [name for _, name in mentors] == ["Mentor Mo"]
    rows = queries.mentor_activity(Filters(), mentors)
    assert [
        (
            r.school_year,
            r.mentees,
            r.meetings,
            r.contact_minutes,
            r.acknowledged,
            r.sign_offs,
            r.sign_offs_on_time,
        )
        for r in rows
    ] == [(2026, 1, 1, 30, 0, 0, 0), (2025, 2, 2, 150, 1, 2, 1)]
    only_2025 = queries.mentor_activity(Filters(school_year=2025), mentors)
    assert [(r.school_year, r.meetings) for r in only_2025] == [(2025, 2)]
    assert queries.mentor_activity(Filters(region="North"), []) == []
    assert program["mo"].id == rows[0].mentor_id


def test_certificates_issued_revoked_and_reissued_by_school_year(app):
    build_program()
    assert queries.certificate_report(Filters()) == {
        2026: {"issued": 1, "revoked": 1, "reissued": 1},
        2025: {"issued": 1, "revoked": 0, "reissued": 0},
    }
    assert queries.certificate_report(Filters(school_year=2025)) == {
        2025: {"issued": 1, "revoked": 0, "reissued": 0}
    }
    assert queries.certificate_report(Filters(region="South")) == {}


@pytest.fixture
def specialist(client, auth):
    user = make_user(Role.SPECIALIST)
    auth.login_as(user)
    return user


def test_a_report_page_links_each_figure_to_the_list_behind_it(app, client, specialist):
    program = build_program()
    page = client.get("/admin/reports/enrollment?region=North").get_data(as_text=True)
    link = "/admin/reports/enrollment/list?outcome=withdrawn&amp;region=North"
    assert link in page
    listed = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Cal" in listed and "Moved out of state" in listed and "Fay" not in listed
    assert "1 enrollment" in listed
    progress = client.get("/admin/reports/progress").get_data(as_text=True)
    assert "/admin/reports/enrollment/list?status=at_risk&amp;program_year=2" in progress
    certificates = client.get("/admin/reports/certificates").get_data(as_text=True)
    revoked = "/admin/reports/certificates/list?kind=revoked&amp;school_year=2026"
    assert revoked in certificates and "<svg" in certificates
    listed = client.get(revoked.replace("&amp;", "&")).get_data(as_text=True)
    assert "MO-SCMP-2025-00001" in listed and "MO-SCMP-2025-00002" not in listed
    mentors = client.get("/admin/reports/mentors").get_data(as_text=True)
    assert f"/admin/mentors/{program['mo'].id}" in mentors and "1 of 2" in mentors


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region=Atlantis", "There is no region “Atlantis”. Choose one from the list."),
        ("cohort=999999", "There is no such cohort. Choose one from the list."),
        ("school_year=1066", "Choose one of the options given."),
    ],
)
def test_a_filter_for_something_that_does_not_exist_says_so(
    app, client, specialist, query, message
):
    build_program()
    for report in ("enrollment", "progress", "mentors", "certificates"):
        response = client.get(f"/admin/reports/{report}?{query}")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
        assert client.get(f"/admin/reports/{report}.csv?{query}").status_code == 400
    assert client.get(f"/admin/reports/enrollment/list?{query}").status_code == 400


def _csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_each_report_downloads_as_csv_and_xlsx(app, client, specialist):
    build_program()
    rows = _csv(client.get("/admin/reports/enrollment.csv?region=North"))
    assert rows[0][:5] == ["level", "cohort", "region", "first_school_year", "started"]
    assert ["total", "", "", "", "4", "1", "1", "1", "1", "33"] in rows
    assert ["cohort", "North 2024", "North", "2024–25", "3", "0", "1", "1", "1", "33"] in rows
    mentors = _csv(client.get("/admin/reports/mentors.csv"))
    assert mentors[1:] == [
        ["Mentor Mo", "2026–27", "1", "1", "0.5", "0", "0", "0"],
        ["Mentor Mo", "2025–26", "2", "2", "2.5", "1", "2", "1"],
    ]
    certificates = _csv(client.get("/admin/reports/certificates.csv"))
    assert certificates == [
        ["school_year", "issued", "revoked", "reissued"],
        ["2026–27", "1", "1", "1"],
        ["2025–26", "1", "0", "0"],
    ]
    progress = _csv(client.get("/admin/reports/progress.csv"))
    assert ["contact hours attended", "program year 1", "", "3.5"] in progress
    response = client.get("/admin/reports/certificates.xlsx")
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)][1] == ["2026–27", 1, 1, 1]


def test_the_cohorts_of_the_enrollment_report_come_a_page_at_a_time(app, client, specialist):
    build_program()
    app.config["ITEMS_PER_PAGE"] = 2
    first = client.get("/admin/reports/enrollment").get_data(as_text=True)
    second = client.get("/admin/reports/enrollment?page=2").get_data(as_text=True)
    assert ">North 2025</a>" in first and ">South 2025</a>" in first
    assert ">North 2024</a>" not in first and "Page 1 of 2" in first
    assert ">North 2024</a>" in second and ">South 2025</a>" not in second
    # The totals count every cohort on every page.
    assert client.get("/admin/reports/enrollment?page=9").status_code == 200
    for page in (first, second):
        assert "Page" in page and ">7</a>" in page
