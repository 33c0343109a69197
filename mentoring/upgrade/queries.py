"""Read side of the upgrade checklist: a whole checklist in a fixed number of queries.

checklist() reads the mentee's profile, their years of experience, one page of their
professional development, its counted totals, their latest valid certificate and the school year
their mentoring started: six statements (seven with the page's count), however many entries
there are. Everything else is computed here, once,
for the page and the PDF alike.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, false, func, or_, select

from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    MenteeProfile,
    PlcGroup,
    school_year_label,
)
from mentoring.core import audit, policy
from mentoring.core.hours import hours_text
from mentoring.core.localtime import format_date
from mentoring.core.paging import Page, paginate, paginate_rows, paginate_windowed
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.upgrade.models import (
    CONTACT_HOUR_MINUTES,
    STORED_SEMESTER_HOUR_CONTACT_HOURS,
    CreditUnit,
    DevelopmentActivity,
    EvidenceFile,
    ExperienceYear,
    ExpiryReminderOptOut,
    ItemVerification,
    RuleSetVersion,
    ValidityChange,
    VerificationLink,
    format_amount,
)
from mentoring.upgrade.rules import (
    PROGRAM_PATH,
    Deadlines,
    RuleSet,
    Validity,
    Verdict,
    deadlines,
    development_verdict,
    experience_verdict,
    in_effect,
    mentoring_warning,
    validity,
)
from mentoring.users.models import User


def current_mentor_ids(mentee_id: int) -> set[int]:
    """The mentors whose PLC group holds the mentee now: the group of their active enrollment,
    or of a completed one (as the mentor's home page lists them); never after a withdrawal or
    a reassignment to another group."""
    return set(
        db.session.scalars(
            select(PlcGroup.mentor_id)
            .join(Enrollment, Enrollment.plc_group_id == PlcGroup.id)
            .where(
                Enrollment.mentee_id == mentee_id,
                Enrollment.status != EnrollmentStatus.WITHDRAWN,
            )
        )
    )


def mentee_profile(mentee_id: int) -> MenteeProfile | None:
    return db.session.get(MenteeProfile, mentee_id)


def wants_expiry_reminders(mentee_id: int) -> bool:
    """Expiry reminders are on unless the mentee opted out."""
    return db.session.get(ExpiryReminderOptOut, mentee_id) is None


def evidence_of(column: str, item_id: int) -> list[EvidenceFile]:
    """The files of one checklist item, oldest first, without their bytes."""
    return list(
        db.session.scalars(
            select(EvidenceFile)
            .where(getattr(EvidenceFile, column) == item_id)
            .order_by(EvidenceFile.id)
        )
    )


def mentee_or_none(user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.role == Role.MENTEE else None


@dataclass(frozen=True)
class IssStatus:
    issued_on: date
    expires_on: date
    days_left: int  # negative once expired

    @property
    def is_expired(self) -> bool:
        return self.days_left < 0

    @property
    def words(self) -> str:
        if self.days_left > 0:
            return f"{self.days_left:,} day{'' if self.days_left == 1 else 's'} left"
        if self.days_left == 0:
            return "expires today"
        ago = -self.days_left
        return f"expired {ago:,} day{'' if ago == 1 else 's'} ago"


def iss_status(issued_on: date | None, today: date, expires_on: date | None) -> IssStatus | None:
    """The certificate's state today; expires_on is the latest expiry (after an extension)."""
    if issued_on is None:
        return None
    return IssStatus(issued_on, expires_on, (expires_on - today).days)


# Rule sets -------------------------------------------------------------------------------------


class NoRuleSet(LookupError):
    """No version of a path is stored: the database was not migrated (`flask db upgrade`)."""


def rules_in_effect(day: date, path: str = PROGRAM_PATH) -> RuleSet:
    """The version of a path's rule set in effect on a day (rules.in_effect): one query."""
    found = in_effect(
        [
            version.rules
            for version in db.session.scalars(
                select(RuleSetVersion).where(RuleSetVersion.path == path)
            )
        ],
        day,
    )
    if found is None:
        raise NoRuleSet(f"No rule set is stored for the path {path}: run `flask db upgrade`.")
    return found


def ids_in_effect(day: date) -> set[int]:
    """The ids of the versions in effect on a day, one per path: one query of four columns."""
    by_path: dict[str, list] = {}
    for row in db.session.execute(
        select(
            RuleSetVersion.id,
            RuleSetVersion.path,
            RuleSetVersion.version,
            RuleSetVersion.effective_on,
        )
    ):
        by_path.setdefault(row.path, []).append(row)
    return {in_effect(rows, day).id for rows in by_path.values()}


def rule_set_versions(page: int, per_page: int = 20) -> Page:
    """Every stored version of every path: by path, newest version first, one page."""
    return paginate(
        select(RuleSetVersion).order_by(RuleSetVersion.path, RuleSetVersion.version.desc()),
        page=page,
        per_page=per_page,
    )


def contact_minutes(unit: CreditUnit, credit_minutes: int, rules: RuleSet) -> int:
    """An entry's contact-hour minutes under a rule set: a semester-hour entry, stored at 15
    contact hours a semester hour, is rescaled to the rule set's equivalence (stored in quarter
    semester hours, so the result is whole minutes)."""
    if unit == CreditUnit.CONTACT_HOURS:
        return credit_minutes
    return credit_minutes * rules.semester_hour_contact_hours // STORED_SEMESTER_HOUR_CONTACT_HOURS


@dataclass(frozen=True)
class Requirement:
    """One of the four things the upgrade needs: met, or what is missing."""

    key: str
    name: str
    is_met: bool
    detail: str


@dataclass(frozen=True)
class Counted:
    """An entry with its verdict: whether it counts, and why in words."""

    entry: ExperienceYear | DevelopmentActivity
    verdict: Verdict


@dataclass
class Checklist:
    mentee: User
    profile: MenteeProfile | None
    today: date
    rules: RuleSet
    iss: IssStatus | None
    validity: Validity | None
    changes: list[ValidityChange]
    years: list[Counted]
    development: Page
    development_items: list[Counted]
    development_minutes: int  # counted minutes only
    graduate_minutes: int  # counted graduate credit toward an advanced degree
    certificate: Certificate | None
    mentoring_warning: str | None
    requirements: list[Requirement] = field(default_factory=list)
    evidence: dict[tuple[str, int], list[EvidenceFile]] = field(default_factory=dict)
    verifications: dict[tuple[str, int], ItemVerification] = field(default_factory=dict)

    @property
    def development_count(self) -> int:
        """How many activities are recorded in all (the page's total)."""
        return self.development.total or 0

    def verification(self, kind: str, item_id: int) -> ItemVerification | None:
        """The district's latest word on one item, if any."""
        return self.verifications.get((kind, item_id))

    def findings(self) -> list[tuple[str, ItemVerification]]:
        """(item, the district's latest word) for the loaded items that have one."""
        items = [
            *((("experience", year.entry.id), year.entry.school_year) for year in self.years),
            *(
                (
                    ("development", item.entry.id),
                    f"Activity of {format_date(item.entry.completed_on)}",
                )
                for item in self.development_items
            ),
            *(
                (
                    ("validity", change.id),
                    f"{change.kind.label} of {format_date(change.effective_on)}",
                )
                for change in self.changes
            ),
        ]
        return [
            (label, self.verifications[key]) for key, label in items if key in self.verifications
        ]

    def contact_hours(self, activity: DevelopmentActivity) -> str:
        """An activity's contact hours under this checklist's rule set: "2.25", "30"."""
        return hours_text(contact_minutes(activity.unit, activity.credit_minutes, self.rules))

    def files(self, kind: str, item_id: int) -> list[EvidenceFile]:
        """The evidence files of one item (loaded only for those who may open them)."""
        return self.evidence.get((kind, item_id), [])

    @property
    def deadlines(self) -> Deadlines | None:
        return deadlines(self.validity, self.today, self.rules) if self.iss else None

    @property
    def counted_years(self) -> list[ExperienceYear]:
        return [year.entry for year in self.years if year.verdict.counts]

    @property
    def evaluated_years(self) -> list[ExperienceYear]:
        return [year for year in self.counted_years if year.evaluation_completed_on]

    @property
    def development_hours(self) -> str:
        return hours_text(self.development_minutes)

    @property
    def met_count(self) -> int:
        return sum(requirement.is_met for requirement in self.requirements)

    @property
    def is_complete(self) -> bool:
        return all(requirement.is_met for requirement in self.requirements)

    @property
    def by_key(self) -> dict[str, Requirement]:
        return {requirement.key: requirement for requirement in self.requirements}

    @property
    def missing(self) -> list[Requirement]:
        return [requirement for requirement in self.requirements if not requirement.is_met]


def _more(done: int, needed: int, what: str) -> str:
    left = needed - done
    return f"{done} of {needed} {what}" + ("" if left <= 0 else f": {left} more needed")


def _development_requirement(rules: RuleSet, minutes: int, graduate_minutes: int) -> Requirement:
    """minutes: counted contact-hour minutes under the rule set; graduate_minutes: counted
    graduate credit as stored (15 contact hours a semester hour)."""
    needed = rules.pd_contact_hours * CONTACT_HOUR_MINUTES
    name = f"{rules.pd_contact_hours} contact hours of professional development"
    graduate = rules.graduate_semester_hours
    stored_semester_minutes = STORED_SEMESTER_HOUR_CONTACT_HOURS * CONTACT_HOUR_MINUTES
    if graduate is not None and graduate_minutes >= graduate * stored_semester_minutes:
        return Requirement(
            "development",
            name,
            True,
            f"{format_amount(graduate_minutes / stored_semester_minutes)} graduate semester "
            f"hours toward an advanced degree: {graduate} satisfy the requirement on their own "
            f"({rules.regulation or rules.source_document})",
        )
    detail = f"{hours_text(minutes)} of {rules.pd_contact_hours} contact hours" + (
        "" if minutes >= needed else f": {hours_text(needed - minutes)} more needed"
    )
    return Requirement("development", name, minutes >= needed, detail)


def requirements(
    rules: RuleSet,
    counted_years: int,
    evaluated_years: int,
    development_minutes: int,
    graduate_minutes: int,
    certificate: Certificate | None,
) -> list[Requirement]:
    """The requirements of a rule set, met or with what is missing, from counted figures."""
    return [
        Requirement(
            "experience",
            f"{rules.years_needed} years of approved experience",
            counted_years >= rules.years_needed,
            _more(counted_years, rules.years_needed, "approved years"),
        ),
        Requirement(
            "mentoring",
            f"The {rules.mentoring_years}-year mentoring program",
            certificate is not None,
            f"completion certificate {certificate.serial}, issued "
            f"{format_date(certificate.issued_on)}"
            if certificate
            else "not met yet: complete both program years and receive the completion certificate",
        ),
        _development_requirement(rules, development_minutes, graduate_minutes),
        Requirement(
            "evaluation",
            f"The annual {rules.evaluation}",
            evaluated_years >= rules.years_needed,
            _more(evaluated_years, rules.years_needed, "approved years evaluated"),
        ),
    ]


def _certificate_and_mentoring_start(mentee_id: int) -> tuple[Certificate | None, int | None]:
    """The mentee's newest valid completion certificate, and the first school year of the
    mentoring: the certificate's cohort's, else the newest cohort they did not withdraw from.
    One query over the mentee's enrollments, each with its valid certificate if it has one:
    those with a certificate first (newest issued first), then the newest cohort."""
    found = db.session.execute(
        select(Certificate, Cohort.start_year)
        .select_from(Enrollment)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .outerjoin(
            Certificate,
            (Certificate.enrollment_id == Enrollment.id)
            & (Certificate.status == CertificateStatus.VALID),
        )
        .where(
            Enrollment.mentee_id == mentee_id,
            or_(Certificate.id.is_not(None), Enrollment.status != EnrollmentStatus.WITHDRAWN),
        )
        .order_by(
            Certificate.id.is_(None),
            Certificate.issued_on.desc(),
            Certificate.id.desc(),
            Cohort.start_year.desc(),
        )
        .limit(1)
    ).first()
    return (found[0], found[1]) if found is not None else (None, None)


def _evidence(mentee_id: int) -> dict[tuple[str, int], list[EvidenceFile]]:
    """Every evidence file of the mentee, without its bytes, by (kind, item id): one query."""
    found: dict[tuple[str, int], list[EvidenceFile]] = {}
    for evidence in db.session.scalars(
        select(EvidenceFile).where(EvidenceFile.mentee_id == mentee_id).order_by(EvidenceFile.id)
    ):
        if evidence.experience_year_id:
            key = ("experience", evidence.experience_year_id)
        elif evidence.development_activity_id:
            key = ("development", evidence.development_activity_id)
        else:
            key = ("validity", evidence.validity_change_id)
        found.setdefault(key, []).append(evidence)
    return found


def _verifications(mentee_id: int) -> dict[tuple[str, int], ItemVerification]:
    """The latest verification of each item of the mentee: one query."""
    latest: dict[tuple[str, int], ItemVerification] = {}
    for verification in db.session.scalars(
        select(ItemVerification)
        .where(ItemVerification.mentee_id == mentee_id)
        .order_by(ItemVerification.id)
    ):
        latest[(verification.item_kind, verification.item_id)] = verification
    return latest


def verification_links(mentee_id: int, page: int) -> Page:
    """The mentee's verification links, newest first, one page."""
    return paginate(
        select(VerificationLink)
        .where(VerificationLink.mentee_id == mentee_id)
        .order_by(VerificationLink.id.desc()),
        page=page,
        per_page=10,
    )


def _validity_of(mentee_id: int, issued_on: date | None, rules: RuleSet):
    """The mentee's validity changes, and the ISS certificate's validity with them (None
    without an issue date)."""
    changes = list(
        db.session.scalars(
            select(ValidityChange)
            .where(ValidityChange.mentee_id == mentee_id)
            .order_by(ValidityChange.effective_on)
        )
    )
    valid = (
        validity(
            issued_on,
            rules.first_expiry(issued_on),
            [(change.effective_on, change.expires_on) for change in changes],
        )
        if issued_on
        else None
    )
    return changes, valid


def _experience_years(mentee_id: int) -> list[ExperienceYear]:
    return list(
        db.session.scalars(
            select(ExperienceYear)
            .where(ExperienceYear.mentee_id == mentee_id)
            .order_by(ExperienceYear.start_year.desc())
        )
    )


def _development_page(mentee_id: int, page: int, per_page: int) -> Page:
    """One page of the mentee's professional development, newest first, the total riding
    along (past the end: the last page)."""
    return paginate_windowed(
        select(DevelopmentActivity)
        .where(DevelopmentActivity.mentee_id == mentee_id)
        .order_by(DevelopmentActivity.completed_on.desc(), DevelopmentActivity.id.desc()),
        page,
        per_page,
    )


def _development_totals(mentee_id: int, valid) -> tuple:
    """Contact and semester-hour minutes that count (inside the validity's periods) and graduate
    minutes that count: one query (how many there are rides on the development page)."""
    counts = (
        or_(*(DevelopmentActivity.completed_on.between(start, end) for start, end in valid.periods))
        if valid
        else false()
    )
    is_contact = DevelopmentActivity.unit == CreditUnit.CONTACT_HOURS
    return db.session.execute(
        select(
            func.coalesce(
                func.sum(case((and_(counts, is_contact), DevelopmentActivity.credit_minutes))), 0
            ),
            func.coalesce(
                func.sum(case((and_(counts, ~is_contact), DevelopmentActivity.credit_minutes))), 0
            ),
            func.coalesce(
                func.sum(
                    case(
                        (
                            and_(counts, DevelopmentActivity.is_graduate_credit),
                            DevelopmentActivity.credit_minutes,
                        )
                    )
                ),
                0,
            ),
        ).where(DevelopmentActivity.mentee_id == mentee_id)
    ).one()


def checklist(
    mentee: User,
    today: date,
    page: int = 1,
    per_page: int = 10,
    rules: RuleSet | None = None,
    with_evidence: bool = False,
) -> Checklist:
    """Everything a mentee's checklist shows, with one page of professional development,
    under the given rule set or else the version of the program's path in effect today."""
    rules = rules or rules_in_effect(today)
    profile = mentee_profile(mentee.id)
    issued_on = profile.iss_issued_on if profile else None
    changes, valid = _validity_of(mentee.id, issued_on, rules)
    iss = iss_status(issued_on, today, valid.expires_on if valid else None)
    years = _experience_years(mentee.id)
    development = _development_page(mentee.id, page, per_page)
    contact, semester, graduate = _development_totals(mentee.id, valid)
    certificate, mentoring_start = _certificate_and_mentoring_start(mentee.id)
    result = Checklist(
        mentee=mentee,
        profile=profile,
        today=today,
        rules=rules,
        iss=iss,
        validity=valid,
        changes=changes,
        years=[
            Counted(year, experience_verdict(year.start_year, year.reasons_not_approved, today))
            for year in years
        ],
        development=development,
        development_items=[
            Counted(item, development_verdict(item.completed_on, valid, rules))
            for item in development.items
        ],
        development_minutes=int(contact)
        + contact_minutes(CreditUnit.SEMESTER_HOURS, int(semester), rules),
        graduate_minutes=int(graduate),
        certificate=certificate,
        mentoring_warning=mentoring_warning(
            mentoring_start,
            [year.start_year for year in years if year.is_approved],
            rules,
        ),
    )
    if with_evidence:
        result.evidence = _evidence(mentee.id)
        result.verifications = _verifications(mentee.id)
    result.requirements = requirements(
        rules,
        len(result.counted_years),
        len(result.evaluated_years),
        result.development_minutes,
        result.graduate_minutes,
        certificate,
    )
    return result


@audit.describes("ExperienceYear")
def name_experience_years(ids) -> dict[int, str]:
    """Name experience entries in the audit log: "Lily Chen's school year 2025–26"."""
    query = (
        select(ExperienceYear.id, ExperienceYear.start_year, User.name)
        .join(User, User.id == ExperienceYear.mentee_id)
        .where(ExperienceYear.id.in_(ids))
    )
    return audit.names_by_id(
        query, lambda start, name: f"{name}'s school year {school_year_label(start)}"
    )


@audit.describes("DevelopmentActivity")
def name_development_activities(ids) -> dict[int, str]:
    """Name development entries in the audit log: "Lily Chen's activity of March 1, 2026"."""
    query = (
        select(DevelopmentActivity.id, DevelopmentActivity.completed_on, User.name)
        .join(User, User.id == DevelopmentActivity.mentee_id)
        .where(DevelopmentActivity.id.in_(ids))
    )
    return audit.names_by_id(
        query,
        lambda completed_on, name: f"{name}'s activity of {format_date(completed_on)}",
    )


@audit.describes("ValidityChange")
def name_validity_changes(ids) -> dict[int, str]:
    """Name extensions and reactivations in the audit log: "Lily Chen's extension of …"."""
    query = (
        select(ValidityChange.id, ValidityChange.kind, ValidityChange.effective_on, User.name)
        .join(User, User.id == ValidityChange.mentee_id)
        .where(ValidityChange.id.in_(ids))
    )
    return audit.names_by_id(
        query, lambda kind, day, name: f"{name}'s {kind.value} of {format_date(day)}"
    )


@audit.describes("EvidenceFile")
def name_evidence_files(ids) -> dict[int, str]:
    """Name evidence files in the audit log: "Lily Chen's file contract.pdf"."""
    query = (
        select(EvidenceFile.id, EvidenceFile.file_name, User.name)
        .join(User, User.id == EvidenceFile.mentee_id)
        .where(EvidenceFile.id.in_(ids))
    )
    return audit.names_by_id(query, lambda file_name, name: f"{name}'s file {file_name}")


@audit.describes("VerificationLink")
def name_verification_links(ids) -> dict[int, str]:
    """Name verification links in the audit log: "Lily Chen's link for Dana Reyes"."""
    query = (
        select(VerificationLink.id, VerificationLink.contact_name, User.name)
        .join(User, User.id == VerificationLink.mentee_id)
        .where(VerificationLink.id.in_(ids))
    )
    return audit.names_by_id(query, lambda contact, name: f"{name}'s link for {contact}")


@audit.describes("ItemVerification")
def name_item_verifications(ids) -> dict[int, str]:
    """Name district findings in the audit log: "Dana Reyes's finding on Lily Chen's checklist"."""
    query = (
        select(ItemVerification.id, ItemVerification.verifier_name, User.name)
        .join(User, User.id == ItemVerification.mentee_id)
        .where(ItemVerification.id.in_(ids))
    )
    return audit.names_by_id(
        query, lambda verifier, name: f"{verifier}'s finding on {name}'s checklist"
    )


@audit.describes("RuleSetVersion")
def name_rule_sets(ids) -> dict[int, str]:
    """Name rule sets in the audit log: "Student Services: ISS to CSS, version 2"."""
    query = select(RuleSetVersion.id, RuleSetVersion.name, RuleSetVersion.version).where(
        RuleSetVersion.id.in_(ids)
    )
    return audit.names_by_id(query, lambda name, version: f"{name}, version {version}")


# The districts' verification results -----------------------------------------------------------

ITEM_KIND_LABELS = {
    "experience": "Year of experience",
    "development": "Professional development",
    "validity": "Validity change",
}


def verification_results_page(
    page: int,
    per_page: int,
    regions: frozenset[str] | None = None,
    holders_only: bool = False,
) -> Page:
    """The latest district verification of each checklist item, newest first, with its
    mentee: (ItemVerification, User) rows. A scoped specialist's: their regions' mentees; the
    certification office's (holders_only): mentees who hold a valid certificate. One count
    and one page query."""
    latest = (
        select(func.max(ItemVerification.id))
        .group_by(ItemVerification.mentee_id, ItemVerification.item_kind, ItemVerification.item_id)
        .scalar_subquery()
    )
    query = (
        select(ItemVerification, User)
        .join(User, User.id == ItemVerification.mentee_id)
        .where(ItemVerification.id.in_(latest), policy.account_filter(regions))
        .order_by(ItemVerification.recorded_at.desc(), ItemVerification.id.desc())
    )
    if holders_only:
        holds = (
            select(Certificate.id)
            .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
            .where(
                Enrollment.mentee_id == User.id,
                Certificate.status == CertificateStatus.VALID,
            )
            .exists()
        )
        query = query.where(holds)
    return paginate_rows(query, page, per_page)


@policy.regions_by(ExperienceYear)
@policy.regions_by(DevelopmentActivity)
@policy.regions_by(ValidityChange)
@policy.regions_by(EvidenceFile)
@policy.regions_by(VerificationLink)
def item_regions(item) -> list[str]:
    """A checklist item, file or link: its mentee's regions."""
    mentee = db.session.get(User, item.mentee_id)
    return policy.regions_of_object(mentee) or []
