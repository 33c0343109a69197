"""Certificate routes. The world's certificate belongs to the visiting mentee's enrollment in the
visiting mentor's group. Posts carry no data (CSRF off): issuing for an enrollment that is not
complete, or for a cohort with none waiting, explains itself and redirects; revoking without a
reason shows the form again (400); checking a PDF without a file says so (400)."""

from tests.matrix import SIGN_IN, everyone, regional_object, row

ONE_CERTIFICATE = row("GET", SIGN_IN, 200, 200, 200, office=403, regional=404)

ROUTES = {
    "certificates.issue": regional_object("POST", 302),
    "certificates.issue_cohort": regional_object("POST", 302),
    "certificates.show": row("GET", SIGN_IN, 200, 200, 200, office=403, regional=404),
    "certificates.download": row("GET", SIGN_IN, 200, 200, 200, office=403, regional=404),
    "certificates.download_credential": row(
        "GET", SIGN_IN, 200, 200, 200, office=403, regional=404
    ),
    "certificates.issuer_profile": everyone("GET", 200),
    "certificates.public_keys": everyone("GET", 200),
    "certificates.status_list": everyone("GET", 200),
    "certificates.revoke": regional_object("POST", 400),
    "certificates.reissue": regional_object("POST", 400),
    "certificates.register": row("GET", SIGN_IN, 200, 403, 403, office=200),
    "certificates.export": row("GET", SIGN_IN, 200, 403, 403, office=200),
    "certificates.export_xlsx": row("GET", SIGN_IN, 200, 403, 403, office=200),
    "certificates.verify_form": everyone("GET", 200),
    "certificates.verify": everyone("GET", 200),
    "certificates.verify_json": everyone("GET", 200),
    "certificates.check_pdf": everyone("POST", 400),
}
