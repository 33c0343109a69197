"""Certificate routes. The world's certificate belongs to the visiting mentee's enrollment in the
visiting mentor's group. Posts carry no data (CSRF off): issuing for an enrollment that is not
complete, or for a cohort with none waiting, explains itself and redirects; revoking without a
reason shows the form again (400); checking a PDF without a file says so (400)."""

from tests.matrix import SIGN_IN, everyone, row, specialists_only

ROUTES = {
    "certificates.issue": specialists_only("POST", 302),
    "certificates.issue_cohort": specialists_only("POST", 302),
    "certificates.show": row("GET", SIGN_IN, 200, 200, 200),
    "certificates.download": row("GET", SIGN_IN, 200, 200, 200),
    "certificates.download_credential": row("GET", SIGN_IN, 200, 200, 200),
    "certificates.issuer_profile": everyone("GET", 200),
    "certificates.public_keys": everyone("GET", 200),
    "certificates.status_list": everyone("GET", 200),
    "certificates.revoke": specialists_only("POST", 400),
    "certificates.reissue": specialists_only("POST", 400),
    "certificates.register": specialists_only(),
    "certificates.export": specialists_only(),
    "certificates.export_xlsx": specialists_only(),
    "certificates.verify_form": everyone("GET", 200),
    "certificates.verify": everyone("GET", 200),
    "certificates.verify_json": everyone("GET", 200),
    "certificates.check_pdf": everyone("POST", 400),
}
