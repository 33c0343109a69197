"""Read side of the mentee record and the search: whole pages in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select, union
from sqlalchemy.orm import aliased

from mentoring.certificates import queries as certificate_queries
from mentoring.certificates.models import Certificate
from mentoring.cohorts.models import Assignment, Cohort, Enrollment, MenteeProfile
from mentoring.core import policy
from mentoring.core.audit import AuditEvent
from mentoring.core.paging import Page, clamp_page, paginate_windowed
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile
from mentoring.progress.queries import EnrollmentProgress, at_risk_reasons, progress_for
from mentoring.upgrade import queries as upgrade_queries
from mentoring.users.models import User, normalise_email


@dataclass(frozen=True)
class EnrollmentRecord:
    progress: EnrollmentProgress
    assignments: list  # (Assignment, mentor User, assigned-by User | None), oldest first
    at_risk: dict[int, list[str]]  # program year → why it is at risk

    @property
    def enrollment(self) -> Enrollment:
        return self.progress.enrollment

    @property
    def cohort(self) -> Cohort:
        return self.progress.cohort


@dataclass(frozen=True)
class MenteeRecord:
    mentee: User
    profile: MenteeProfile | None
    enrollments: list[EnrollmentRecord]  # newest first
    certificates: list[Certificate]
    checklist: upgrade_queries.Checklist
    audit: Page | None  # for specialists only


def _audit_trail(mentee_id: int, enrollment_ids: list[int], page: int, per_page: int):
    """Events by the mentee, about their account, or about any of their enrollments: one
    query, the total riding along. Each of the three is an index lookup (actor; target type and
    id), so the trail costs what the mentee's own events cost, not a walk through the whole
    log in date order looking for them."""
    events = union(
        select(AuditEvent.id).where(AuditEvent.actor_id == mentee_id),
        select(AuditEvent.id).where(
            AuditEvent.target_type == "User", AuditEvent.target_id == mentee_id
        ),
        select(AuditEvent.id).where(
            AuditEvent.target_type == "Enrollment",
            AuditEvent.target_id.in_(enrollment_ids or [-1]),
        ),
    ).subquery()
    page = clamp_page(page)
    rows = db.session.execute(
        select(AuditEvent, User, func.count().over())
        .join(events, events.c.id == AuditEvent.id)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    if not rows and page > 1:  # past the end: the last page
        first = _audit_trail(mentee_id, enrollment_ids, 1, per_page)
        return (
            first
            if first.pages <= 1
            else _audit_trail(mentee_id, enrollment_ids, first.pages, per_page)
        )
    total = rows[0][2] if rows else 0
    return Page(
        [(event, actor) for event, actor, _ in rows], page, per_page, total, page * per_page < total
    )


# Made once per process: an alias made per call adapts its columns again on every request.
_ASSIGNER = aliased(User)


def mentee_record(
    mentee: User,
    today: date,
    audit_page: int | None = None,
    per_page: int = 25,
    regions: frozenset[str] | None = None,
) -> MenteeRecord:
    """Everything the record shows; the audit trail only when audit_page is given. A scoped
    specialist's (regions) shows only the enrollments and certificates of cohorts in their
    regions, and the trail only the events about those (a mentee who moved keeps the other
    region's part out of sight, like the rest of that region)."""
    in_regions = policy.region_filter(Cohort.region, regions)
    progress = progress_for((Enrollment.mentee_id == mentee.id) & in_regions, today)
    progress.sort(key=lambda p: (p.cohort.start_year, p.enrollment.id), reverse=True)
    ids = [p.enrollment.id for p in progress]
    assigner = _ASSIGNER
    history: dict[int, list] = {enrollment_id: [] for enrollment_id in ids}
    for row in db.session.execute(
        select(Assignment, User, assigner)
        .join(User, User.id == Assignment.mentor_id)
        .outerjoin(assigner, assigner.id == Assignment.assigned_by_id)
        .where(Assignment.enrollment_id.in_(ids))
        .order_by(Assignment.started_at, Assignment.id)
    ):
        history[row[0].enrollment_id].append(tuple(row))
    enrollments = [
        EnrollmentRecord(
            p,
            history[p.enrollment.id],
            {year.year: at_risk_reasons(p, year, today) for year in p.years},
        )
        for p in progress
    ]
    return MenteeRecord(
        mentee,
        db.session.get(MenteeProfile, mentee.id),
        enrollments,
        certificate_queries.certificates_of_mentee(mentee.id, regions),
        upgrade_queries.checklist(mentee, today),
        _audit_trail(mentee.id, ids, audit_page, per_page) if audit_page else None,
    )


def exact_email_match(text: str, regions: frozenset[str] | None = None) -> User | None:
    """The account whose email is exactly the search text, if it is one (of the regions of a
    scoped specialist)."""
    if "@" not in text:
        return None
    return db.session.scalar(
        select(User).where(User.email == normalise_email(text), policy.account_filter(regions))
    )


def search_page(text: str, page: int, per_page: int, regions: frozenset[str] | None = None) -> Page:
    """People whose name, email, district or school contains the text (ignoring case):
    (User, district, school) rows, by name; of the regions of a scoped specialist.

    The matches are found table by table (accounts, mentee profiles, mentor profiles) and
    united, so that on PostgreSQL each table's trigram indexes answer its part (migration
    d5f2a9c3e1b7): an OR across the outer joins would read every account."""
    mentee, mentor = aliased(MenteeProfile), aliased(MentorProfile)
    district = func.coalesce(mentee.district, mentor.district)
    school = func.coalesce(mentee.school, mentor.school)
    needle = text.strip().lower()

    def containing(*columns):
        return or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))

    matched = union(
        select(User.id).where(containing(User.name, User.email)),
        select(MenteeProfile.user_id).where(
            containing(MenteeProfile.district, MenteeProfile.school)
        ),
        select(MentorProfile.user_id).where(
            containing(MentorProfile.district, MentorProfile.school)
        ),
    )
    return paginate_windowed(
        select(User, district.label("district"), school.label("school"))
        .outerjoin(mentee, mentee.user_id == User.id)
        .outerjoin(mentor, mentor.user_id == User.id)
        .where(User.id.in_(matched), policy.account_filter(regions))
        .order_by(User.name, User.id),
        page,
        per_page,
        rows=True,
    )
