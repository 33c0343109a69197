"""The reports at two sizes: the same number of SQL statements per request, and the same figures
as a recount in Python over the rows of a generated data set."""

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import select

from benchmarks.wsgi import QUERY_COUNT_HEADER, count_queries
from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import (
    RUNNING_COHORT_STATUSES,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    PlcGroup,
)
from mentoring.core.localtime import school_year_of
from mentoring.core.roles import Role
from mentoring.demo.scale import seed_scale
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingAttendance
from mentoring.progress.models import YearSignOff
from mentoring.progress.queries import progress_for
from mentoring.reflections.models import Reflection
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
)
from tests.reports.test_reports import build_program

URLS = [
    "/admin/reports",
    *(
        f"/admin/reports/{slug}{suffix}"
        for slug in ("enrollment", "progress", "mentors", "certificates")
        for suffix in ("", ".csv", ".xlsx", "?region=North")
    ),
    "/admin/reports/enrollment/list?outcome=withdrawn",
    "/admin/reports/enrollment/list?status=not_started&program_year=2",
    "/admin/reports/certificates/list?kind=revoked",
]


def _statements(client) -> dict[str, str]:
    counts = {}
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = response.headers[QUERY_COUNT_HEADER]
    return counts


def _grow() -> None:
    """Another region with two cohorts, three mentors and forty mentees who meet."""
    for start_year in (2025, 2026):
        cohort = make_cohort(f"West {start_year}", "West", start_year)
        for number in range(3):
            group = make_group(cohort, make_mentor(name=f"West Mentor {start_year}-{number}"))
            enrollments = [enroll(cohort, make_mentee(), group) for _ in range(4)]
            for month in (9, 10, 11):
                log_meeting(group, date(start_year, month, 5), 60, enrollments)
            if number == 0:
                cohort_operations.withdraw(
                    enrollments[0], None, "Changed schools", date(2026, 11, 22)
                )
                db.session.commit()


def test_each_report_runs_the_same_statements_at_two_sizes(app, client, auth):
    count_queries(app)
    build_program()
    auth.login_as(make_user(Role.SPECIALIST))
    small = _statements(client)
    _grow()
    assert _statements(client) == small


TODAY = date(2026, 11, 23)


def test_the_reports_match_a_recount_of_a_generated_data_set(app):
    seed_scale("small", 2026, TODAY)
    db.session.commit()
    cohorts = {cohort.id: cohort for cohort in db.session.scalars(select(Cohort))}
    enrollments = list(db.session.scalars(select(Enrollment)))

    report = queries.enrollment_report(Filters())
    by_cohort = defaultdict(Counter)
    for enrollment in enrollments:
        by_cohort[enrollment.cohort_id][enrollment.status] += 1
    assert {row.cohort_id: row.outcomes.counts for row in report.cohorts} == {
        cohort_id: {status: counts[status] for status in queries.OUTCOMES}
        for cohort_id, counts in by_cohort.items()
    }
    assert report.total.started == len(enrollments) == 249
    assert report.total.counts[EnrollmentStatus.WITHDRAWN] > 0

    progress = queries.progress_report(Filters(), TODAY)
    running = [
        enrollment
        for enrollment in enrollments
        if enrollment.status == EnrollmentStatus.ACTIVE
        and cohorts[enrollment.cohort_id].status in RUNNING_COHORT_STATUSES
    ]
    recount = Counter()
    for found in progress_for(Enrollment.id.in_([e.id for e in running]), TODAY):
        year = found.current_year(TODAY)
        recount[(year.year, year.status)] += 1
    assert progress.counts == dict(recount)
    meetings = list(db.session.scalars(select(Meeting)))
    groups = {group.id: group for group in db.session.scalars(select(PlcGroup))}
    school_year = 2026
    held = Counter(
        m.held_on.month
        for m in meetings
        if date(school_year, 7, 1) <= m.held_on <= date(school_year + 1, 6, 30)
    )
    assert progress.months == [(first, held[first.month]) for first, _ in progress.months]

    mentors = list(db.session.execute(queries.mentors_query(Filters())))
    activity = {
        (row.mentor_id, row.school_year): row
        for row in queries.mentor_activity(Filters(), mentors, only_these=False)
    }
    expected = defaultdict(lambda: {"meetings": 0, "minutes": 0, "mentees": set(), "ack": 0})
    meeting_key = {}
    for meeting in meetings:
        group = groups[meeting.plc_group_id]
        key = (group.mentor_id, cohorts[group.cohort_id].start_year + meeting.program_year - 1)
        meeting_key[meeting.id] = key
        expected[key]["meetings"] += 1
        expected[key]["minutes"] += meeting.duration_minutes
    for meeting_id, enrollment_id in db.session.execute(
        select(MeetingAttendance.meeting_id, MeetingAttendance.enrollment_id)
    ):
        expected[meeting_key[meeting_id]]["mentees"].add(enrollment_id)
    cohort_of = {e.id: e.cohort_id for e in enrollments}
    for mentor_id, enrollment_id, year in db.session.execute(
        select(Reflection.mentor_id, Reflection.enrollment_id, Reflection.program_year).where(
            Reflection.acknowledged_at.is_not(None)
        )
    ):
        expected[(mentor_id, cohorts[cohort_of[enrollment_id]].start_year + year - 1)]["ack"] += 1
    assert {
        key: (row.meetings, row.contact_minutes, row.mentees, row.acknowledged)
        for key, row in activity.items()
    } == {
        key: (e["meetings"], e["minutes"], len(e["mentees"]), e["ack"])
        for key, e in expected.items()
        if key[0] in dict(mentors)
    }
    sign_offs, on_time = Counter(), Counter()
    for signed_by, enrollment_id, year, created_at in db.session.execute(
        select(
            YearSignOff.signed_by_id,
            YearSignOff.enrollment_id,
            YearSignOff.program_year,
            YearSignOff.created_at,
        )
    ):
        if signed_by in dict(mentors):
            school_year = cohorts[cohort_of[enrollment_id]].start_year + year - 1
            sign_offs[(signed_by, school_year)] += 1
            on_time[(signed_by, school_year)] += created_at.date() <= date(school_year + 1, 6, 30)
    assert {k: r.sign_offs for k, r in activity.items() if r.sign_offs} == dict(sign_offs)
    assert {k: r.sign_offs_on_time for k, r in activity.items() if r.sign_offs} == dict(on_time)

    certificates = list(db.session.scalars(select(Certificate)))

    issued = Counter(school_year_of(c.issued_on) for c in certificates)
    revoked = Counter(
        school_year_of(c.revoked_at.date())
        for c in certificates
        if c.status == CertificateStatus.REVOKED
    )
    assert {
        year: counts["issued"] for year, counts in queries.certificate_report(Filters()).items()
    } == dict(issued)
    assert {
        year: counts["revoked"]
        for year, counts in queries.certificate_report(Filters()).items()
        if counts["revoked"]
    } == dict(revoked)
    assert sum(issued.values()) > 0
