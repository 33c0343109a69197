"""Report routes: specialists only. The downloads ask a specialist who signed in over 15 minutes
ago to confirm it is them; the matrix's specialist has just signed in."""

from tests.matrix import specialists_only

ROUTES = {
    "reports.index": specialists_only(),
    **{
        f"reports.{slug}{suffix}": specialists_only()
        for slug in ("enrollment", "progress", "mentors", "certificates")
        for suffix in ("", "_csv", "_xlsx")
    },
    "reports.enrollment_list": specialists_only(),
    "reports.certificate_list": specialists_only(),
}
