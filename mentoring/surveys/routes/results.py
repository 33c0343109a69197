"""A survey's results, filtered, and their exports."""

from flask import flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from mentoring.cohorts.models import school_year_label
from mentoring.core.policy import get_or_404, role_required, statewide
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download
from mentoring.surveys import charts, queries
from mentoring.surveys.forms import ResultsFilterForm
from mentoring.surveys.models import MIN_ANSWERS_SHOWN, QuestionKind, Survey
from mentoring.surveys.routes import bp


def _filters(survey: Survey) -> tuple[ResultsFilterForm, queries.Filters, bool]:
    cohorts, regions, years = queries.filter_choices(survey.id)
    form = ResultsFilterForm(request.args)
    form.cohort.choices = [SelectChoice("", "All cohorts")] + [
        SelectChoice(str(cohort_id), name) for cohort_id, name in cohorts
    ]
    form.region.choices = [SelectChoice("", "All regions")] + [
        SelectChoice(region) for region in regions
    ]
    form.year.choices = [SelectChoice("", "All school years")] + [
        SelectChoice(str(year), school_year_label(year)) for year in years
    ]
    valid = form.validate()
    filters = (
        queries.Filters(
            cohort_id=int(form.cohort.data) if form.cohort.data else None,
            region=form.region.data or None,
            school_year=int(form.year.data) if form.year.data else None,
        )
        if valid
        else queries.Filters()
    )
    return form, filters, valid


@bp.get("/admin/surveys/<int:survey_id>/results")
@role_required(Role.SPECIALIST)
@statewide
def results(survey_id: int):
    """A survey's results for a cohort, a region, a school year or all: charts of the scale
    questions, counts of the choices, and the text answers (sorted). Nothing below 5 answers."""
    survey = get_or_404(Survey, survey_id)
    form, filters, valid = _filters(survey)
    found = queries.results(survey.id, filters) if valid else queries.Results(0, [])
    return render_template(
        "surveys/results.html",
        survey=survey,
        form=form,
        valid=valid,
        results=found,
        charts={
            result.question.id: charts.scale_chart(result.counts)
            for result in found.questions
            if result.question.kind == QuestionKind.SCALE
        },
        threshold=MIN_ANSWERS_SHOWN,
        texts_shown=queries.TEXTS_SHOWN,
        groups=[
            (region, year, school_year_label(year), answers)
            for region, year, answers in queries.answers_by_region_and_year(survey.id)
        ],
    ), (200 if valid else 400)


@bp.get("/admin/surveys/<int:survey_id>/results.<any(csv, xlsx):file_format>")
@role_required(Role.SPECIALIST)
@statewide
def export_results(survey_id: int, file_format: str):
    """Download the results the filters select as CSV or Excel, only from 5 answers up."""
    survey = get_or_404(Survey, survey_id)
    form, filters, valid = _filters(survey)
    found = queries.results(survey.id, filters, texts_per_question=None) if valid else None
    if found is None or not found.is_shown:
        flash(
            f"Results are exported only for groups of {MIN_ANSWERS_SHOWN} answers or more.",
            "info",
        )
        return redirect(url_for("surveys.results", survey_id=survey.id, **request.args))
    return spreadsheet_download(
        f"survey-{survey.id}-results", file_format, *queries.export_rows(found)
    )
