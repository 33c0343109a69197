"""Cohorts, PLC groups, enrollment, assignment, matching and roster import."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from mentoring.cohorts import experiences, matching, operations, queries, roster
from mentoring.cohorts.forms import (
    AddMentorForm,
    AssignForm,
    CohortFilterForm,
    CohortForm,
    EnrollForm,
    ExperienceForm,
    PersonForm,
    RenameExperienceForm,
    RosterForm,
    WithdrawForm,
)
from mentoring.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    EssentialExperience,
    MenteeProfile,
    PlcGroup,
)
from mentoring.core import localtime
from mentoring.core.changes import show_error
from mentoring.core.errors import AlreadyDone, MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.limits import takes_upload
from mentoring.core.models import utcnow
from mentoring.core.policy import (
    can_view_group,
    fresh_sign_in,
    get_or_404,
    in_regions,
    limit_region_choices,
    regions_of,
    role_required,
    statewide,
)
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download
from mentoring.core.views import page_number
from mentoring.curriculum import queries as curriculum_queries
from mentoring.extensions import db
from mentoring.plans import queries as plan_queries
from mentoring.progress import dashboards
from mentoring.progress import operations as progress_operations
from mentoring.progress.queries import at_risk_now
from mentoring.schedule import queries as schedule_queries
from mentoring.users.models import User

bp = Blueprint("cohorts", __name__)


def _group_choices(cohort_id: int, blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank)] if blank is not None else []
    for group, mentor in queries.cohort_groups(cohort_id):
        free = group.capacity - group.active_count
        choices.append(
            SelectChoice(str(group.id), f"{mentor.name} ({free} of {group.capacity} free)")
        )
    return choices


# Cohorts -------------------------------------------------------------------------------------


@bp.get("/admin/cohorts")
@role_required(Role.SPECIALIST)
def list_cohorts():
    """List cohorts with filters and paging."""
    filters = CohortFilterForm(request.args)
    limit_region_choices(filters.region, current_user)
    valid = filters.validate()
    page = queries.cohorts_page(
        status=CohortStatus(filters.status.data) if valid and filters.status.data else None,
        region=(filters.region.data or "") if valid else "",
        start_year=filters.year.data if valid else None,
        page=page_number(),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        regions=regions_of(current_user),
    )
    return render_template("cohorts/list.html", page=page, filters=filters)


@bp.route("/admin/cohorts/new", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def new_cohort():
    """Create a cohort; it copies the program's default requirements."""
    form = CohortForm(status=CohortStatus.PLANNING.value, start_year=localtime.today().year)
    del form.status  # a new cohort starts in planning
    limit_region_choices(form.region, current_user)
    if form.validate_on_submit():
        try:
            cohort = operations.create_cohort(
                form.name.data, form.region.data, form.start_year.data, current_user
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "name")
        else:
            db.session.commit()
            flash(f"Cohort {cohort.name} created.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=None), (
        400 if form.errors else 200
    )


@bp.route("/admin/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def edit_cohort(cohort_id: int):
    """Edit a cohort's name, region, start year and status."""
    cohort = get_or_404(Cohort, cohort_id)
    form = CohortForm(obj=cohort, status=cohort.status.value)
    limit_region_choices(form.region, current_user)
    if form.validate_on_submit():
        try:
            operations.update_cohort(
                cohort,
                current_user,
                form.name.data,
                form.region.data,
                form.start_year.data,
                CohortStatus(form.status.data),
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "status")
        else:
            db.session.commit()
            flash("Cohort saved.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=cohort), (
        400 if form.errors else 200
    )


@bp.get("/admin/cohorts/<int:cohort_id>")
@role_required(Role.SPECIALIST)
def show_cohort(cohort_id: int):
    """A cohort's groups and mentees, every mentee's progress, and meetings per month."""
    cohort = get_or_404(Cohort, cohort_id)
    roster_view = queries.cohort_roster(cohort)
    today = localtime.today()
    sort = "status" if request.args.get("sort") == "status" else "name"
    months = dashboards.meetings_per_month(cohort)
    return render_template(
        "cohorts/show.html",
        cohort=cohort,
        roster=roster_view,
        add_mentor=AddMentorForm(),
        today=today,
        sort=sort,
        progress_rows=dashboards.cohort_table(cohort, roster_view, today, sort),
        months=months,
        chart=dashboards.meetings_chart(months),
        button=ButtonForm(formdata=None),
        upcoming=schedule_queries.cohort_panel(cohort.id, utcnow()),
        plan_counts=[plan_queries.plan_counts(cohort.id, year) for year in (1, 2)],
        coverage=curriculum_queries.coverage(cohort),
    )


@bp.post("/admin/cohorts/<int:cohort_id>/mentors")
@role_required(Role.SPECIALIST)
def add_mentor(cohort_id: int):
    """Give a vetted mentor a PLC group in this cohort."""
    cohort = get_or_404(Cohort, cohort_id)
    form = AddMentorForm()
    if form.validate_on_submit():
        profile = queries.mentor_profile_by_email(form.email.data)
        try:
            if profile is None or not in_regions(current_user, profile):
                raise MentoringError("No vetted mentor has this email.", field="email")
            operations.add_mentor(cohort, profile, current_user)
        except AlreadyDone as done:
            db.session.rollback()
            flash(done.message, "info")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "email")
        else:
            db.session.commit()
            flash(f"{profile.user.name} now leads a PLC group in {cohort.name}.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    roster_view = queries.cohort_roster(cohort)
    return render_template(
        "cohorts/show.html", cohort=cohort, roster=roster_view, add_mentor=form
    ), 400


# Enrollment and assignment -------------------------------------------------------------------


@bp.route("/admin/cohorts/<int:cohort_id>/enroll", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def enroll_mentee(cohort_id: int):
    """Enroll a new or returning counselor, optionally with a mentor."""
    cohort = get_or_404(Cohort, cohort_id)
    form = EnrollForm()
    form.group.choices = _group_choices(cohort.id, "Assign later")
    if form.validate_on_submit():
        group = db.session.get(PlcGroup, int(form.group.data)) if form.group.data else None
        profile = {
            "district": form.district.data,
            "school": form.school.data,
            "grade_level": form.grade_level.data,
            "kind": form.kind.data,
            "region": form.region.data or None,
            "iss_issued_on": form.iss_issued_on.data,
        }
        try:
            enrollment = operations.enroll_person(
                cohort,
                current_user,
                localtime.today(),
                form.email.data,
                form.name.data,
                profile,
                group,
                form.conflict_reason.data,
            )
            carried = (
                progress_operations.carry_year1(
                    enrollment, current_user, form.carry_reason.data, localtime.today()
                )
                if form.carry_year1.data
                else None
            )
        except AlreadyDone as done:
            db.session.rollback()
            flash(done.message, "info")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "email")
        else:
            db.session.commit()
            message = f"Enrolled {form.email.data} in {cohort.name}."
            if carried is not None:
                message += (
                    f" Year 1 is carried from {db.session.get(Cohort, carried.cohort_id).name}."
                )
            flash(message, "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=enrollment.cohort_id))
    return render_template("cohorts/enroll.html", form=form, cohort=cohort), (
        400 if form.errors else 200
    )


def _load_enrollment(enrollment_id: int) -> tuple[Enrollment, Cohort]:
    enrollment = get_or_404(Enrollment, enrollment_id)
    return enrollment, db.session.get(Cohort, enrollment.cohort_id)


@bp.route("/admin/enrollments/<int:enrollment_id>/assign", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def assign_mentor(enrollment_id: int):
    """Assign or reassign a mentee's mentor; the history is kept."""
    enrollment, cohort = _load_enrollment(enrollment_id)
    form = AssignForm()
    form.group.choices = _group_choices(cohort.id)
    if form.validate_on_submit():
        group = db.session.get(PlcGroup, int(form.group.data))
        try:
            operations.assign(enrollment, group, current_user, form.conflict_reason.data)
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "group")
        else:
            db.session.commit()
            flash("Mentor assigned.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    elif enrollment.plc_group_id and not form.is_submitted():
        form.group.data = str(enrollment.plc_group_id)
    return render_template(
        "cohorts/assign.html",
        form=form,
        cohort=cohort,
        enrollment=enrollment,
        mentee=db.session.get(User, enrollment.mentee_id),
        history=queries.assignment_history(enrollment.id),
    ), (400 if form.errors else 200)


@bp.route("/admin/enrollments/<int:enrollment_id>/withdraw", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def withdraw_mentee(enrollment_id: int):
    """Withdraw a mentee with a reason and a date; their records stay."""
    enrollment, cohort = _load_enrollment(enrollment_id)
    form = WithdrawForm(enrollment.enrolled_on, withdrawn_on=localtime.today())
    if enrollment.status != EnrollmentStatus.ACTIVE:
        flash("This enrollment is not active.", "info")
        return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    if form.validate_on_submit():
        operations.withdraw(enrollment, current_user, form.reason.data, form.withdrawn_on.data)
        db.session.commit()
        flash("The mentee is withdrawn; their records are kept.", "success")
        return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    mentee = db.session.get(User, enrollment.mentee_id)
    return render_template(
        "cohorts/withdraw.html", form=form, cohort=cohort, enrollment=enrollment, mentee=mentee
    ), (400 if form.errors else 200)


# Corrections -------------------------------------------------------------------------------


@bp.route("/admin/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@fresh_sign_in
def correct_person(user_id: int):
    """Correct a person's name and email, and a mentee's workplace (audited, the person told)."""
    user = get_or_404(User, user_id)
    profile = db.session.get(MenteeProfile, user.id)
    form = PersonForm(obj=profile, name=user.name, email=user.email)
    if profile is None:
        for field in operations.PROFILE_FIELDS:
            delattr(form, field)
    elif not form.is_submitted():
        form.grade_level.data, form.kind.data = profile.grade_level.value, profile.kind.value
        form.region.data = profile.region or ""
    if form.validate_on_submit():
        fields = None
        if profile is not None:
            fields = {field: form[field].data for field in operations.PROFILE_FIELDS}
            fields["region"] = fields["region"] or None
        try:
            changes = operations.correct_person(
                user, current_user, form.name.data, form.email.data, fields
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "name")
        else:
            db.session.commit()
            flash("Saved: " + "; ".join(changes) if changes else "Nothing changed.", "success")
            return redirect(url_for("users.show_user", user_id=user.id))
    return render_template("cohorts/person.html", form=form, user=user), (
        400 if form.errors else 200
    )


# Matching ------------------------------------------------------------------------------------


@bp.route("/admin/cohorts/<int:cohort_id>/matching", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def suggest_matches(cohort_id: int):
    """Propose mentors for unassigned mentees; the specialist accepts all or some."""
    cohort = get_or_404(Cohort, cohort_id)
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            pairs = [
                (int(enrollment_id), int(group_id))
                for enrollment_id, _, group_id in (
                    value.partition(":") for value in request.form.getlist("pair")
                )
            ]
        except ValueError:
            pairs = None
        if not pairs:
            flash("Select at least one proposed pair to accept.", "danger")
        else:
            try:
                accepted = operations.accept_matches(cohort, pairs, current_user)
            except MentoringError as error:
                db.session.rollback()
                flash(f"{error.message} Nothing was assigned.", "danger")
            else:
                db.session.commit()
                flash(f"{accepted} mentee{'s' if accepted != 1 else ''} assigned.", "success")
                return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template(
        "cohorts/matching.html",
        cohort=cohort,
        result=matching.propose_for_cohort(
            cohort,
            at_risk_now(
                (Enrollment.cohort_id == cohort.id)
                & (Enrollment.status == EnrollmentStatus.ACTIVE)
                & Enrollment.plc_group_id.is_(None),
                localtime.today(),
            ),
        ),
        form=form,
    )


# Roster import -------------------------------------------------------------------------------


@bp.get("/admin/cohorts/roster-template.csv")
@role_required(Role.SPECIALIST)
def roster_template():
    """Download the roster template as CSV."""
    return spreadsheet_download("roster-template", "csv", *roster.template_rows())


@bp.get("/admin/cohorts/roster-template.xlsx")
@role_required(Role.SPECIALIST)
def roster_template_xlsx():
    """Download the roster template as an Excel workbook."""
    return spreadsheet_download("roster-template", "xlsx", *roster.template_rows())


@bp.route("/admin/cohorts/<int:cohort_id>/roster", methods=["GET", "POST"])
@takes_upload
@role_required(Role.SPECIALIST)
def import_roster(cohort_id: int):
    """Import a CSV roster of mentees: every row valid, or nothing imported."""
    cohort = get_or_404(Cohort, cohort_id)
    form = RosterForm()
    problems = None
    if form.validate_on_submit():
        data = form.roster.data.read(roster.MAX_BYTES + 1)
        try:
            result = roster.import_roster(cohort, data, current_user, localtime.today())
        except roster.RosterRejected as rejected:
            db.session.rollback()
            problems = rejected.problems
            if not problems:
                form.roster.errors = [rejected.message]
        except MentoringError as error:
            db.session.rollback()
            form.roster.errors = [error.message]
        else:
            db.session.commit()
            flash(
                f"Roster imported: {result.created} created, {result.matched} matched, "
                f"{result.enrolled} enrolled, {result.assigned} assigned, "
                f"{result.unchanged} unchanged.",
                "success",
            )
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template(
        "cohorts/roster.html",
        cohort=cohort,
        form=form,
        problems=problems,
        columns=roster.COLUMNS,
        required=roster.REQUIRED,
    ), (400 if form.errors or problems else 200)


# Mentors' view of their own groups -----------------------------------------------------------


@bp.get("/groups")
@role_required(Role.MENTOR)
def my_groups():
    """A mentor's PLC groups across cohorts."""
    return render_template("cohorts/my_groups.html", groups=queries.mentor_groups(current_user.id))


@bp.get("/groups/<int:group_id>")
@role_required(Role.MENTOR, Role.SPECIALIST)
def show_group(group_id: int):
    """One PLC group: its cohort and its mentees' profiles (only for its mentor and specialists)."""
    group = get_or_404(PlcGroup, group_id, lambda group: can_view_group(current_user, group))
    return render_template(
        "cohorts/group.html",
        group=group,
        cohort=db.session.get(Cohort, group.cohort_id),
        members=queries.group_members(group.id),
    )


# Essential experiences -----------------------------------------------------------------------


def _experiences_page(cohort: Cohort | None, add_form=None, renamed=None):
    """The program's default list (cohort None) or a cohort's, each with its forms."""
    lists = experiences.experiences_of(cohort.id if cohort else None)
    rename_forms = {
        item.id: RenameExperienceForm(formdata=None, prefix=f"item{item.id}", title=item.title)
        for items in lists.values()
        for item in items
    }
    if renamed is not None:
        rename_forms[renamed[0]] = renamed[1]
    failed = (add_form and add_form.errors) or (renamed and renamed[1].errors)
    return render_template(
        "cohorts/experiences.html",
        cohort=cohort,
        lists=lists,
        add_form=add_form or ExperienceForm(formdata=None),
        rename_forms=rename_forms,
        button=ButtonForm(formdata=None),
    ), (400 if failed else 200)


def _add_experience(cohort: Cohort | None, done_url: str):
    form = ExperienceForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            experiences.add_experience(
                cohort, form.program_year.data, form.title.data, current_user
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "title")
        else:
            db.session.commit()
            flash("Experience added.", "success")
            return redirect(done_url)
    return _experiences_page(cohort, add_form=form if request.method == "POST" else None)


@bp.route("/admin/experiences", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def default_experiences():
    """The program's default essential experiences, which new cohorts copy; POST adds one."""
    return _add_experience(None, url_for("cohorts.default_experiences"))


@bp.route("/admin/cohorts/<int:cohort_id>/experiences", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def cohort_experiences(cohort_id: int):
    """A cohort's own essential experiences; POST adds one."""
    cohort = get_or_404(Cohort, cohort_id)
    return _add_experience(cohort, url_for("cohorts.cohort_experiences", cohort_id=cohort.id))


def _experience(essential_id: int) -> tuple[EssentialExperience, Cohort | None, str]:
    item = get_or_404(EssentialExperience, essential_id)
    cohort = db.session.get(Cohort, item.cohort_id) if item.cohort_id else None
    back = (
        url_for("cohorts.cohort_experiences", cohort_id=cohort.id)
        if cohort
        else url_for("cohorts.default_experiences")
    )
    return item, cohort, back


@bp.post("/admin/experiences/<int:essential_id>/rename")
@role_required(Role.SPECIALIST)
def rename_experience(essential_id: int):
    """Reword an essential experience (audited)."""
    item, cohort, back = _experience(essential_id)
    form = RenameExperienceForm(prefix=f"item{item.id}")
    if form.validate_on_submit():
        try:
            changed = experiences.rename_experience(item, form.title.data, current_user)
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "title")
        else:
            db.session.commit()
            flash("Experience reworded." if changed else "Nothing changed.", "success")
            return redirect(back)
    return _experiences_page(cohort, renamed=(item.id, form))


@bp.post("/admin/experiences/<int:essential_id>/remove")
@role_required(Role.SPECIALIST)
def remove_experience(essential_id: int):
    """Take an essential experience off its list, unless a mentee has it ticked off."""
    item, _cohort, back = _experience(essential_id)
    if ButtonForm().validate_on_submit():
        try:
            experiences.remove_experience(item, current_user)
        except MentoringError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash("Experience removed.", "success")
    return redirect(back)
