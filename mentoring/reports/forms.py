"""The filters every report shares."""

from wtforms import SelectField
from wtforms.validators import Optional, ValidationError

from mentoring.cohorts.models import school_year_label
from mentoring.core.forms import Form
from mentoring.reports import queries

YEARS_SHOWN = 15


class ReportFilterForm(Form):
    """School year, region and cohort. A region or cohort that does not exist (an old link, a
    typed URL) is named in a message beside its field, and the report is not shown."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    school_year = SelectField("School year", choices=[], validators=[Optional()])
    region = SelectField("Region", choices=[], validators=[Optional()], validate_choice=False)
    cohort = SelectField("Cohort", choices=[], validators=[Optional()], validate_choice=False)

    def __init__(self, this_year: int, *args, scope: frozenset[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope  # a scoped specialist's regions: the only ones offered, and counted
        self.school_year.choices = [("", "All school years")] + [
            (str(year), school_year_label(year))
            for year in range(this_year, this_year - YEARS_SHOWN, -1)
        ]
        self.region.choices = [("", "All regions")] + [(r, r) for r in queries.regions(scope)]
        self.cohort.choices = [("", "All cohorts")] + [
            (str(cohort_id), label) for cohort_id, label in queries.cohort_choices(scope)
        ]

    def validate_region(self, field) -> None:
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError(f"There is no region “{field.data}”. Choose one from the list.")

    def validate_cohort(self, field) -> None:
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError("There is no such cohort. Choose one from the list.")

    def filters(self) -> queries.Filters:
        """The filters chosen (call after validate() has passed)."""
        return queries.Filters(
            school_year=int(self.school_year.data) if self.school_year.data else None,
            region=self.region.data or None,
            cohort_id=int(self.cohort.data) if self.cohort.data else None,
            regions=self.scope,
        )
