"""Generated data sets for measuring the app at the size of a state, or of many states.

`flask --app mentoring demo seed --scale small|state|national` writes ten school years of
cohorts (three for `small`), each of about 83 counselors in PLC groups of about 8, with their
meetings, attendance, reflections, sign-offs, certificates and audit events, ending on the date
given (today by default): the newest two cohorts are running, the older ones completed.

Everything comes from one random.Random(seed), so the same seed and date give the same rows,
certificate codes included. Rows go in with bulk statements (COPY on PostgreSQL), ids are
assigned here so children need no round trip, and every generated account shares one password
hash (the demo password), computed once.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import Table, func, select, text

from mentoring.certificates.codes import CODE_BITS, encode, with_check
from mentoring.certificates.issuer import issuer_for_new_certificates, setting
from mentoring.cohorts.experiences import BUILT_IN as BUILT_IN_EXPERIENCES
from mentoring.cohorts.models import program_year_bounds, school_year_label
from mentoring.cohorts.requirements import (
    DEFAULT_AT_RISK_DAYS,
    DEFAULT_MIN_CONTACT_MINUTES,
    DEFAULT_MIN_EXPERIENCES,
    DEFAULT_MIN_MEETINGS,
    DEFAULT_MIN_REFLECTIONS,
    NO_PLAN_DUE,
)
from mentoring.core import localtime
from mentoring.core.choices import REGIONS, GradeLevel
from mentoring.core.localtime import school_year_bounds, school_year_of
from mentoring.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET, set_id_sequences
from mentoring.extensions import db
from mentoring.meetings.models import Topic
from mentoring.progress import tallies
from mentoring.surveys import counts as survey_counts

EMAIL_DOMAIN = "scale.example.org"
SPECIALIST_EMAIL = "specialist@example.org"  # the demo specialist, with the demo second factor
GROUP_SIZE = 8
CHUNK = 5000  # rows per statement batch outside PostgreSQL


@dataclass(frozen=True)
class Scale:
    school_years: int  # cohorts start in each of the last N school years
    cohorts_per_year: int
    mentees_per_cohort: int
    mentors: int


SCALES = {
    "small": Scale(school_years=3, cohorts_per_year=1, mentees_per_cohort=83, mentors=25),
    "state": Scale(school_years=10, cohorts_per_year=6, mentees_per_cohort=83, mentors=500),
    "national": Scale(school_years=10, cohorts_per_year=120, mentees_per_cohort=83, mentors=10000),
}

# Per PLC group and program year: group sessions, and one-on-ones per mentee. With about 7.5 of
# 8 attending a session, ten years of a state come to about 150,000 meetings and 600,000
# attendance rows, the sizes the program office expects.
GROUP_SESSIONS = 65
ONE_ON_ONES = 10
REFLECTIONS = 13  # per mentee and program year
STRUGGLING = 0.05  # share of mentees who fall behind: at risk now, not complete in the past
WITHDRAWING = 0.03
REVOKED = 0.02  # of certificates; half of them reissued

FIRST_NAMES = [
    "Avery", "Blake", "Carmen", "Dana", "Elena", "Farid", "Grace", "Hiro", "Imani", "Jonah",
    "Keisha", "Luis", "Maya", "Nikhil", "Olivia", "Pablo", "Quinn", "Rosa", "Samir", "Tara",
    "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe",
]  # fmt: skip
LAST_NAMES = [
    "Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ibrahim",
    "Jensen", "Kowalski", "Lopez", "Moreau", "Nguyen", "Okafor", "Patel", "Quintero", "Rivera",
    "Schmidt", "Takahashi", "Usman", "Valdez", "Williams", "Yilmaz", "Zhang",
]  # fmt: skip
FOCUSES = [
    "Planning classroom lessons for the semester.",
    "Caseload review and one student support plan.",
    "Working with the administration on the counseling calendar.",
    "Confidentiality with teachers and parents.",
    "Small-group counseling: choosing students and measuring results.",
]
NEXT_STEPS = [
    "Draft a calendar and bring one question.",
    "Follow up with the student's teachers.",
    "Share the plan with the principal.",
    "Try the new intake form for two weeks.",
]
REFLECTION_TITLES = ["Month in review", "A hard conversation", "What worked", "Next steps"]
REFLECTION_BODY = (
    "What I tried with my caseload this month, what the students said, and what I will change "
    "before our next meeting."
)


def regional_email(region: str) -> str:
    """The generated specialist of a region: specialist.kansas-city@…, specialist.st-louis@…"""
    slug = "-".join(region.lower().replace(".", "").split())
    return f"specialist.{slug}@{EMAIL_DOMAIN}"


class Loader:
    """Bulk writes: COPY on PostgreSQL, many-row statements elsewhere."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def write(self, table_name: str, rows: Iterable[dict]) -> None:
        table: Table = db.metadata.tables[table_name]
        rows = list(rows)
        if not rows:
            return
        self.counts[table_name] = self.counts.get(table_name, 0) + len(rows)
        if db.engine.dialect.name == "postgresql":
            columns = list(rows[0])
            cursor = db.session.connection().connection.driver_connection.cursor()
            statement = f"COPY {table_name} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([row[column] for column in columns])
            return
        for start in range(0, len(rows), CHUNK):
            db.session.execute(table.insert(), rows[start : start + CHUNK])

    def reset_sequences(self) -> None:
        """PostgreSQL: let the app's own inserts continue after the ids written here."""
        set_id_sequences(list(self.counts))


class Ids:
    """Consecutive ids per table, starting after what the database already holds."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, table_name: str) -> int:
        if table_name not in self.next:
            table = db.metadata.tables[table_name]
            self.next[table_name] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
        value = self.next[table_name]
        self.next[table_name] += 1
        return value


def _at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


def _school_days(rng: random.Random, first: date, last: date, count: int) -> list[date]:
    """count dates between first and last (inclusive), weekdays, in order."""
    span = (last - first).days
    if span < 7:  # a short stretch may hold no weekday at all: draw from those it has
        weekdays = [first + timedelta(days=k) for k in range(span + 1)]
        weekdays = [day for day in weekdays if day.weekday() < 5]
        return sorted(rng.choice(weekdays) for _ in range(count)) if weekdays else []
    days = []
    while len(days) < count:
        day = first + timedelta(days=rng.randint(0, span))
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def seed_scale(name: str, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    """Write the named data set into an empty database; returns the rows written per table."""
    scale = SCALES[name]
    today = today or localtime.today()
    # Not for secrets: generated data must be reproducible (a string seed is stable across
    # Python versions). The certificate codes drawn from it are demo codes.
    rng = random.Random(f"{name}-{seed}")  # noqa: S311
    loader, ids = Loader(), Ids()
    password_hash = _shared_hash()
    created = _at_noon(today)
    newest = school_year_of(today)
    first = newest - scale.school_years + 1

    specialist_id = ids.take("users")
    loader.write(
        "users",
        [
            _user(
                specialist_id,
                SPECIALIST_EMAIL,
                "Dana Whitfield",
                "specialist",
                password_hash,
                created,
                DEMO_TOTP_SECRET,
            )
        ],
    )
    # A specialist of each region (core/policy.py: they see only their region's program).
    regional = [(ids.take("users"), region) for region in REGIONS]
    loader.write(
        "users",
        (
            _user(user_id, regional_email(region), f"{region} Specialist", "specialist",
                  password_hash, created, DEMO_TOTP_SECRET)
            for user_id, region in regional
        ),
    )  # fmt: skip
    loader.write(
        "specialist_regions",
        ({"user_id": user_id, "region": region} for user_id, region in regional),
    )
    mentor_ids = [ids.take("users") for _ in range(scale.mentors)]
    loader.write(
        "users",
        (
            _user(user_id, f"mentor{number:05d}@{EMAIL_DOMAIN}", _name(rng), "mentor",
                  password_hash, created)
            for number, user_id in enumerate(mentor_ids, 1)
        ),
    )  # fmt: skip
    profiles = [
        {
            "user_id": user_id,
            "district": f"District {rng.randint(1, 500)}",
            "school": f"School {rng.randint(1, 2000)}",
            "region": rng.choice(REGIONS),
            "grade_levels": ",".join(level.value for level in GradeLevel),
            "capacity": GROUP_SIZE + 4,
            "years_experience": rng.randint(5, 30),
            "association_number": f"MSCA-{user_id:06d}",
            "association_expires_on": school_year_bounds(newest)[1],
            "holds_career_certificate": True,
            "vetting_approved_on": date(first - 1, 5, 1),
            "training_completed_on": date(first - 1, 6, 15),
            "retired_on": None,
            "created_at": created,
        }
        for user_id in mentor_ids
    ]
    loader.write("mentor_profiles", profiles)
    _trainings(name, seed, loader, ids, {p["user_id"]: p["region"] for p in profiles}, first,
               today, created)  # fmt: skip

    mentee_number = 0
    mentor_turn = 0
    serials: dict[int, int] = {}
    surveyed: list[tuple[int, int, list[int]]] = []  # cohort, start year, mentees not withdrawn
    for start_year in range(first, newest + 1):
        for index in range(scale.cohorts_per_year):
            cohort_id = ids.take("cohorts")
            running = start_year >= newest - 1
            loader.write("cohorts", [_cohort(cohort_id, start_year, index, running, created)])
            # Each cohort's own copy of the built-in essential experiences, as create_cohort makes.
            loader.write(
                "essential_experiences",
                (
                    {
                        "id": ids.take("essential_experiences"),
                        "cohort_id": cohort_id,
                        "program_year": year,
                        "position": position,
                        "title": title,
                    }
                    for year, titles in BUILT_IN_EXPERIENCES.items()
                    for position, title in enumerate(titles, start=1)
                ),
            )
            group_count = max(scale.mentees_per_cohort // GROUP_SIZE, 1)
            groups = []
            for _ in range(group_count):
                groups.append((ids.take("plc_groups"), mentor_ids[mentor_turn % len(mentor_ids)]))
                mentor_turn += 1
            members: dict[int, list[tuple[int, int]]] = {group_id: [] for group_id, _ in groups}
            users, profiles, enrollments, assignments, audit = [], [], [], [], []
            for place in range(scale.mentees_per_cohort):
                mentee_number += 1
                mentee_id = ids.take("users")
                enrollment_id = ids.take("enrollments")
                group_id, mentor_id = groups[place % group_count]
                members[group_id].append((enrollment_id, mentee_id))
                enrolled_on = date(start_year, 8, 1) + timedelta(days=rng.randint(0, 30))
                users.append(_user(mentee_id, f"mentee{mentee_number:06d}@{EMAIL_DOMAIN}",
                                   _name(rng), "mentee", password_hash, created))  # fmt: skip
                profiles.append(_mentee_profile(rng, mentee_id, start_year, created))
                enrollments.append({
                    "id": enrollment_id, "cohort_id": cohort_id, "mentee_id": mentee_id,
                    "plc_group_id": group_id, "status": "active", "enrolled_on": enrolled_on,
                    "withdrawn_on": None, "withdrawal_reason": None,
                    "created_at": _at_noon(enrolled_on),
                })  # fmt: skip
                assignments.append({
                    "id": ids.take("assignments"), "enrollment_id": enrollment_id,
                    "plc_group_id": group_id, "mentor_id": mentor_id,
                    "started_at": _at_noon(enrolled_on), "ended_at": None,
                    "assigned_by_id": specialist_id, "conflict_reason": None,
                })  # fmt: skip
                audit.append(_audit(ids, specialist_id, "enrollment.created", "Enrollment",
                                    enrollment_id, f"Enrolled in cohort {cohort_id}",
                                    enrolled_on))  # fmt: skip
            withdrawn = _withdraw(rng, enrollments, today)
            staying = [e["mentee_id"] for e in enrollments if e["id"] not in withdrawn]
            surveyed.append((cohort_id, start_year, staying))
            loader.write("users", users)
            loader.write("mentee_profiles", profiles)
            loader.write("plc_groups", [
                {"id": group_id, "cohort_id": cohort_id, "mentor_id": mentor_id,
                 "capacity": GROUP_SIZE + 4,
                 "active_count": sum(1 for e, _ in members[group_id] if e not in withdrawn),
                 "created_at": created}
                for group_id, mentor_id in groups
            ])  # fmt: skip
            loader.write("enrollments", enrollments)
            loader.write("assignments", assignments)
            complete = _activity(rng, loader, ids, audit, specialist_id, start_year, groups,
                                 members, withdrawn, today)  # fmt: skip
            if not running:
                _certificates(rng, loader, ids, audit, specialist_id, start_year, complete,
                              {e["id"]: u["name"] for e, u in zip(enrollments, users,
                                                                 strict=True)},
                              serials)  # fmt: skip
            loader.write("audit_events", audit)
    _lifecycle()
    _surveys(name, seed, loader, ids, surveyed, today, created)
    loader.counts["year_tallies"] = tallies.rebuild_all()
    loader.counts["survey_answer_counts"] = survey_counts.rebuild_all()
    loader.reset_sequences()
    return loader.counts


def _trainings(name, seed, loader, ids, regions: dict[int, str], first: int, today: date,
               created) -> None:  # fmt: skip
    """Each school year, a regional training in every region (August 20, 6 hours) and a
    mentor forum (March 10, 1.5 hours), each held before today, attended by about 70 % and 40 %
    of the region's mentors. Drawn from a generator of their own, so that the rest of the data
    set is the same as without them."""
    rng = random.Random(f"{name}-{seed}-trainings")  # noqa: S311
    events, attendance = [], []
    for school_year in range(first, school_year_of(today) + 1):
        for kind, title, held_on, minutes, share in (
            ("regional_training", "Regional mentor training", date(school_year, 8, 20), 360, 0.7),
            ("mentor_forum", "Mentor forum", date(school_year + 1, 3, 10), 90, 0.4),
        ):
            if held_on > today:
                continue
            for region in REGIONS:
                event_id = ids.take("training_events")
                events.append({"id": event_id, "kind": kind, "title": f"{region} {title.lower()}",
                               "held_on": held_on, "region": region, "minutes": minutes,
                               "created_at": created})  # fmt: skip
                attendance.extend(
                    {"training_event_id": event_id, "mentor_id": mentor_id,
                     "recorded_at": created, "recorded_by_id": None}
                    for mentor_id, mentor_region in regions.items()
                    if mentor_region == region and rng.random() < share
                )  # fmt: skip
    loader.write("training_events", events)
    loader.write("training_attendance", attendance)


SURVEY_SHARE = 0.6  # of a cohort's mentees who answer its year-one survey
SURVEY_COMMENTS = ["More time for case consultation.", "The forums helped.", "Meet in person."]


def _surveys(name, seed, loader, ids, surveyed, today: date, created) -> None:
    """The program's year-one survey of mentees (a scale, a one-choice and a text question),
    given to every cohort in April and May of its first year; about 60 % of the mentees not
    withdrawn answer it. Anonymous, as the app stores it: responses and answers hold no person,
    participations say who answered. From a generator of its own, like the trainings."""
    from mentoring.surveys.models import QuestionKind, Survey, SurveyAudience, SurveyQuestion

    rng = random.Random(f"{name}-{seed}-surveys")  # noqa: S311
    # Through the ORM (a handful of rows; the options are JSON), numbered and dated like the rest.
    survey = Survey(
        id=ids.take("surveys"),
        title="Year one",
        audience=SurveyAudience.MENTEES,
        program_year=1,
        created_at=created,
    )
    db.session.add(survey)
    db.session.flush()
    scale, single, comment = (
        SurveyQuestion(id=ids.take("survey_questions"), survey_id=survey.id,
                       position=position, kind=kind, text=text,
                       options=options, is_required=position == 1)
        for position, kind, text, options in (
            (1, QuestionKind.SCALE, "The PLC meetings helped me this year.", []),
            (2, QuestionKind.SINGLE, "How did your group meet most often?",
             ["In person", "By video", "Both"]),
            (3, QuestionKind.LONG_TEXT, "What should the program change?", []),
        )
    )  # fmt: skip
    db.session.add_all([scale, single, comment])
    db.session.flush()
    loader.counts["surveys"], loader.counts["survey_questions"] = 1, 3
    runs, participations, responses, answers = [], [], [], []
    for cohort_id, start_year, mentee_ids in surveyed:
        opens_on, closes_on = date(start_year + 1, 4, 1), date(start_year + 1, 5, 31)
        if opens_on > today:
            continue
        run_id = ids.take("survey_runs")
        runs.append({"id": run_id, "survey_id": survey.id, "cohort_id": cohort_id,
                     "opens_on": opens_on, "closes_on": closes_on, "school_year": start_year,
                     "admin_token": None, "created_at": created})  # fmt: skip
        for mentee_id in mentee_ids:
            if rng.random() >= SURVEY_SHARE:
                continue
            participations.append({"id": ids.take("survey_participations"), "run_id": run_id,
                                   "user_id": mentee_id, "has_answered": True,
                                   "emailed_on": opens_on})  # fmt: skip
            response_id = f"{rng.getrandbits(128):032x}"
            responses.append({"id": response_id, "run_id": run_id})
            chosen = [(scale.id, rng.choice((3, 4, 4, 5, 5)), None),
                      (single.id, rng.randrange(3), None)]  # fmt: skip
            if rng.random() < 0.3:
                chosen.append((comment.id, None, rng.choice(SURVEY_COMMENTS)))
            answers.extend(
                {"id": f"{rng.getrandbits(128):032x}", "response_id": response_id,
                 "question_id": question_id, "choice": choice, "text": text}
                for question_id, choice, text in chosen
            )  # fmt: skip
    loader.write("survey_runs", runs)
    loader.write("survey_participations", participations)
    loader.write("survey_responses", responses)
    loader.write("survey_answers", answers)


def _shared_hash() -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(DEMO_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"])


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _user(user_id, email, name, role, password_hash, created, totp_secret=None) -> dict:
    return {
        "id": user_id, "email": email, "name": name, "role": role, "is_active": True,
        "password_hash": password_hash, "session_version": 1, "last_login_at": None,
        "totp_secret": totp_secret, "totp_confirmed_at": created if totp_secret else None,
        "totp_last_step": None, "created_at": created,
    }  # fmt: skip


# What the app's lifecycle leaves (cohorts/operations.py: a certificate completes its enrollment,
# the close-out marks the rest not completed and gives the mentors' places back), as the
# migration that brought the lifecycle in (f87640f6a1d1) does.
LIFECYCLE = (
    """UPDATE enrollments SET status = 'completed',
        ended_on = (SELECT MIN(issued_on) FROM certificates
                    WHERE certificates.enrollment_id = enrollments.id
                      AND certificates.status = 'valid')
    WHERE status = 'active' AND EXISTS (SELECT 1 FROM certificates
        WHERE certificates.enrollment_id = enrollments.id AND certificates.status = 'valid')""",
    """UPDATE enrollments SET status = 'not_completed',
        ended_on = (SELECT MAKE_DATE(start_year + 2, 6, 30) FROM cohorts
                    WHERE cohorts.id = enrollments.cohort_id),
        outcome_reason = 'Not completed when the cohort closed'
    WHERE status = 'active'
      AND cohort_id IN (SELECT id FROM cohorts WHERE status IN ('completed', 'archived'))""",
    """UPDATE plc_groups SET active_count = (SELECT COUNT(*) FROM enrollments
        WHERE enrollments.plc_group_id = plc_groups.id AND enrollments.status = 'active')""",
)


def _lifecycle() -> None:
    """Enrollments completed by their valid certificate, the others in closed cohorts not
    completed (closed on the June 30 their second year ended), the groups' places recounted."""
    make_date = "DATE(printf('%04d-06-30', start_year + 2))"
    for statement in LIFECYCLE:
        if db.engine.dialect.name == "sqlite":
            statement = statement.replace("MAKE_DATE(start_year + 2, 6, 30)", make_date)
        db.session.execute(text(statement))


def _cohort(cohort_id: int, start_year: int, index: int, running: bool, created) -> dict:
    region = REGIONS[index % len(REGIONS)]
    return {
        "id": cohort_id,
        "name": f"{start_year} {region} PLC {index // len(REGIONS) + 1}",
        "region": region,
        "start_year": start_year,
        "status": "active" if running else "completed",
        **{
            f"year{year}_{column}": value
            for year in (1, 2)
            for column, value in (
                ("min_meetings", DEFAULT_MIN_MEETINGS),
                ("min_contact_minutes", DEFAULT_MIN_CONTACT_MINUTES),
                ("min_reflections", DEFAULT_MIN_REFLECTIONS),
                # The plan requirement is off, as in the program defaults.
                ("min_experiences", DEFAULT_MIN_EXPERIENCES),
                ("plan_due_month", NO_PLAN_DUE),
                ("plan_due_day", NO_PLAN_DUE),
            )
        },
        "at_risk_days": DEFAULT_AT_RISK_DAYS,
        "created_at": created,
    }


def _mentee_profile(rng: random.Random, mentee_id: int, start_year: int, created) -> dict:
    return {
        "user_id": mentee_id,
        "district": f"District {rng.randint(1, 500)}",
        "school": f"School {rng.randint(1, 2000)}",
        "grade_level": rng.choice(list(GradeLevel)).value,
        "kind": "returning" if rng.random() < 0.15 else "new",
        "region": rng.choice(REGIONS),
        "iss_issued_on": school_year_bounds(start_year)[0] - timedelta(days=rng.randint(0, 60)),
        "created_at": created,
    }


def _withdraw(rng: random.Random, enrollments: list[dict], today: date) -> dict[int, date]:
    """Mark a few enrollments withdrawn part-way; returns the day each left."""
    withdrawn = {}
    for enrollment in enrollments:
        if rng.random() >= WITHDRAWING:
            continue
        day = enrollment["enrolled_on"] + timedelta(days=rng.randint(30, 600))
        if day >= today:
            continue
        enrollment.update(status="withdrawn", withdrawn_on=day, withdrawal_reason="Moved away")
        withdrawn[enrollment["id"]] = day
    return withdrawn


def _activity(
    rng, loader, ids, audit, specialist_id, start_year, groups, members, withdrawn, today
) -> dict[int, int]:
    """Meetings, attendance, reflections and sign-offs of one cohort; returns the enrollments
    complete in both years, with the contact minutes they attended."""
    meetings, attendance, reflections, sign_offs = [], [], [], []
    done: dict[tuple[int, int], list[int]] = {}
    struggling = {
        enrollment_id
        for group_members in members.values()
        for enrollment_id, _ in group_members
        if rng.random() < STRUGGLING
    }
    for group_id, mentor_id in groups:
        for year in (1, 2):
            starts_on, ends_on = program_year_bounds(SimpleNamespace(start_year=start_year), year)
            first_day, last_day = starts_on + timedelta(days=45), ends_on - timedelta(days=20)
            if first_day > today:
                continue
            last_day = min(last_day, today)
            sessions = _share(GROUP_SESSIONS, last_day, starts_on, ends_on)
            for held_on in _school_days(rng, first_day, last_day, sessions):
                present = [
                    (enrollment_id, mentee_id)
                    for enrollment_id, mentee_id in members[group_id]
                    if held_on < withdrawn.get(enrollment_id, date.max)
                    and rng.random() < (0.1 if enrollment_id in struggling else 0.95)
                ]
                if present:
                    _meeting(ids, meetings, attendance, audit, group_id, mentor_id, year, held_on,
                             90, "plc_group", present, done, rng)  # fmt: skip
            for enrollment_id, mentee_id in members[group_id]:
                until = min(last_day, withdrawn.get(enrollment_id, date.max) - timedelta(days=1))
                if until < first_day:
                    continue
                sessions = 1 if enrollment_id in struggling else ONE_ON_ONES
                count = _share(sessions, until, starts_on, ends_on)
                for held_on in _school_days(rng, first_day, until, count):
                    _meeting(ids, meetings, attendance, audit, group_id, mentor_id, year,
                             held_on, 60, "one_on_one", [(enrollment_id, mentee_id)], done,
                             rng)  # fmt: skip
                written = 1 if enrollment_id in struggling else REFLECTIONS
                count = _share(written, until, starts_on, ends_on)
                for written_on in _school_days(rng, first_day, until, count):
                    reflection_id = ids.take("reflections")
                    reflections.append({
                        "id": reflection_id, "author_id": mentee_id,
                        "enrollment_id": enrollment_id, "mentor_id": mentor_id,
                        "meeting_id": None, "written_on": written_on, "program_year": year,
                        "title": rng.choice(REFLECTION_TITLES), "body": REFLECTION_BODY,
                        "is_shared": rng.random() < 0.85, "updated_at": None,
                        "acknowledged_at": _at_noon(written_on + timedelta(days=3))
                        if rng.random() < 0.6 else None,
                        "mentor_reply": None, "created_at": _at_noon(written_on),
                    })  # fmt: skip
                    audit.append(_audit(ids, mentee_id, "reflection.written", "Reflection",
                                        reflection_id, f"Reflection {reflection_id} written",
                                        written_on))  # fmt: skip
                    done.setdefault((enrollment_id, year), [0, 0, 0])[2] += 1
            for enrollment_id, _ in members[group_id]:
                if ends_on < today and enrollment_id not in withdrawn:
                    sign_offs.append({
                        "id": ids.take("year_sign_offs"), "enrollment_id": enrollment_id,
                        "program_year": year, "met": _met(done.get((enrollment_id, year))),
                        "comment": "Signed off at the end of the year.",
                        "signed_by_id": mentor_id, "on_behalf_reason": None,
                        "created_at": _at_noon(ends_on - timedelta(days=10)),
                    })  # fmt: skip
    for table_name, rows in (
        ("meetings", meetings),
        ("meeting_attendance", attendance),
        ("reflections", reflections),
        ("year_sign_offs", sign_offs),
    ):
        loader.write(table_name, rows)
    return {
        enrollment_id: sum(done[enrollment_id, year][1] for year in (1, 2))
        for group_members in members.values()
        for enrollment_id, _ in group_members
        if enrollment_id not in withdrawn
        and all(_met(done.get((enrollment_id, year))) for year in (1, 2))
    }


def _share(count: int, until: date, starts_on: date, ends_on: date) -> int:
    """The part of a year's count that falls before `until` (all of it for a past year)."""
    return round(count * min((until - starts_on).days / (ends_on - starts_on).days, 1))


def _met(done: list[int] | None) -> bool:
    """The default minimums: 8 meetings, 720 minutes, 4 reflections."""
    meetings, minutes, reflections = done or (0, 0, 0)
    return (
        meetings >= DEFAULT_MIN_MEETINGS
        and minutes >= DEFAULT_MIN_CONTACT_MINUTES
        and reflections >= DEFAULT_MIN_REFLECTIONS
    )


def _meeting(
    ids, meetings, attendance, audit, group_id, mentor_id, year, held_on, minutes, kind,
    present, done, rng,
) -> None:  # fmt: skip
    meeting_id = ids.take("meetings")
    meetings.append({
        "id": meeting_id, "plc_group_id": group_id, "logged_by_id": mentor_id,
        "held_on": held_on, "program_year": year, "duration_minutes": minutes,
        "format": rng.choice(["in_person", "virtual", "phone"]), "kind": kind,
        "topics": ",".join(sorted(rng.sample([topic.value for topic in Topic], 2))),
        "focus": rng.choice(FOCUSES), "next_steps": rng.choice(NEXT_STEPS),
        "next_meeting_on": held_on + timedelta(days=14), "private_notes": None,
        "submission_token": f"generated-{meeting_id}", "updated_at": None,
        "created_at": _at_noon(held_on),
    })  # fmt: skip
    for enrollment_id, _ in present:
        attendance.append({"meeting_id": meeting_id, "enrollment_id": enrollment_id})
        counts = done.setdefault((enrollment_id, year), [0, 0, 0])
        counts[0] += 1
        counts[1] += minutes
    audit.append(_audit(ids, mentor_id, "meeting.logged", "Meeting", meeting_id,
                        f"PLC group {group_id}: meeting of {held_on.isoformat()}, {minutes} "
                        f"minutes, {len(present)} attending", held_on))  # fmt: skip


def _audit(ids, actor_id, action, target_type, target_id, summary, day: date) -> dict:
    return {
        "id": ids.take("audit_events"), "occurred_at": _at_noon(day), "actor_id": actor_id,
        "action": action, "target_type": target_type, "target_id": target_id,
        "summary": summary, "ip_address": None,
    }  # fmt: skip


def _certificates(rng, loader, ids, audit, specialist_id, start_year, complete, names, serials):
    """Certificates of a completed cohort's complete enrollments, issued the July after; a few
    revoked, half of those reissued."""
    issued_on = date(start_year + 2, 7, 15)
    config = current_app.config
    # An id of the generator's own (a database sequence would differ between loads), and the
    # table's sequence set after it with the tables the loader wrote.
    issuer_id = issuer_for_new_certificates(_at_noon(issued_on), ids.take("certificate_issuers")).id
    loader.counts.setdefault("certificate_issuers", 0)
    rows = []

    def issue(enrollment_id: int, replaces_id: int | None) -> dict:
        number = serials[issued_on.year] = serials.get(issued_on.year, 0) + 1
        certificate_id = ids.take("certificates")
        audit.append(_audit(ids, specialist_id, "certificate.issued", "Enrollment",
                            enrollment_id, f"Certificate for enrollment {enrollment_id}",
                            issued_on))  # fmt: skip
        return {
            "id": certificate_id, "enrollment_id": enrollment_id,
            "serial": f"{config['CERTIFICATE_SERIAL_PREFIX']}-{issued_on.year}-{number:05d}",
            "serial_year": issued_on.year, "serial_number": number,
            "code": with_check(encode(rng.getrandbits(CODE_BITS))),
            "holder_name": names[enrollment_id],
            "school_years": f"{school_year_label(start_year)} and "
            f"{school_year_label(start_year + 1)}",
            "contact_minutes": complete[enrollment_id], "issued_on": issued_on,
            "issued_by_id": specialist_id,
            "issuer_id": issuer_id, "signatory_name": setting("CERTIFICATE_SIGNATORY_NAME"),
            "signatory_title": setting("CERTIFICATE_SIGNATORY_TITLE"), "status": "valid",
            "revoked_at": None, "revoked_by_id": None, "revocation_reason": None,
            "replaces_id": replaces_id, "pdf_sha256": None, "created_at": _at_noon(issued_on),
        }  # fmt: skip

    for enrollment_id in sorted(complete):
        certificate = issue(enrollment_id, None)
        rows.append(certificate)
        if rng.random() < REVOKED:
            certificate.update(status="revoked", revoked_at=_at_noon(issued_on + timedelta(30)),
                               revoked_by_id=specialist_id,
                               revocation_reason="Issued with a misspelled name.")  # fmt: skip
            if rng.random() < 0.5:
                rows.append(issue(enrollment_id, certificate["id"]))
    loader.write("certificates", rows)


def benchmark_personas() -> dict:
    """Whom the benchmark signs in as and what it opens, chosen the same way at every scale:
    the running cohort with the most mentees, a mentor and a mentee of the newest cohort, and
    the first valid certificate."""
    from mentoring.certificates.models import Certificate, CertificateStatus
    from mentoring.cohorts.models import (
        Cohort,
        CohortStatus,
        Enrollment,
        EnrollmentStatus,
        PlcGroup,
    )
    from mentoring.surveys.models import Survey
    from mentoring.users.models import User

    large_cohort_id = db.session.scalar(
        select(Enrollment.cohort_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Cohort.status == CohortStatus.ACTIVE)
        .group_by(Enrollment.cohort_id)
        .order_by(func.count().desc(), Enrollment.cohort_id.desc())
        .limit(1)
    )
    newest = db.session.scalar(
        select(Cohort.id).where(Cohort.status == CohortStatus.ACTIVE).order_by(Cohort.id.desc())
    )
    mentor = db.session.scalar(
        select(User.email)
        .join(PlcGroup, PlcGroup.mentor_id == User.id)
        .where(PlcGroup.cohort_id == newest)
        .order_by(PlcGroup.id)
        .limit(1)
    )
    mentee = db.session.scalar(
        select(User.email)
        .join(Enrollment, Enrollment.mentee_id == User.id)
        .where(Enrollment.cohort_id == newest, Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(Enrollment.id)
        .limit(1)
    )
    code = db.session.scalar(
        select(Certificate.code)
        .where(Certificate.status == CertificateStatus.VALID)
        .order_by(Certificate.id)
        .limit(1)
    )
    large_region = db.session.scalar(select(Cohort.region).where(Cohort.id == large_cohort_id))
    survey_id = db.session.scalar(select(Survey.id).order_by(Survey.id).limit(1))
    return {
        "specialist_email": SPECIALIST_EMAIL,
        # The specialist of the large cohort's region: the same pages, of one region.
        "regional_email": regional_email(large_region) if large_region else None,
        "survey_id": survey_id,  # the generator's year-one survey: its results
        "specialist_totp_secret": DEMO_TOTP_SECRET,
        "large_cohort_id": large_cohort_id,
        "mentor_email": mentor,
        "mentee_email": mentee,
        "certificate_code": code,
    }
