"""Where a program specialist may act: the regions they are scoped to. The policy's own data
(core/policy.py reads it), so it lives in core, below every feature."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.extensions import db


class SpecialistRegion(db.Model):
    """A region a program specialist is scoped to. A specialist without any row is statewide;
    with rows, they see and act only on the program of those regions (core/policy.py)."""

    __tablename__ = "specialist_regions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    region: Mapped[str] = mapped_column(String(64), primary_key=True)
