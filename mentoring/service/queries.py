"""Read side of mentor service: trainings and attendees, a mentor's service per school year,
and the mentors who met a year's requirements. Figures of mentoring come from the mentor
activity report (reports/queries.py), so a statement and the report never disagree."""

from dataclasses import dataclass, field

from sqlalchemy import Select, func, select

from mentoring.core import audit, policy
from mentoring.core.localtime import school_year_bounds, school_year_of
from mentoring.core.paging import paginate_rows
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile, TrainingAttendance, TrainingEvent
from mentoring.reports.queries import Filters, MentorYear, mentor_activity
from mentoring.service.models import ServiceRequirement
from mentoring.users.models import User


def trainings_page(page: int, per_page: int, regions: frozenset[str] | None = None):
    """Training events, newest first, each with its number of attendees (of a scoped
    specialist's regions)."""
    in_regions = policy.region_filter(TrainingEvent.region, regions)
    return paginate_rows(
        select(TrainingEvent, func.count(TrainingAttendance.mentor_id))
        .outerjoin(TrainingAttendance, TrainingAttendance.training_event_id == TrainingEvent.id)
        .where(in_regions)
        .group_by(TrainingEvent.id)
        .order_by(TrainingEvent.held_on.desc(), TrainingEvent.id.desc()),
        page,
        per_page,
        count_query=select(func.count()).select_from(TrainingEvent).where(in_regions),
    )


def attendees_query(training_id: int) -> Select:
    return (
        select(User, MentorProfile.region)
        .join(TrainingAttendance, TrainingAttendance.mentor_id == User.id)
        .outerjoin(MentorProfile, MentorProfile.user_id == User.id)
        .where(TrainingAttendance.training_event_id == training_id)
        .order_by(User.name, User.id)
    )


@dataclass
class ServiceYear:
    """A mentor's service in one school year: the mentor activity report's figures and the
    trainings attended."""

    school_year: int
    activity: MentorYear
    trainings: list[TrainingEvent] = field(default_factory=list)

    @property
    def training_minutes(self) -> int:
        return sum(training.minutes for training in self.trainings)

    def meets(self, requirement: ServiceRequirement | None) -> bool | None:
        """Whether the year's requirements are met; None when none are set."""
        if requirement is None:
            return None
        return requirements_met(requirement, len(self.trainings), self.activity)


def service_years(mentor: User, school_year: int | None = None) -> list[ServiceYear]:
    """A mentor's service per school year (or in one), newest first: five statements."""
    activity = {
        row.school_year: row
        for row in mentor_activity(Filters(school_year=school_year), [(mentor.id, mentor.name)])
    }
    trainings: dict[int, list[TrainingEvent]] = {}
    query = (
        select(TrainingEvent)
        .join(TrainingAttendance, TrainingAttendance.training_event_id == TrainingEvent.id)
        .where(TrainingAttendance.mentor_id == mentor.id)
        .order_by(TrainingEvent.held_on, TrainingEvent.id)
    )
    if school_year is not None:
        first, last = school_year_bounds(school_year)
        query = query.where(TrainingEvent.held_on.between(first, last))
    for training in db.session.scalars(query):
        trainings.setdefault(school_year_of(training.held_on), []).append(training)
    years = sorted(set(activity) | set(trainings) | ({school_year} - {None}), reverse=True)
    return [
        ServiceYear(
            year,
            activity.get(year) or MentorYear(mentor.id, mentor.name, year),
            trainings.get(year, []),
        )
        for year in years
    ]


@dataclass(frozen=True)
class MentorService:
    mentor_id: int
    name: str
    email: str
    region: str
    trainings: int
    training_minutes: int
    activity: MentorYear


def service_of_every_mentor(school_year: int) -> list[MentorService]:
    """Every vetted mentor's service in a school year, by name: six statements."""
    mentors = db.session.execute(
        select(User.id, User.name, User.email, MentorProfile.region)
        .join(MentorProfile, MentorProfile.user_id == User.id)
        .order_by(User.name, User.id)
    ).all()
    pairs = [(mentor_id, name) for mentor_id, name, _, _ in mentors]
    activity = {
        row.mentor_id: row
        for row in mentor_activity(Filters(school_year=school_year), pairs, only_these=False)
    }
    first, last = school_year_bounds(school_year)
    trainings = {
        mentor_id: (count, int(minutes or 0))
        for mentor_id, count, minutes in db.session.execute(
            select(
                TrainingAttendance.mentor_id,
                func.count(TrainingEvent.id),
                func.sum(TrainingEvent.minutes),
            )
            .join(TrainingEvent, TrainingEvent.id == TrainingAttendance.training_event_id)
            .where(TrainingEvent.held_on.between(first, last))
            .group_by(TrainingAttendance.mentor_id)
        )
    }
    return [
        MentorService(
            mentor_id,
            name,
            email,
            region,
            *trainings.get(mentor_id, (0, 0)),
            activity.get(mentor_id) or MentorYear(mentor_id, name, school_year),
        )
        for mentor_id, name, email, region in mentors
    ]


def requirements_met(requirement: ServiceRequirement, trainings: int, activity: MentorYear) -> bool:
    """The one rule: the year's trainings attended, meetings logged and contact hours held are
    each at least the year's minimum."""
    return (
        trainings >= requirement.min_trainings
        and activity.meetings >= requirement.min_meetings
        and activity.contact_minutes >= requirement.min_contact_minutes
    )


def requirement_for(school_year: int) -> ServiceRequirement | None:
    return db.session.get(ServiceRequirement, school_year)


@audit.describes("TrainingEvent")
def name_trainings(ids) -> dict[int, str]:
    return {
        training_id: f"{title} ({held_on.isoformat()})"
        for training_id, title, held_on in db.session.execute(
            select(TrainingEvent.id, TrainingEvent.title, TrainingEvent.held_on).where(
                TrainingEvent.id.in_(ids)
            )
        )
    }


def requirements_of(school_years: list[int]) -> dict[int, ServiceRequirement]:
    return {
        requirement.school_year: requirement
        for requirement in db.session.scalars(
            select(ServiceRequirement).where(ServiceRequirement.school_year.in_(school_years))
        )
    }
