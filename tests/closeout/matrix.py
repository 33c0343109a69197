from tests.matrix import specialists_only

ROUTES = {
    "closeout.close_cohort": specialists_only(),
}
