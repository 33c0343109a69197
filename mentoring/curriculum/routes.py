"""The PLC curriculum: specialists keep the program's topic list and set each cohort's topic
for each month, with links and files; the cohort's mentors and mentees read it and download
its files. A cohort or file that is not the visitor's does not exist for them (404)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.cohorts.models import Cohort, school_year_label
from mentoring.core.changes import change
from mentoring.core.files import attachment
from mentoring.core.forms import ButtonForm
from mentoring.core.limits import takes_upload
from mentoring.core.models import utcnow
from mentoring.core.paging import paginate_rows
from mentoring.core.policy import (
    can_read_curriculum,
    get_or_404,
    in_regions_or_404,
    is_specialist,
    role_required,
    statewide,
)
from mentoring.core.roles import Role
from mentoring.core.views import confirmation, confirmed, page_number
from mentoring.core.wording import plural
from mentoring.curriculum import operations, queries
from mentoring.curriculum.forms import ListTopicForm, MonthForm
from mentoring.curriculum.models import (
    PROGRAM_MONTHS,
    CurriculumFile,
    CurriculumLink,
    CurriculumMonth,
    CurriculumTopic,
)
from mentoring.extensions import db

bp = Blueprint("curriculum", __name__)
EVERYONE = (Role.SPECIALIST, Role.MENTOR, Role.MENTEE)


def _readable_cohort(cohort_id: int, year: int) -> Cohort:
    if year not in (1, 2):
        abort(404)
    return get_or_404(
        Cohort,
        cohort_id,
        lambda cohort: can_read_curriculum(
            current_user, queries.is_cohort_member(current_user, cohort.id)
        ),
    )


def _month_page(cohort_id: int, year: int, month: int) -> Cohort:
    if month not in PROGRAM_MONTHS:
        abort(404)
    return _readable_cohort(cohort_id, year)


def _back_to_month(entry: CurriculumMonth):
    return redirect(
        url_for(
            "curriculum.edit_month",
            cohort_id=entry.cohort_id,
            year=entry.program_year,
            month=entry.month,
        )
    )


@bp.get("/cohorts/<int:cohort_id>/curriculum/<int:year>")
@role_required(*EVERYONE)
def year_page(cohort_id: int, year: int):
    """A cohort's PLC topics of one program year, month by month, with their resources."""
    cohort = _readable_cohort(cohort_id, year)
    return render_template(
        "curriculum/year.html",
        cohort=cohort,
        year=year,
        school_year=school_year_label(cohort.start_year + year - 1),
        months=[(month, queries.month_date(cohort, year, month)) for month in PROGRAM_MONTHS],
        plan=queries.year_plan(cohort.id, year),
        can_edit=is_specialist(current_user),
    )


@bp.route(
    "/admin/cohorts/<int:cohort_id>/curriculum/<int:year>/<int:month>", methods=["GET", "POST"]
)
@role_required(Role.SPECIALIST)
@takes_upload(max_file_bytes=operations.MAX_FILE_BYTES)
def edit_month(cohort_id: int, year: int, month: int):
    """Set a month's topic, and add a link and a file to it: all saved, or nothing."""
    cohort = _month_page(cohort_id, year, month)
    view = queries.month_view(cohort.id, year, month)
    titles = queries.list_titles()
    current = view.entry.title if view else ""
    form = MonthForm(
        titles=titles,
        chosen=current if current in titles else "",
        typed="" if current in titles else current,
    )
    if form.validate_on_submit():
        name, data = form.file_bytes
        with change(form, "chosen") as outcome:
            operations.set_month(
                cohort,
                year,
                month,
                current_user,
                utcnow(),
                chosen=form.chosen.data or "",
                typed=form.typed.data or "",
                link_url=form.link_url.data or "",
                link_label=form.link_label.data or "",
                file_name=name,
                file_data=data,
            )
        if outcome.saved:
            flash("The month’s topic is saved.", "success")
            return redirect(
                url_for("curriculum.edit_month", cohort_id=cohort.id, year=year, month=month)
            )
    return render_template(
        "curriculum/month.html",
        form=form,
        cohort=cohort,
        year=year,
        month=month,
        first_day=queries.month_date(cohort, year, month),
        view=view,
        button=ButtonForm(formdata=None),
    ), (400 if form.errors else 200)


@bp.post("/admin/cohorts/<int:cohort_id>/curriculum/<int:year>/<int:month>/clear")
@role_required(Role.SPECIALIST)
def clear_month(cohort_id: int, year: int, month: int):
    """Ask, then remove a month's topic with its links and files."""
    cohort = _month_page(cohort_id, year, month)
    view = queries.month_view(cohort.id, year, month)
    if view is None:
        abort(404)
    back = url_for("curriculum.edit_month", cohort_id=cohort.id, year=year, month=month)
    if not ButtonForm().validate_on_submit():
        return redirect(back)
    if not confirmed():
        return confirmation(
            f"Remove the topic of {queries.month_date(cohort, year, month):%B %Y}?",
            [
                f"“{view.entry.title}” is removed for {cohort.name}, with its "
                f"{plural(len(view.links), 'link')} and {plural(len(view.files), 'file')}.",
                "Meetings that covered it keep their record and no longer name it.",
            ],
            "Yes, remove it",
            back,
        )
    with change():
        operations.clear_month(current_user, view.entry)
    flash("The month’s topic is removed.", "success")
    return redirect(url_for("curriculum.year_page", cohort_id=cohort.id, year=year))


def _remove_resource(model, resource_id: int, remove, done: str):
    """Take a link or file off its month (specialists only reach this), back to the month."""
    resource = get_or_404(model, resource_id)
    entry = db.session.get(CurriculumMonth, resource.month_id)
    if ButtonForm().validate_on_submit():
        with change():
            remove(current_user, resource)
        flash(done, "success")
    return _back_to_month(entry)


@bp.post("/admin/curriculum/links/<int:curriculum_link_id>/delete")
@role_required(Role.SPECIALIST)
def remove_link(curriculum_link_id: int):
    """Take a link off its month."""
    return _remove_resource(
        CurriculumLink, curriculum_link_id, operations.remove_link, "The link is removed."
    )


@bp.post("/admin/curriculum/files/<int:curriculum_file_id>/delete")
@role_required(Role.SPECIALIST)
def remove_file(curriculum_file_id: int):
    """Take a file off its month."""
    return _remove_resource(
        CurriculumFile, curriculum_file_id, operations.remove_file, "The file is removed."
    )


@bp.get("/curriculum/files/<int:curriculum_file_id>")
@role_required(*EVERYONE)
def download_file(curriculum_file_id: int):
    """Download a resource file: the cohort's specialists, mentors and mentees only."""
    stored = db.session.get(CurriculumFile, curriculum_file_id)
    entry = db.session.get(CurriculumMonth, stored.month_id) if stored else None
    if entry is None or not can_read_curriculum(
        current_user, queries.is_cohort_member(current_user, entry.cohort_id)
    ):
        abort(404)
    in_regions_or_404(entry)
    return attachment(stored)


@bp.route("/admin/curriculum/topics", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def topic_list():
    """The program's PLC topic list, paged, and a form to add to it."""
    form = ListTopicForm()
    if form.validate_on_submit():
        with change(form, "title") as outcome:
            operations.add_list_topic(current_user, form.title.data)
        if outcome.saved:
            flash("The topic is on the list.", "success")
            return redirect(url_for("curriculum.topic_list"))
    return render_template(
        "curriculum/topics.html",
        form=form,
        page=paginate_rows(
            queries.topic_list(), page_number(), current_app.config["ITEMS_PER_PAGE"]
        ),
        button=ButtonForm(formdata=None),
    ), (400 if form.errors else 200)


@bp.post("/admin/curriculum/topics/<int:topic_id>/delete")
@role_required(Role.SPECIALIST)
@statewide
def remove_topic(topic_id: int):
    """Take a topic off the program's list (months that chose it keep their title)."""
    topic = get_or_404(CurriculumTopic, topic_id)
    if ButtonForm().validate_on_submit():
        with change():
            operations.remove_list_topic(current_user, topic)
        flash("The topic is off the list; months that chose it keep it.", "success")
    return redirect(url_for("curriculum.topic_list"))
