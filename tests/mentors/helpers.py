"""Applications for the mentor tests: the public form's answers, or one recorded directly."""

from datetime import timedelta

from mentoring.core import localtime
from mentoring.extensions import db
from mentoring.mentors import operations
from mentoring.mentors.models import MentorApplication


def application_answers(**changes) -> dict:
    """Return a complete, valid application form; keywords replace answers, None drops one."""
    answers = {
        "name": "Casey Counselor",
        "email": "casey@school.example",
        "district": "Riverside R-IV",
        "school": "Riverside Middle",
        "grade_levels": ["middle", "high"],
        "region": "Central",
        "years_experience": "7",
        "association_number": "MSCA-12345",
        "association_expires_on": (localtime.today() + timedelta(days=200)).isoformat(),
        "holds_career_certificate": "yes",
        "statement": "I want to help new counselors find their feet.",
        "reference1_name": "Pat Principal",
        "reference1_email": "pat@school.example",
        "reference2_name": "Dana Director",
        "reference2_email": "dana@school.example",
        "commits_two_years": "y",
    }
    answers.update(changes)
    return {name: value for name, value in answers.items() if value is not None}


def submit_application(**changes) -> MentorApplication:
    """Record an application through the operation, as the public form does."""
    fields = {
        "name": "Casey Counselor",
        "email": "casey@school.example",
        "district": "Riverside R-IV",
        "school": "Riverside Middle",
        "grade_levels": ["middle"],
        "region": "Central",
        "years_experience": 7,
        "association_number": "MSCA-12345",
        "association_expires_on": localtime.today() + timedelta(days=200),
        "holds_career_certificate": False,
        "statement": "I want to help.\n\nI have mentored interns before.",
        "reference1_name": "Pat Principal",
        "reference1_email": "pat@school.example",
        "reference2_name": "Dana Director",
        "reference2_email": "dana@school.example",
        "commits_two_years": True,
    }
    fields.update(changes)
    application = operations.submit_application(**fields)
    db.session.commit()
    return application
