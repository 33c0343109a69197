"""The yearly service statement of a mentor as a PDF, signed by the configured signatory (the
certificates' issuer: mentoring/certificates/issuer.py)."""

from datetime import date

from mentoring.certificates.documents import data_uri
from mentoring.certificates.issuer import current_identity, setting
from mentoring.cohorts.models import school_year_label
from mentoring.core.pdf import render_pdf
from mentoring.service.queries import ServiceYear, requirement_for
from mentoring.users.models import User


def statement_pdf(mentor: User, year: ServiceYear, today: date) -> bytes:
    """Render the statement; an IssuerConfigError (a MentoringError) says what configuration is
    missing, the signatory's name and title among it."""
    identity = current_identity()
    return render_pdf(
        "pdf/service_statement.html",
        "service_statement.css",
        mentor=mentor,
        year=year,
        school_year=school_year_label(year.school_year),
        requirement=requirement_for(year.school_year),
        issuer=identity,
        logos=[data_uri(logo) for logo in identity.logos],
        signature=data_uri(identity.signature) if identity.signature else None,
        signatory_name=setting("CERTIFICATE_SIGNATORY_NAME"),
        signatory_title=setting("CERTIFICATE_SIGNATORY_TITLE"),
        today=today,
    )
