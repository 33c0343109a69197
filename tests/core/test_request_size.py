"""Request size limits: a form's worth for every page, a file's worth where a file is taken."""

import socket
import time

from mentoring.core.roles import Role
from mentoring.mentors.forms import STATEMENT_LENGTH
from tests.factories import make_cohort, make_user
from tests.mentors.helpers import application_answers

KB = 1024


def _refused_with_the_page(response) -> bool:
    body = response.get_data(as_text=True)
    return (
        response.status_code == 413
        and "<h1>Too large to accept</h1>" in body
        and "can be at most 2 MB" in body
        and "Traceback" not in body
    )


def test_a_form_larger_than_any_real_one_is_refused_with_a_page(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 300 * KB})
    assert _refused_with_the_page(response)


def test_the_longest_real_form_text_still_fits(client):
    """A statement of the longest length in 4-byte characters, each percent-encoded as 12."""
    statement = "\U0001f600" * STATEMENT_LENGTH
    response = client.post("/mentors/apply", data=application_answers(statement=statement))
    assert response.status_code == 302


def _upload(client, url: str, size: int):
    """POST a multipart form holding one CSV file of size bytes (built here, since the test
    client would spool a large one to a temporary file that it never closes)."""
    header = b"email,name,district,school,grade_level,kind\r\n"
    body = (
        b"--b\r\n"
        b'Content-Disposition: form-data; name="roster"; filename="r.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + header + b"#" * (size - len(header)) + b"\r\n--b--\r\n"
    )
    return client.post(url, data=body, content_type="multipart/form-data; boundary=b")


def test_a_file_page_takes_a_2_mb_file_and_refuses_more(client, auth):
    cohort = make_cohort()
    auth.login_as(make_user(Role.SPECIALIST))
    url = f"/admin/cohorts/{cohort.id}/roster"
    two_mb = _upload(client, url, 2 * KB * KB)
    assert two_mb.status_code == 400  # read and judged: not a roster
    assert "Too large to accept" not in two_mb.get_data(as_text=True)
    assert _refused_with_the_page(_upload(client, url, 3 * KB * KB))
    assert _refused_with_the_page(_upload(client, "/login", 300 * KB))


def test_a_huge_body_is_refused_before_it_is_read(live_server):
    """An anonymous 200 MB POST to /login used to be read in full before any check."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", live_server), timeout=10) as connection:
        connection.sendall(
            b"POST /login HTTP/1.1\r\nHost: mentoring.test\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 200000000\r\n\r\nemail=a%40example.org&password="
        )
        answer = connection.recv(200)
    assert answer.startswith(b"HTTP/1.1 413")
    assert time.monotonic() - started < 5
