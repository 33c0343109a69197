"""The roles an account can have: the words every layer, the policy first, checks against."""

import enum


class Role(enum.StrEnum):
    SPECIALIST = "specialist"
    MENTOR = "mentor"
    MENTEE = "mentee"

    @property
    def label(self) -> str:
        return {"specialist": "Program specialist", "mentor": "Mentor", "mentee": "Mentee"}[self]
