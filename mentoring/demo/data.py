"""The demo data set that `make run` loads: one specialist, two mentors, four mentees."""

from sqlalchemy import delete, func, select

from mentoring.extensions import db
from mentoring.users import operations
from mentoring.users.models import Role, User

# Published in README: demo accounts exist only in demo data sets.
DEMO_PASSWORD = "demo-mentoring-pass"  # noqa: S105

DEMO_ACCOUNTS = [
    ("specialist@example.org", "Dana Whitfield", Role.SPECIALIST),
    ("mentor.rivera@example.org", "Alex Rivera", Role.MENTOR),
    ("mentor.okafor@example.org", "Grace Okafor", Role.MENTOR),
    ("mentee.chen@example.org", "Lily Chen", Role.MENTEE),
    ("mentee.baker@example.org", "Sam Baker", Role.MENTEE),
    ("mentee.novak@example.org", "Maria Novak", Role.MENTEE),
    ("mentee.hughes@example.org", "Jordan Hughes", Role.MENTEE),
]


def database_is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(User)) == 0


def clear_database() -> None:
    """Delete every row, children before parents."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))


def seed_demo() -> list[User]:
    """Create the demo accounts, all with the demo password."""
    return [
        operations.create_user(email, name, role, password=DEMO_PASSWORD)
        for email, name, role in DEMO_ACCOUNTS
    ]
