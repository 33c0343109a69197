from tests.matrix import regional_object

ROUTES = {
    "closeout.close_cohort": regional_object(),
}
