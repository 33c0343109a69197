"""Mentor applications, vetting decisions and mentor profiles."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from mentoring.auth.operations import send_invitation
from mentoring.cohorts.operations import apply_mentor_capacity
from mentoring.cohorts.queries import active_enrollment_of, active_mentee_count
from mentoring.core import audit, mail
from mentoring.core.choices import format_grade_levels
from mentoring.core.errors import MentoringError
from mentoring.core.localtime import format_date
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.mentors.models import (
    MIN_YEARS_EXPERIENCE,
    ApplicationStatus,
    MentorApplication,
    MentorProfile,
)
from mentoring.users import operations as user_operations
from mentoring.users.models import User, normalise_email


@dataclass(frozen=True)
class RuleCheck:
    rule: str
    met: bool
    detail: str = ""


EXPERIENCE_RULE = (
    f"A practising school counselor with at least {MIN_YEARS_EXPERIENCE} years of experience."
)
MEMBERSHIP_RULE = "A current membership of the state school counselor association."
COMMITMENT_RULE = "A commitment to serve the full two years of the program."
TRAINING_RULE = (
    "Completed regional mentor training (recorded by the program staff; "
    "needed before mentees are assigned)."
)
ELIGIBILITY_RULES = [EXPERIENCE_RULE, MEMBERSHIP_RULE, COMMITMENT_RULE, TRAINING_RULE]


def eligibility_checks(application: MentorApplication, today: date) -> list[RuleCheck]:
    """Check each rule enforced at approval, saying which are met and why not."""
    years = application.years_experience
    expires = application.association_expires_on
    return [
        RuleCheck(
            EXPERIENCE_RULE,
            years >= MIN_YEARS_EXPERIENCE,
            f"{years} years of experience; the program asks for at least {MIN_YEARS_EXPERIENCE}.",
        ),
        RuleCheck(
            MEMBERSHIP_RULE,
            expires >= today,
            f"Association membership expired on {format_date(expires)}.",
        ),
        RuleCheck(
            COMMITMENT_RULE,
            application.commits_two_years,
            "No commitment to serve the full two years.",
        ),
    ]


def eligibility_problems(application: MentorApplication, today: date) -> list[str]:
    """Why the application fails each unmet rule (empty when it meets all)."""
    return [check.detail for check in eligibility_checks(application, today) if not check.met]


def submit_application(**fields) -> MentorApplication:
    """Record a counselor's application; one open application per email."""
    email = normalise_email(fields.pop("email"))
    waiting = db.session.scalar(
        select(MentorApplication.id).where(
            MentorApplication.email == email,
            MentorApplication.status == ApplicationStatus.SUBMITTED,
        )
    )
    if waiting is not None:
        raise MentoringError(
            "An application from this email is already waiting for a decision.", field="email"
        )
    fields["grade_levels"] = format_grade_levels(fields["grade_levels"])
    application = MentorApplication(email=email, status=ApplicationStatus.SUBMITTED, **fields)
    try:
        with db.session.begin_nested():
            db.session.add(application)
    except IntegrityError:
        raise MentoringError(
            "An application from this email is already waiting for a decision.", field="email"
        ) from None
    audit.record(None, "mentor_application.submitted", application, f"Application from {email}")
    _tell_applicant(application, "Your mentor application was received", "application_received")
    return application


def _tell_applicant(application: MentorApplication, subject: str, template: str, **context):
    """Email the applicant, who may have no account yet: always sent, no preference."""
    mail.send(application.email, subject, template, application=application, **context)


def _require_open(application: MentorApplication) -> None:
    if application.status != ApplicationStatus.SUBMITTED:
        raise MentoringError(f"This application was already {application.status.value}.")


def _decide(
    application: MentorApplication, status: ApplicationStatus, actor: User, note: str | None
):
    """Move a submitted application to its decision; a concurrent decision makes this fail."""
    claimed = db.session.execute(
        update(MentorApplication)
        .where(
            MentorApplication.id == application.id,
            MentorApplication.status == ApplicationStatus.SUBMITTED,
        )
        .values(status=status)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise MentoringError("Someone else decided this application a moment ago. Reload it.")
    application.status = status
    application.decided_at = utcnow()
    application.decided_by_id = actor.id
    application.decision_note = (note or "").strip() or None


def _mentor_account(application: MentorApplication, actor) -> User:
    """The applicant's account as a mentor: a new one, or an existing one given the role;
    refused for a deactivated account, a specialist, or a mentee enrolled now."""
    user = user_operations.find_by_email(application.email)
    if user is not None and not user.is_active:
        raise MentoringError(
            f"The account {user.email} is deactivated. Reactivate it on the Users page first."
        )
    if user is None:
        user = user_operations.create_user(application.email, application.name, Role.MENTOR, actor)
    elif user.role == Role.SPECIALIST:
        raise MentoringError(f"{user.email} is a program specialist account; it cannot mentor.")
    elif user.role == Role.MENTEE:
        if active_enrollment_of(user.id) is not None:
            raise MentoringError(f"{user.name} is enrolled as a mentee right now.")
        user_operations.change_role(user, Role.MENTOR, actor)
    return user


def approve_application(
    application: MentorApplication,
    actor: User,
    today: date,
    note: str | None = None,
    override_reason: str | None = None,
    training_completed_on: date | None = None,
) -> MentorProfile:
    """Approve an application: the applicant becomes a vetted mentor and is invited.

    An unmet eligibility rule needs a written override reason, which is stored and audited.
    """
    _require_open(application)
    problems = eligibility_problems(application, today)
    override_reason = (override_reason or "").strip() or None
    if problems and not override_reason:
        raise MentoringError(
            "This application does not meet every rule. Give a reason to approve it anyway.",
            field="override_reason",
        )
    user = _mentor_account(application, actor)
    profile = db.session.get(MentorProfile, user.id) or MentorProfile(user=user)
    profile.district = application.district
    profile.school = application.school
    profile.region = application.region
    profile.grade_levels = application.grade_levels
    profile.years_experience = application.years_experience
    profile.association_number = application.association_number
    profile.association_expires_on = application.association_expires_on
    profile.holds_career_certificate = application.holds_career_certificate
    profile.vetting_approved_on = today
    profile.training_completed_on = training_completed_on or profile.training_completed_on
    profile.retired_on = None
    if profile.capacity is None:
        profile.capacity = MentorProfile.__table__.c.capacity.default.arg
    db.session.add(profile)

    _decide(application, ApplicationStatus.APPROVED, actor, note)
    application.override_reason = override_reason
    application.user_id = user.id
    summary = f"Approved {application.email} as a mentor"
    if problems:
        summary += f" despite: {' '.join(problems)} Reason: {override_reason}"
    audit.record(actor, "mentor_application.approved", application, summary)
    _tell_applicant(
        application, "Your mentor application was approved", "application_decided", approved=True
    )
    if not user.has_password:
        send_invitation(user, actor)
    return profile


def decline_application(application: MentorApplication, actor: User, note: str) -> None:
    """Decline an application with a note saying why."""
    _require_open(application)
    if not (note or "").strip():
        raise MentoringError("Say why the application is declined.", field="note")
    _decide(application, ApplicationStatus.DECLINED, actor, note)
    audit.record(actor, "mentor_application.declined", application, f"Declined {application.email}")
    _tell_applicant(
        application, "Your mentor application was decided", "application_decided", approved=False
    )


def withdraw_application(
    application: MentorApplication, actor: User, note: str | None = None
) -> None:
    """Mark an application withdrawn at the applicant's request."""
    _require_open(application)
    _decide(application, ApplicationStatus.WITHDRAWN, actor, note)
    audit.record(
        actor, "mentor_application.withdrawn", application, f"Withdrew {application.email}"
    )


def renew_vetting(
    profile: MentorProfile, actor: User, today: date, association_expires_on: date
) -> None:
    """Renew a mentor's vetting with their new membership expiry; a retired mentor returns."""
    if association_expires_on < today:
        raise MentoringError(
            "The membership expiry must be today or later to renew vetting.",
            field="association_expires_on",
        )
    profile.vetting_approved_on = today
    profile.association_expires_on = association_expires_on
    profile.retired_on = None
    audit.record(actor, "mentor.vetting_renewed", profile.user, f"Renewed {profile.user.email}")


def retire_mentor(profile: MentorProfile, actor: User, today: date) -> None:
    """Retire a mentor; their current mentees must be reassigned first."""
    current = active_mentee_count(profile.user_id)
    if current:
        raise MentoringError(
            f"{profile.user.name} still mentors {current} mentee{'s' if current > 1 else ''}. "
            "Reassign them first."
        )
    profile.retired_on = today
    audit.record(actor, "mentor.retired", profile.user, f"Retired {profile.user.email}")


def update_profile(profile: MentorProfile, actor: User, **fields) -> None:
    """Edit a mentor's profile; a lower capacity must still hold their current PLC groups."""
    if "grade_levels" in fields:
        fields["grade_levels"] = format_grade_levels(fields["grade_levels"])
    if fields.get("capacity") is not None and fields["capacity"] != profile.capacity:
        apply_mentor_capacity(profile.user_id, fields["capacity"])
    for name, value in fields.items():
        setattr(profile, name, value)
    audit.record(actor, "mentor.profile_updated", profile.user, f"Updated {profile.user.email}")
