"""Choice lists shared by several features: regions and grade levels."""

import enum

# The state's regional professional development centers; a cohort may also be statewide.
REGIONS = [
    "Central",
    "Heart of Missouri",
    "Kansas City",
    "Northeast",
    "Northwest",
    "South Central",
    "Southeast",
    "Southwest",
    "St. Louis",
]
STATEWIDE = "Statewide"


class GradeLevel(enum.StrEnum):
    ELEMENTARY = "elementary"
    MIDDLE = "middle"
    HIGH = "high"

    @property
    def label(self) -> str:
        return {"elementary": "Elementary", "middle": "Middle school", "high": "High school"}[self]


def parse_grade_levels(text: str | None) -> frozenset[GradeLevel]:
    """Read grade levels stored as comma-separated codes ("elementary,high")."""
    return frozenset(GradeLevel(code) for code in (text or "").split(",") if code)


def format_grade_levels(levels) -> str:
    """Store grade levels as comma-separated codes in a fixed order."""
    chosen = {GradeLevel(level) for level in levels}
    return ",".join(level.value for level in GradeLevel if level in chosen)
