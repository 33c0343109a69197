"""Real app servers for the deployment tests: gunicorn processes in production mode on loopback
ports, sharing one PostgreSQL database and one Redis, and visitors that reach them the way a
load balancer passes requests on (the public Host, X-Forwarded-For, X-Forwarded-Proto: https).

The production session cookie is `__Host-session` and Secure, so no HTTP client would send it
over plain http to 127.0.0.1: a visitor keeps it itself and sends the Cookie header, which is
also how a session is carried from one server to another.
"""

import hashlib
import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from mentoring import _ENVIRONMENT
from tests.security.walk import forms_in

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the venv's bin/: gunicorn and flask live beside python
PUBLIC_HOST = "mentoring.test"  # the Host header the load balancer passes on
PUBLIC_URL = f"https://{PUBLIC_HOST}"
SESSION_COOKIE = "__Host-session"
READY_WITHIN = 60  # seconds for a server to answer /healthz (WeasyPrint's import is slow)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_environment() -> dict[str, str]:
    """This process's environment without any of the app's own variables."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in _ENVIRONMENT and name != "MENTORING_INSTANCE_PATH"
    }


def run_flask(arguments: list[str], environment: dict[str, str]) -> None:
    """Run `flask --app mentoring ...` as an operator would, failing with its output."""
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "mentoring", *arguments],
        env=environment,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"flask {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}"


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def start_servers(
    names: list[str], environment: dict[str, str], workers: int, logs: Path
) -> list[Server]:
    """Start `gunicorn 'mentoring:create_app()'` once per name, each on a free loopback port,
    all at once (each takes seconds to import the app); return when every one answers."""
    servers = [_launch(name, environment, workers, logs, 0) for name in names]
    try:
        for index, server in enumerate(servers):
            # Another process may take the free port before gunicorn binds it: try another.
            for attempt in range(1, 3):
                if _ready(server):
                    break
                stop_server(server)
                print(f"--- {server.name} did not start:\n{server.log_tail()}")
                server = servers[index] = _launch(server.name, environment, workers, logs, attempt)
            else:
                if not _ready(server):
                    raise AssertionError(f"gunicorn did not start:\n{server.log_tail()}")
    except BaseException:
        for server in servers:
            stop_server(server)
        raise
    return servers


def _launch(name: str, environment: dict[str, str], workers: int, logs: Path, attempt: int):
    port = free_port()
    log = logs / f"{name}-{attempt}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                # gunicorn 27's control socket sits in the home folder: two servers collide.
                "--no-control-socket",
                "--graceful-timeout",
                "5",
                "mentoring:create_app()",
            ],
            env=environment,
            cwd=PROJECT_ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Server(name, port, process, log)


def _ready(server: Server) -> bool:
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            if Visitor().get(server, "/healthz").status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def stop_server(server: Server) -> None:
    """Stop the server and its workers; kill them if they do not stop within 15 seconds."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        """Where a redirect points, as a path."""
        return urllib.parse.urlsplit(self.headers.get("Location", "")).path

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def form_fields(html: str, page: str, action: str | None = None) -> dict[str, str]:
    """The fields of the form on the page that posts to `action` (default: the page itself), as
    the page fills them in: its CSRF token, and its one-time token if it has one."""
    for found in forms_in(html, page):
        if found.action == (action or page):
            return found.data()
    raise AssertionError(f"no form posting to {action or page} on {page}")


@dataclass
class Visitor:
    """One browser behind the load balancer, at its own client address."""

    address: str = "198.51.100.1"
    cookie: str | None = None
    set_cookies: list[str] = field(default_factory=list)  # the last answer's Set-Cookie lines

    def copy(self) -> "Visitor":
        """The same browser in another tab: same address and session cookie."""
        return Visitor(self.address, self.cookie)

    def request(self, server: Server, method: str, path: str, body=None, headers=None) -> Answer:
        sent = {
            "Host": PUBLIC_HOST,
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            **(headers or {}),
        }
        if self.cookie:
            sent["Cookie"] = f"{SESSION_COOKIE}={self.cookie}"
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            body = response.read()
            seconds = time.perf_counter() - started
        finally:
            connection.close()
        self.set_cookies = response.headers.get_all("Set-Cookie") or []
        for line in self.set_cookies:
            self._keep(line)
        return Answer(response.status, response.headers, body, seconds)

    def _keep(self, set_cookie: str) -> None:
        name, _, rest = set_cookie.partition("=")
        if name.strip() != SESSION_COOKIE:
            return
        value, *attributes = (part.strip() for part in rest.split(";"))
        expired = any(attribute.lower() == "max-age=0" for attribute in attributes)
        self.cookie = None if expired or not value else value

    def get(self, server: Server, path: str) -> Answer:
        return self.request(server, "GET", path)

    def post(self, server: Server, path: str, fields, page: str | None = None) -> Answer:
        """Send a form as a browser does, with the Referer of the page it came from (Flask-WTF
        checks it over https)."""
        return self.request(
            server,
            "POST",
            path,
            body=urllib.parse.urlencode(fields, doseq=True),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": PUBLIC_URL + (page or path),
            },
        )

    def form(self, server: Server, page: str, action: str | None = None) -> dict[str, str]:
        """The fields of the form on the page, as the page fills them in."""
        answer = self.get(server, page)
        assert answer.status == 200, f"GET {page} answered {answer.status}"
        return form_fields(answer.text, page, action)

    def sign_in(
        self, server: Server, email: str, password: str, code: str | None = None, then=None
    ) -> Answer:
        """Sign in on `server`; give the second-factor code on `then` (default the same)."""
        fields = self.form(server, "/login")
        answer = self.post(server, "/login", {**fields, "email": email, "password": password})
        if code is not None:
            assert answer.location == "/login/second-factor", answer.status
            second = then or server
            fields = self.form(second, "/login/second-factor")
            answer = self.post(second, "/login/second-factor", {**fields, "code": code})
        assert answer.status == 302 and answer.location == "/", (answer.status, answer.location)
        return answer
