"""The roles an account can have: the words every layer, the policy first, checks against."""

import enum


class Role(enum.StrEnum):
    SPECIALIST = "specialist"
    MENTOR = "mentor"
    MENTEE = "mentee"
    # Read-only: the certificate register, verification, the completions report and the
    # district verification results; nothing else (core/policy.py).
    CERTIFICATION_OFFICE = "certification_office"

    @property
    def label(self) -> str:
        return {
            "specialist": "Program specialist",
            "mentor": "Mentor",
            "mentee": "Mentee",
            "certification_office": "Certification office",
        }[self]
