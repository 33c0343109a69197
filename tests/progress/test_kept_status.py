"""The kept status (year_tallies.at_risk_from and minimums_met, progress/tallies.py) says what
the status rule (progress/queries.py, year_columns, through progress_for) says: over random
histories and dates, and over a whole generated data set at several dates; and it is recounted
when a cohort's requirements or start year change, on enrollment and when a year 1 is carried.
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentStatus
from mentoring.cohorts.requirements import current_defaults, update_requirements
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.progress import operations as progress_operations
from mentoring.progress import tallies
from mentoring.progress.models import YearSignOff, YearTally
from mentoring.progress.queries import (
    Status,
    at_risk_slice,
    kept_now,
    progress_for,
    waiting_for_certificate,
)
from tests.factories import enroll, log_meeting, make_cohort, make_group, make_mentor, make_user

START_YEAR = 2024
STARTS = date(START_YEAR, 7, 1)
YEAR_ENDS = {1: date(START_YEAR + 1, 6, 30), 2: date(START_YEAR + 2, 6, 30)}


def _complete(kept: YearTally, sign_off: YearSignOff | None) -> bool:
    """Complete by the kept columns: the minimums met and signed off as met."""
    return kept.minimums_met and sign_off is not None and sign_off.met


def _kept_at_risk(kept: YearTally, sign_off: YearSignOff | None, enrollment, day: date) -> bool:
    """At risk by the kept columns: the onset reached by the day (capped at a withdrawal) and
    the year not complete."""
    as_of = min(day, enrollment.withdrawn_on or day)
    return (
        kept.at_risk_from is not None
        and kept.at_risk_from <= as_of
        and not _complete(kept, sign_off)
    )


def _kept_now(day: date, where) -> dict[int, Status]:
    """kept_now()'s status of the year in progress, by enrollment."""
    now = kept_now(day)
    query = now.join(
        select(Enrollment.id, now.status).join(Cohort, Cohort.id == Enrollment.cohort_id)
    )
    return {id_: Status(status) for id_, status in db.session.execute(query.where(where))}


def _year_values():
    """One program year's tally: counts near the minimums, a last meeting somewhere."""
    return st.fixed_dictionaries(
        {
            # Zero often: a year with nothing recorded (or only experiences) is an edge.
            "meetings": st.one_of(st.just(0), st.integers(0, 10)),
            "contact_minutes": st.sampled_from([0, 0, 0, 30, 90, 600, 719, 720, 721, 900]),
            "reflections": st.one_of(st.just(0), st.integers(0, 5)),
            "experiences": st.integers(0, 3),
            "plan_agreed": st.integers(0, 1),
            "last_meeting_offset": st.one_of(st.none(), st.integers(-30, 400)),
            "sign_off": st.sampled_from([None, True, False]),
        }
    )


history = st.fixed_dictionaries(
    {
        "requirements": st.fixed_dictionaries(
            {
                "year1_min_meetings": st.integers(0, 9),
                "year2_min_meetings": st.integers(0, 9),
                "year1_min_contact_minutes": st.sampled_from([0, 60, 720, 1000]),
                "year2_min_contact_minutes": st.sampled_from([0, 60, 720, 1000]),
                "year1_min_reflections": st.integers(0, 4),
                "year2_min_reflections": st.integers(0, 4),
                "year1_min_experiences": st.integers(0, 2),
                "year2_min_experiences": st.integers(0, 2),
                "at_risk_days": st.sampled_from([0, 1, 30, 45, 200, 400]),
                "year1_plan_due_month": st.sampled_from([0, 0, 7, 10, 2, 6]),
                "year2_plan_due_month": st.sampled_from([0, 0, 7, 10, 2, 6]),
                "year1_plan_due_day": st.integers(1, 28),
                "year2_plan_due_day": st.integers(1, 28),
            }
        ),
        # From before the cohort starts to late in year 2 (a late joiner's year 1 is over).
        "enrolled_offset": st.integers(-40, 500),
        "withdrawn_offset": st.one_of(st.none(), st.integers(0, 500)),
        "carried": st.booleans(),
        "years": st.tuples(_year_values(), _year_values()),
        "days": st.lists(st.integers(-10, 800), max_size=6),
    }
)


def _onsets_and_edges(kept: list[YearTally], cohort: Cohort) -> set[date]:
    """The days where the status may change: each onset and the day before it, each year's
    bounds, the plan due dates."""
    days = set()
    for row in kept:
        if row.at_risk_from is not None:
            days |= {row.at_risk_from, row.at_risk_from - timedelta(days=1)}
    for year in (1, 2):
        ends = YEAR_ENDS[year]
        days |= {ends, ends + timedelta(days=1), date(ends.year - 1, 7, 1)}
        due = cohort.plan_due_on(year)
        if due is not None:
            days |= {due, due + timedelta(days=1)}
    return days


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=history)
def test_the_kept_status_is_the_computed_status_for_random_histories(app, history):
    cohort = Cohort(
        name=f"Random {make_user.counter}",
        region="Central",
        start_year=START_YEAR,
        status=CohortStatus.ACTIVE,
        **history["requirements"],
    )
    db.session.add(cohort)
    mentee = make_user(Role.MENTEE, password=None)
    enrolled_on = STARTS + timedelta(days=history["enrolled_offset"])
    withdrawn = history["withdrawn_offset"]
    enrollment = Enrollment(
        cohort=cohort,
        mentee_id=mentee.id,
        enrolled_on=enrolled_on,
        status=EnrollmentStatus.ACTIVE if withdrawn is None else EnrollmentStatus.WITHDRAWN,
        withdrawn_on=None if withdrawn is None else enrolled_on + timedelta(days=withdrawn),
    )
    db.session.add(enrollment)
    db.session.flush()
    if history["carried"]:
        # Its own earlier enrollment, as far as the rule is concerned: year 1 counts as complete.
        enrollment.year1_carried_from_id, enrollment.year1_carry_reason = enrollment.id, "Test"
    rows, sign_offs = [], {}
    for year, values in enumerate(history["years"], start=1):
        offset = values["last_meeting_offset"]
        starts = date(START_YEAR + year - 1, 7, 1)
        counts = {field: values[field] for field in tallies._COLUMNS[2:] if field in values}
        rows.append(
            {
                "enrollment_id": enrollment.id,
                "program_year": year,
                **counts,
                "last_meeting_on": None if offset is None else starts + timedelta(days=offset),
            }
        )
        if values["sign_off"] is not None:
            sign_offs[year] = YearSignOff(
                enrollment_id=enrollment.id, program_year=year, met=values["sign_off"], comment="."
            )
            db.session.add(sign_offs[year])
    # What the recount keeps, from these counts and the enrollment's and cohort's columns.
    inputs = [
        SimpleNamespace(
            **row,
            **{column.key: getattr(cohort, column.key) for column in Cohort.__table__.c},
            enrolled_on=enrollment.enrolled_on,
            year1_carried_from_id=enrollment.year1_carried_from_id,
        )
        for row in rows
    ]
    kept = [YearTally(**row) for row in tallies.with_kept_status(inputs)]
    db.session.add_all(kept)
    db.session.flush()
    tallies.keep_open_onsets(Enrollment.id == enrollment.id)
    db.session.refresh(enrollment)
    for year in (1, 2):
        complete = _complete(kept[year - 1], sign_offs.get(year))
        open_onset = None if complete else kept[year - 1].at_risk_from
        assert getattr(enrollment, f"year{year}_at_risk_from") == open_onset, year

    days = _onsets_and_edges(kept, cohort) | {
        STARTS + timedelta(days=offset) for offset in history["days"]
    }
    # Never read before the enrollment began (today is never before it); there the pace of a
    # year that ended before the enrollment is not monotone.
    for day in sorted(day for day in days if day >= enrolled_on):
        (progress,) = progress_for(Enrollment.id == enrollment.id, day)
        # The year in progress by kept_now(): every status, not only at risk.
        now = _kept_now(day, Enrollment.id == enrollment.id)[enrollment.id]
        assert now == progress.current_year(day).status, (day, now)
        for year in (1, 2):
            computed = progress.years[year - 1].status == Status.AT_RISK
            assert (
                _kept_at_risk(kept[year - 1], sign_offs.get(year), enrollment, day) == computed
            ), (
                f"year {year} on {day}: kept {kept[year - 1].at_risk_from} "
                f"({kept[year - 1].minimums_met}), computed {progress.years[year - 1].status}"
            )
        # The lists that start from the onsets kept on the enrollment.
        active = enrollment.status == EnrollmentStatus.ACTIVE
        listed = at_risk_slice(day, 1, 50, cohort_where=Enrollment.id == enrollment.id).ids
        assert listed == ([enrollment.id] if active and now == Status.AT_RISK else []), day
        waiting = db.session.scalars(
            waiting_for_certificate(Enrollment.id).where(Enrollment.id == enrollment.id)
        ).all()
        both_complete = all(year.status == Status.COMPLETE for year in progress.years)
        assert waiting == ([enrollment.id] if active and both_complete else []), day
    db.session.rollback()


# The whole generated set ---------------------------------------------------------------------


def _at_risk_list(day: date) -> list[int]:
    """Every id of the at-risk list, following the keyset pages."""
    ids, page, after = [], 1, None
    while True:
        part = at_risk_slice(day, page, 50, after)
        ids += part.ids
        if len(ids) >= part.total:
            return ids
        page, after = page + 1, part.last_key


def check_generated_set(days: list[date]) -> int:
    """For each day: every kept year status of the data set (every enrollment, both years) and
    the at-risk list equal what progress_for computes. Returns how many year statuses matched."""
    enrollments = db.session.execute(select(Enrollment, Cohort).join(Cohort)).all()
    kept = {
        (row.enrollment_id, row.program_year): row for row in db.session.scalars(select(YearTally))
    }
    # Every enrollment has both rows, and the recount from scratch keeps the same values.
    assert set(kept) == {(e.id, year) for e, _ in enrollments for year in (1, 2)}
    signed = {(s.enrollment_id, s.program_year): s for s in db.session.scalars(select(YearSignOff))}
    checked = 0
    for day in days:
        computed = {p.enrollment.id: p for p in progress_for(Enrollment.id.is_not(None), day)}
        now = _kept_now(day, Enrollment.id.is_not(None))
        assert now == {id_: p.current_year(day).status for id_, p in computed.items()}, day
        expected_list, expected_waiting = [], []
        for enrollment, cohort in enrollments:
            progress = computed[enrollment.id]
            for year in (1, 2):
                status = progress.years[year - 1].status
                record = enrollment.year1_carried_from_id if year == 1 else None
                sign_off = signed.get((record or enrollment.id, year))
                at_risk = _kept_at_risk(kept[(enrollment.id, year)], sign_off, enrollment, day)
                assert at_risk == (status == Status.AT_RISK), (enrollment.id, year, day)
                checked += 1
            if (
                enrollment.status == EnrollmentStatus.ACTIVE
                and cohort.status == CohortStatus.ACTIVE
                and progress.current_year(day).status == Status.AT_RISK
            ):
                expected_list.append(enrollment.id)
            if (
                enrollment.status == EnrollmentStatus.ACTIVE
                and cohort.status in (CohortStatus.ACTIVE, CohortStatus.COMPLETED)
                and all(year.status == Status.COMPLETE for year in progress.years)
            ):
                expected_waiting.append(enrollment.id)
        listed = _at_risk_list(day)
        assert sorted(listed) == sorted(expected_list), day
        assert len(listed) == len(set(listed))
        waiting = db.session.scalars(waiting_for_certificate(Enrollment.id)).all()
        assert sorted(waiting) == sorted(expected_waiting), day
    return checked


def generated_days(today: date) -> list[date]:
    """Several dates around today: year boundaries (June 30, July 1) and the sign-off window."""
    year = today.year if today.month >= 7 else today.year - 1
    return [
        today,
        date(year, 6, 30),
        date(year, 7, 1),
        date(year + 1, 6, 30),
        date(year + 1, 7, 1),
        date(year + 1, 5, 1),  # the day before the sign-off window opens
        date(year + 1, 5, 2),  # its first day: the last 60 days (progress/operations.py)
        date(year + 1, 6, 15),
        date(year, 10, 15),
        today + timedelta(days=400),
    ]


def test_the_kept_status_is_the_computed_status_over_the_small_generated_set(app):
    from mentoring.demo.scale import seed_scale

    today = date(2026, 12, 7)
    seed_scale("small", 2026, today)
    db.session.commit()
    assert check_generated_set(generated_days(today)) > 0
    # A recount from scratch keeps the same.
    before = {
        (row.enrollment_id, row.program_year): (row.at_risk_from, row.minimums_met)
        for row in db.session.scalars(select(YearTally))
    }
    tallies.rebuild_all()
    db.session.expire_all()
    assert before == {
        (row.enrollment_id, row.program_year): (row.at_risk_from, row.minimums_met)
        for row in db.session.scalars(select(YearTally))
    }


# Recounting when what the rule reads changes -------------------------------------------------


def _kept(enrollment) -> dict[int, tuple]:
    db.session.expire_all()
    return {
        row.program_year: (row.at_risk_from, row.minimums_met, row.meetings)
        for row in db.session.scalars(
            select(YearTally).where(YearTally.enrollment_id == enrollment.id)
        )
    }


@pytest.fixture
def quiet_mentee(app):
    """A mentee enrolled in a 2026 cohort (on the factories' day), nothing recorded yet."""
    cohort = make_cohort(start_year=2026)
    group = make_group(cohort, make_mentor())
    return enroll(cohort, make_user(Role.MENTEE, password=None), group), cohort, group


def test_an_enrollment_has_both_rows_from_the_start(quiet_mentee):
    enrollment, _, _ = quiet_mentee
    # Enrolled on November 22, 2026 (the factories' day), nothing recorded: quiet from then,
    # at risk once 45 days (the default threshold) have passed, on January 7, 2027; year 2
    # quiet from its July 1, at risk on August 16, 2027. Nothing met.
    assert _kept(enrollment) == {
        1: (date(2027, 1, 7), False, 0),
        2: (date(2027, 8, 16), False, 0),
    }


def test_requirement_changes_recount(quiet_mentee):
    enrollment, cohort, _ = quiet_mentee
    specialist = make_user(Role.SPECIALIST, password=None)
    update_requirements(cohort, specialist, at_risk_days=10)
    db.session.commit()
    assert _kept(enrollment) == {
        1: (date(2026, 12, 3), False, 0),  # November 22 + 11 days
        2: (date(2027, 7, 12), False, 0),
    }
    # A plan due on October 31 of year 1, not agreed: at risk from November 1, 2026.
    update_requirements(
        cohort, specialist, at_risk_days=400, year1_plan_due_month=10, year1_plan_due_day=31
    )
    db.session.commit()
    assert _kept(enrollment)[1] == (date(2026, 11, 1), False, 0)
    # Minimums of zero and no plan: met; at risk (unless signed off) once the year has ended,
    # before 400 quiet days pass.
    zero = {
        f"year{year}_min_{what}": 0
        for year in (1, 2)
        for what in ("meetings", "contact_minutes", "reflections", "experiences")
    }
    update_requirements(cohort, specialist, year1_plan_due_month=0, year1_plan_due_day=0, **zero)
    db.session.commit()
    assert _kept(enrollment) == {
        1: (date(2027, 7, 1), True, 0),
        2: (date(2028, 7, 1), True, 0),
    }
    # The program defaults are no cohort's: nothing is recounted for them.
    tallies_before = _kept(enrollment)
    update_requirements(current_defaults(), specialist, at_risk_days=3)
    db.session.commit()
    assert _kept(enrollment) == tallies_before


def test_a_start_year_change_recounts(quiet_mentee):
    enrollment, cohort, _ = quiet_mentee
    cohort.status = CohortStatus.PLANNING
    db.session.commit()
    cohort_operations.update_cohort(
        cohort, None, cohort.name, cohort.region, 2027, CohortStatus.PLANNING
    )
    db.session.commit()
    # The years now start on July 1, 2027 and 2028, after the enrollment.
    assert _kept(enrollment) == {
        1: (date(2027, 8, 16), False, 0),
        2: (date(2028, 8, 16), False, 0),
    }


def test_meetings_and_a_carried_year_recount(quiet_mentee):
    enrollment, _, group = quiet_mentee
    log_meeting(group, date(2026, 12, 1), 360, [enrollment])
    log_meeting(group, date(2026, 12, 15), 360, [enrollment])
    # Enrolled November 22: the span to June 30 is 221 days. Quiet from December 15: at risk
    # on January 30; 2 of 8 meetings: behind once 8 × elapsed // 221 >= 3, from elapsed 83
    # (February 12); 0 of 4 reflections: behind from elapsed 56 (January 16), the first.
    # 720 minutes: met.
    assert _kept(enrollment)[1] == (date(2027, 1, 16), False, 2)
    earlier = enroll(make_cohort(name="Earlier", start_year=2024), make_user(password=None))
    enrollment.year1_carried_from_id, enrollment.year1_carry_reason = earlier.id, "Moved"
    tallies.refresh([enrollment.id])
    db.session.commit()
    assert _kept(enrollment)[1] == (None, True, 2)  # a carried year 1 is complete


def test_carrying_year_1_recounts(app, monkeypatch):
    enrollment = enroll(make_cohort(start_year=2026), make_user(Role.MENTEE, password=None))
    calls = []
    monkeypatch.setattr(tallies, "refresh", lambda ids: calls.append(list(ids)))
    source = SimpleNamespace(id=enrollment.id, year1_carried_from_id=None)
    monkeypatch.setattr(progress_operations, "year1_to_carry", lambda *_: source)
    specialist = make_user(Role.SPECIALIST, password=None)
    progress_operations.carry_year1(enrollment, specialist, "Moved districts", date(2026, 9, 1))
    assert calls == [[enrollment.id]]
    db.session.rollback()
