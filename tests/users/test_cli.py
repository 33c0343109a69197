"""`flask users create` and `flask demo seed`."""

from sqlalchemy import func, select

from mentoring.core.roles import Role
from mentoring.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from mentoring.extensions import db
from mentoring.users.models import User


def _count(role=None) -> int:
    query = select(func.count()).select_from(User)
    if role:
        query = query.where(User.role == role)
    return db.session.scalar(query)


def test_users_create_with_password_option(runner, client, auth):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Cli@Example.org",
            "--name",
            "Cli User",
            "--role",
            "mentor",
            "--password",
            "a-long-cli-password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created mentor cli@example.org" in result.output
    assert auth.login("cli@example.org", "a-long-cli-password").status_code == 302


def test_users_create_asks_for_the_password(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "ask@example.org", "--name", "Ask", "--role", "mentee"],
        input="typed-at-the-prompt\ntyped-at-the-prompt\n",
    )
    assert result.exit_code == 0, result.output
    assert _count(Role.MENTEE) == 1


def test_users_create_refuses_bad_input_and_creates_nothing(runner):
    weak = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "mentor",
            "--password",
            "short",
        ]
    )
    assert weak.exit_code == 1 and "Use at least 12 characters." in weak.output
    role = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "admin",
            "--password",
            "x" * 20,
        ]
    )
    assert role.exit_code == 2
    assert _count() == 0


def test_demo_seed_loads_the_demo_accounts_and_refuses_a_second_time(runner, auth):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    # A statewide and a Central specialist, the certification office, 2 mentors, 7 mentees.
    counts = [_count(role) for role in (Role.SPECIALIST, Role.CERTIFICATION_OFFICE)]
    assert counts + [_count(Role.MENTOR), _count(Role.MENTEE)] == [2, 1, 2, 7]
    for email, _name, _role in DEMO_ACCOUNTS:
        assert email in first.output
    assert auth.login(DEMO_ACCOUNTS[0][0], DEMO_PASSWORD).status_code == 302
    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 1 and "--force" in again.output
    if_empty = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert if_empty.exit_code == 0 and _count() == 12
    forced = runner.invoke(args=["demo", "seed", "--force"])
    assert forced.exit_code == 0 and _count() == 12


def test_demo_code_prints_the_demo_specialists_current_code(runner, client):
    assert runner.invoke(args=["demo", "code"]).exit_code == 1  # no demo data yet
    runner.invoke(args=["demo", "seed"])
    printed = runner.invoke(args=["demo", "code"])
    assert printed.exit_code == 0, printed.output
    code = printed.output.split()[0]
    assert len(code) == 6 and code.isdigit()
    client.post("/login", data={"email": DEMO_ACCOUNTS[0][0], "password": DEMO_PASSWORD})
    response = client.post("/login/second-factor", data={"code": code})
    assert response.status_code == 302 and response.headers["Location"] == "/"
