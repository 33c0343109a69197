"""Report routes: specialists only. The downloads ask a specialist who signed in over 15 minutes
ago to confirm it is them; the matrix's specialist has just signed in."""

from tests.matrix import SIGN_IN, row, specialists_only

ROUTES = {
    "reports.index": specialists_only(),
    # The certification office reads the completions (enrollment) and certificates reports;
    # the regional specialist reads every report, of their region only.
    **{
        f"reports.{slug}{suffix}": row("GET", SIGN_IN, 200, 403, 403, office=200)
        for slug in ("enrollment", "certificates")
        for suffix in ("", "_csv", "_xlsx")
    },
    **{
        f"reports.{slug}{suffix}": specialists_only()
        for slug in ("progress", "mentors")
        for suffix in ("", "_csv", "_xlsx")
    },
    "reports.enrollment_list": specialists_only(),
    "reports.certificate_list": row("GET", SIGN_IN, 200, 403, 403, office=200),
}
