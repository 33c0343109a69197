"""Specialists manage accounts: list, search, invite, change role, deactivate, audit."""

from sqlalchemy import func, select

from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User
from mentoring.users.queries import audit_actions
from tests.factories import AuthActions, make_user


def _count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_user_list_searches_filters_and_pages(app, client, auth):
    specialist = make_user(Role.SPECIALIST, name="Aaron Specialist")
    for number in range(30):
        make_user(
            Role.MENTEE, name=f"Mentee {number:02d}", email=f"mentee{number:02d}@district.example"
        )
    make_user(Role.MENTOR, name="Zoe Mentor", email="zoe@example.org", is_active=False)
    auth.login_as(specialist)
    first = client.get("/admin/users").get_data(as_text=True)
    assert "32 accounts" in first and "Page 1 of 2" in first
    assert "Aaron Specialist" in first and "Zoe Mentor" not in first
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert "Zoe Mentor" in second
    searched = client.get("/admin/users?q=MENTEE0").get_data(as_text=True)
    assert "10 accounts" in searched
    by_role = client.get("/admin/users?role=mentor").get_data(as_text=True)
    assert "1 account" in by_role and "Zoe Mentor" in by_role
    deactivated = client.get("/admin/users?status=deactivated").get_data(as_text=True)
    assert "1 account" in deactivated
    # Unknown filter values are ignored rather than failing.
    assert client.get("/admin/users?role=admin&page=-3").status_code == 200


def test_invite_creates_an_account_emails_it_and_audits(client, auth, outbox):
    auth.login_as(make_user(Role.SPECIALIST))
    response = client.post(
        "/admin/users/invite",
        data={"name": "  Robin Mentor ", "email": "Robin@School.example", "role": "mentor"},
    )
    assert response.status_code == 302
    robin = db.session.scalar(select(User).where(User.email == "robin@school.example"))
    assert robin.name == "Robin Mentor" and robin.role == Role.MENTOR and not robin.has_password
    assert outbox[-1].to == ["robin@school.example"]
    assert "user.invited" in _actions()


def test_invite_refuses_bad_input_beside_the_field_and_changes_nothing(client, auth, outbox):
    existing = make_user(Role.MENTEE, email="taken@example.org")
    auth.login_as(make_user(Role.SPECIALIST))
    before = _count_users()
    cases = [
        (
            {"name": "A", "email": "not-an-email", "role": "mentor"},
            "Enter an email address in the correct format, like name@example.org.",
        ),
        (
            {"name": "A", "email": "a@example.org", "role": "admin"},
            "Choose one of the options given.",
        ),
        (
            {"name": "x" * 121, "email": "a@example.org", "role": "mentor"},
            "Full name must be 120 characters or fewer.",
        ),
        ({"name": "", "email": "a@example.org", "role": "mentor"}, "Enter full name."),
        (
            {"name": "A", "email": existing.email.upper(), "role": "mentor"},
            "An account with the email taken@example.org already exists.",
        ),
    ]
    for form, message in cases:
        response = client.post("/admin/users/invite", data=form)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True), message
    assert _count_users() == before
    assert outbox == []


def test_change_role_deactivate_and_reactivate_are_audited(client, auth):
    target = make_user(Role.MENTEE)
    auth.login_as(make_user(Role.SPECIALIST))
    assert client.post(f"/admin/users/{target.id}/role", data={"role": "mentor"}).status_code == 302
    assert client.post(f"/admin/users/{target.id}/deactivate").status_code == 302
    db.session.refresh(target)
    assert target.role == Role.MENTOR and not target.is_active
    assert client.post(f"/admin/users/{target.id}/reactivate").status_code == 302
    db.session.refresh(target)
    assert target.is_active
    assert _actions()[-3:] == ["user.role_changed", "user.deactivated", "user.reactivated"]


def test_an_unknown_role_is_refused_and_changes_nothing(client, auth):
    target = make_user(Role.MENTEE)
    auth.login_as(make_user(Role.SPECIALIST))
    response = client.post(f"/admin/users/{target.id}/role", data={"role": "superuser"})
    assert response.status_code == 400 and b"Choose one of the options given." in response.data
    db.session.refresh(target)
    assert target.role == Role.MENTEE


def test_a_role_change_signs_the_user_out_so_new_rights_apply(app, client, auth):
    target = make_user(Role.SPECIALIST)
    their_browser = app.test_client_class(app)
    AuthActions(their_browser).login_as(target)
    assert their_browser.get("/admin/users").status_code == 200
    auth.login_as(make_user(Role.SPECIALIST))
    client.post(f"/admin/users/{target.id}/role", data={"role": "mentee"})
    assert their_browser.get("/admin/users").status_code == 302


def test_a_specialist_cannot_lock_themselves_out(client, auth):
    me = make_user(Role.SPECIALIST)
    auth.login_as(me)
    deactivated = client.post(f"/admin/users/{me.id}/deactivate", follow_redirects=True)
    assert b"You cannot deactivate your own account" in deactivated.data
    demoted = client.post(
        f"/admin/users/{me.id}/role", data={"role": "mentee"}, follow_redirects=True
    )
    assert b"You cannot change the role of your own account" in demoted.data
    db.session.refresh(me)
    assert me.is_active and me.role == Role.SPECIALIST


def test_audit_log_pages_and_filters_by_actor_and_action(client, auth):
    specialist = make_user(Role.SPECIALIST, email="boss@example.org")
    auth.login_as(specialist)
    for number in range(3):
        client.post(
            "/admin/users/invite",
            data={
                "name": f"Invitee {number}",
                "email": f"invitee{number}@example.org",
                "role": "mentee",
            },
        )
    page = client.get("/admin/audit?action=user.invited").get_data(as_text=True)
    assert page.count("<code>user.invited</code>") == 3
    assert "boss@example.org" in page
    assert "<code>user.created</code>" not in page
    by_actor = client.get("/admin/audit?actor=BOSS@example.org").get_data(as_text=True)
    assert by_actor.count("boss@example.org") >= 6
    nobody = client.get("/admin/audit?actor=nobody@example.org").get_data(as_text=True)
    assert "No events match these filters." in nobody


def test_audit_log_pages_without_counting_the_whole_log(client, auth):
    specialist = make_user(Role.SPECIALIST, email="boss@example.org")
    auth.login_as(specialist)
    already = db.session.scalar(select(func.count()).select_from(AuditEvent))
    # Exactly two full pages of 50 with what sign-in and set-up wrote.
    for number in range(100 - already):
        db.session.add(AuditEvent(action="test.planted", summary=f"planted event {number:03d}"))
    db.session.commit()

    first = client.get("/admin/audit").get_data(as_text=True)
    assert "Page 1</span>" in first and " of " not in first.split("Page 1")[1][:20]
    assert first.count("<code>") == 50 and "/admin/audit?page=2" in first
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert second.count("<code>") == 50 and "/admin/audit?page=1" in second
    # The 101st row that would open a third page does not exist: no Next link.
    assert "/admin/audit?page=3" not in second
    past_the_end = client.get("/admin/audit?page=3").get_data(as_text=True)
    assert "No events match these filters." in past_the_end and "?page=2" in past_the_end


def test_audit_action_choices_are_the_distinct_actions_recorded(app):
    for action in ["b.second", "a.first", "c.third", "a.first", "b.second", "a.first"]:
        db.session.add(AuditEvent(action=action, summary=""))
    db.session.flush()
    assert audit_actions() == ["a.first", "b.second", "c.third"]


def test_audit_action_choices_of_an_empty_log_are_none(app):
    assert audit_actions() == []
