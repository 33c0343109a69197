"""Certificate forms: the reason to revoke or reissue, the register's filters, verification."""

from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from mentoring.certificates.models import CertificateStatus
from mentoring.certificates.operations import MAX_REASON
from mentoring.core.forms import Form
from mentoring.core.text import clean_text

MAX_PDF_BYTES = 2 * 1024 * 1024  # a certificate is about 30 KB


def _reason(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[clean_text],
        validators=[DataRequired("Give the reason."), Length(max=MAX_REASON)],
        render_kw={"rows": 3, "maxlength": MAX_REASON},
    )


class RevokeForm(Form):
    reason = _reason("Reason for revoking")
    submit = SubmitField("Revoke")


class ReissueForm(Form):
    reason = _reason("Reason for reissuing")
    submit = SubmitField("Revoke and reissue")


class RegisterFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    cohort = SelectField("Cohort", choices=[], validators=[Optional()])
    school_year = SelectField("Cohort's first school year", choices=[], validators=[Optional()])
    status = SelectField(
        "Status",
        choices=[
            SelectChoice("", "All"),
            *(SelectChoice(s.value, s.label) for s in CertificateStatus),
        ],
        validators=[Optional()],
    )


class VerifyForm(Form):
    class Meta:
        csrf = False  # a GET lookup changes nothing

    code = StringField(
        "Verification code",
        validators=[DataRequired("Type the code printed on the certificate."), Length(max=64)],
    )


class PdfCheckForm(Form):
    pdf = FileField(
        "Certificate PDF",
        validators=[
            FileRequired("Choose the certificate's PDF file."),
            FileSize(MAX_PDF_BYTES, message="A certificate PDF is smaller than 2 MB."),
        ],
    )
    submit = SubmitField("Check the PDF")
