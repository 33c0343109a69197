"""Load without loss: 20 concurrent visitors for a bounded time against two gunicorn servers
(two workers each) on PostgreSQL and Redis, mixing page reads with mentors logging meetings
and mentees writing reflections, each request through either server.

Every write carries a unique marker (the meeting's focus, the reflection's title). Afterwards:
no 5xx and no unexpected answer; every write answered with success is stored exactly once
(a form sent twice at the same moment, through both servers, still makes one meeting or one
reflection); no refused write is stored; and the progress tallies kept under load equal a
recount. The figures are printed (they are noisy on a small shared machine).
MENTORING_LOAD_SECONDS sets the length of the load (default 30 seconds); a request waits 60
seconds at most, so the test stops by itself.
"""

import os
import random
import secrets
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import pyotp
import pytest
from sqlalchemy import func, select

from mentoring.cohorts.models import Enrollment
from mentoring.core import localtime
from mentoring.core.localtime import school_year_of
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.meetings.models import Meeting
from mentoring.progress import tallies
from mentoring.progress.models import YearTally
from mentoring.reflections.models import Reflection
from tests.deploy.cluster import Answer, Server, Visitor, form_fields
from tests.deploy.helpers import running_servers
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)

CLIENTS = 20
MENTORS = 5  # each with a PLC group of 4 mentees
MENTEE_CLIENTS = CLIENTS - MENTORS - 1  # and one specialist
LOAD_SECONDS = float(os.environ.get("MENTORING_LOAD_SECONDS", "30"))
INVALID_SHARE = 0.1  # writes sent with a mistake, which must be refused and not stored
DOUBLE_SHARE = 0.15  # writes sent twice (a double click)


@dataclass
class Write:
    kind: str  # "meeting" or "reflection"
    marker: str
    valid: bool
    answers: list[int] = field(default_factory=list)
    location: str = ""

    @property
    def succeeded(self) -> bool:
        return bool(self.answers) and all(status == 302 for status in self.answers)


@dataclass
class Tally:
    """What the visitors saw: every request's answer and time, and every write they made."""

    requests: list[tuple[str, str, int, float]] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    surprises: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, method: str, path: str, answer: Answer, expected: int) -> Answer:
        with self.lock:
            self.requests.append((method, path, answer.status, answer.seconds))
            if answer.status != expected:
                self.surprises.append(f"{method} {path}: {answer.status}, expected {expected}")
        return answer


@dataclass
class World:
    run: str
    cohort_id: int
    specialist: str
    mentors: list[tuple[str, int, list[int]]]  # email, group id, its enrollment ids
    mentees: list[str]


def _program_start_year(today: date) -> int:
    return school_year_of(today)


def _world(deployment) -> World:
    """A running cohort (today in its first program year), 5 mentors with 4 mentees each."""
    run = secrets.token_hex(4)
    with deployment.app.app_context():
        cohort = make_cohort(name=f"Load {run}", start_year=_program_start_year(localtime.today()))
        mentors, mentees = [], []
        for number in range(MENTORS):
            mentor = make_mentor(name=f"Mentor {number} {run}")
            group = make_group(cohort, mentor)
            enrollments = []
            for _ in range(4):
                mentee = make_mentee()
                enrollments.append(enroll(cohort, mentee, group).id)
                mentees.append(mentee.email)
            mentors.append((mentor.email, group.id, enrollments))
        specialist = make_user(Role.SPECIALIST).email
        return World(run, cohort.id, specialist, mentors, mentees[:MENTEE_CLIENTS])


class Client:
    """One visitor's loop: a few pages, then a write; each request through the next server."""

    def __init__(self, number: int, servers: list[Server], tally: Tally, world: World):
        self.number, self.servers, self.tally, self.world = number, servers, tally, world
        self.visitor = Visitor(f"198.51.100.{100 + number}")
        self.random = random.Random(number)
        self.turn = number
        self.writes = 0

    def server(self) -> Server:
        self.turn += 1
        return self.servers[self.turn % len(self.servers)]

    def get(self, path: str) -> Answer:
        return self.tally.note("GET", path, self.visitor.get(self.server(), path), 200)

    def form(self, page: str) -> dict:
        return form_fields(self.get(page).text, page)

    def send(self, write: Write, page: str, fields: dict, twice: bool) -> list[Answer]:
        """Post the form once, or twice at the same moment through both servers."""
        expected = 302 if write.valid else 400
        if not twice:
            answers = [self.visitor.post(self.server(), page, fields)]
        else:
            tabs = [self.visitor.copy(), self.visitor.copy()]
            with ThreadPoolExecutor(max_workers=2) as pool:
                answers = list(
                    pool.map(lambda tab, server: tab.post(server, page, fields), tabs, self.servers)
                )
            self.visitor.cookie = tabs[-1].cookie
        for answer in answers:
            self.tally.note("POST", page, answer, expected)
        write.answers = [answer.status for answer in answers]
        write.location = answers[0].location
        with self.tally.lock:
            self.tally.writes.append(write)
        return answers

    def marker(self, kind: str) -> str:
        self.writes += 1
        return f"load-{self.world.run}-{kind}{self.number}-{self.writes}"

    def mentor_round(self, group_id: int, enrollment_ids: list[int]) -> None:
        self.get("/")
        self.get(f"/groups/{group_id}/meetings")
        self.get("/mentor/reflections")
        page = f"/groups/{group_id}/meetings/new"
        fields = self.form(page)
        chance = self.random.random()
        write = Write("meeting", self.marker("m"), valid=chance >= INVALID_SHARE)
        fields.update(
            duration_minutes="60" if write.valid else "5",  # 15 to 480 minutes
            topics=["counseling_skills", "collaboration"],
            attendees=[str(enrollment_id) for enrollment_id in enrollment_ids],
            focus=write.marker,
            next_steps="Draft the caseload calendar",
        )
        self.send(write, page, fields, twice=chance >= 1 - DOUBLE_SHARE)

    def mentee_round(self) -> None:
        self.get("/")
        self.get("/reflections")
        page = "/reflections/new"
        fields = self.form(page)
        chance = self.random.random()
        write = Write("reflection", self.marker("r"), valid=chance >= INVALID_SHARE)
        body = f"What I tried this week and what I will change ({write.marker})."
        fields.update(title=write.marker, body=body if write.valid else "")
        answers = self.send(write, page, fields, twice=chance >= 1 - DOUBLE_SHARE)
        if len({answer.location for answer in answers}) != 1:
            with self.tally.lock:
                self.tally.surprises.append(f"{write.marker} sent twice made two reflections")
        if write.valid and answers[0].status == 302:
            self.get(answers[0].location)

    def specialist_round(self) -> None:
        self.get("/")
        self.get(f"/admin/cohorts/{self.world.cohort_id}")
        self.get("/admin/cohorts")
        _, group_id, _ = self.random.choice(self.world.mentors)
        self.get(f"/groups/{group_id}/meetings")


def _sign_in_all(servers: list[Server], tally: Tally, world: World) -> list[tuple]:
    """Sign every visitor in (outside the timed load) and give each its round."""
    clients = [Client(number, servers, tally, world) for number in range(CLIENTS)]
    specialist, mentors, mentees = clients[0], clients[1 : 1 + MENTORS], clients[1 + MENTORS :]
    specialist.visitor.sign_in(
        servers[0], world.specialist, PASSWORD, code=pyotp.TOTP(TOTP_SECRET).now()
    )
    rounds = [(specialist.specialist_round, ())]
    for client, (email, group_id, enrollment_ids) in zip(mentors, world.mentors, strict=True):
        client.visitor.sign_in(client.server(), email, PASSWORD)
        rounds.append((client.mentor_round, (group_id, enrollment_ids)))
    for client, email in zip(mentees, world.mentees, strict=True):
        client.visitor.sign_in(client.server(), email, PASSWORD)
        rounds.append((client.mentee_round, ()))
    return rounds


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _stored(run: str) -> tuple[Counter, Counter, dict[int, str]]:
    """How many meetings and reflections carry each marker; reflection ids and titles."""
    pattern = f"load-{run}-%"
    meetings = Counter(
        dict(
            db.session.execute(
                select(Meeting.focus, func.count())
                .where(Meeting.focus.like(pattern))
                .group_by(Meeting.focus)
            ).all()
        )
    )
    rows = db.session.execute(
        select(Reflection.id, Reflection.title).where(Reflection.title.like(pattern))
    ).all()
    return meetings, Counter(title for _, title in rows), dict(rows)


def _tally_rows(cohort_id: int) -> list[tuple]:
    return sorted(
        db.session.execute(
            select(
                YearTally.enrollment_id,
                YearTally.program_year,
                YearTally.meetings,
                YearTally.contact_minutes,
                YearTally.reflections,
                YearTally.last_meeting_on,
            )
            .join(Enrollment, Enrollment.id == YearTally.enrollment_id)
            .where(Enrollment.cohort_id == cohort_id)
        ).all()
    )


def _milliseconds(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:.0f} ms, "
        f"p95 {_percentile(values, 0.95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
    )


def _report(tally: Tally, elapsed: float, servers: int) -> str:
    """The figures of a run, for the test's output."""
    statuses = Counter(status for _, _, status, _ in tally.requests)
    reads = [spent for method, _, _, spent in tally.requests if method == "GET"]
    posts = [spent for method, _, _, spent in tally.requests if method == "POST"]
    writes = tally.writes
    kinds = Counter(write.kind for write in writes)
    return "\n".join(
        [
            f"\nload: {CLIENTS} visitors, {servers} gunicorn servers x 2 workers, {elapsed:.1f} s",
            f"  requests: {len(tally.requests)} ({len(tally.requests) / elapsed:.1f}/s); answers "
            + ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items())),
            f"  latency: all {_milliseconds(reads + posts)}",
            f"           pages (GET) {_milliseconds(reads)}; forms (POST) {_milliseconds(posts)}",
            f"  writes: {len(writes)} ({kinds['meeting']} meetings, {kinds['reflection']} "
            f"reflections): {sum(write.succeeded for write in writes)} stored, "
            f"{sum(not write.valid for write in writes)} refused on purpose, "
            f"{sum(len(write.answers) == 2 for write in writes)} sent twice",
        ]
    )


@pytest.fixture(scope="module")
def cluster(deployment, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("load")
    with running_servers(deployment, ["A", "B"], workers=2, tmp=tmp) as cluster:
        yield cluster


def test_twenty_visitors_lose_and_duplicate_no_write(deployment, cluster, capsys):
    world = _world(deployment)
    tally = Tally()
    rounds = _sign_in_all(cluster.servers, tally, world)
    deadline = time.monotonic() + LOAD_SECONDS

    def keep_going(one_round, arguments) -> None:
        while time.monotonic() < deadline:
            one_round(*arguments)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(keep_going, *entry) for entry in rounds]
        for future in futures:
            future.result(timeout=LOAD_SECONDS + 60)  # a request waits 60 s at most
    elapsed = time.monotonic() - started

    statuses = Counter(status for _, _, status, _ in tally.requests)
    writes = tally.writes
    succeeded = [write for write in writes if write.succeeded]
    with capsys.disabled():
        print(_report(tally, elapsed, len(cluster.servers)))

    assert not [code for code in statuses if code >= 500], statuses
    assert not tally.surprises, tally.surprises[:20]
    assert len(succeeded) >= CLIENTS, "too few writes to say anything"
    assert any(len(write.answers) == 2 for write in writes)  # some sent twice
    assert any(not write.valid for write in writes)  # some refused

    with deployment.app.app_context():
        meetings, reflections, titles = _stored(world.run)
        for write in writes:
            stored = (meetings if write.kind == "meeting" else reflections)[write.marker]
            assert stored == (1 if write.succeeded else 0), (write, stored)
        assert set(meetings) | set(reflections) == {write.marker for write in succeeded}
        for write in succeeded:
            if write.kind == "reflection":
                assert titles[int(write.location.rsplit("/", 1)[1])] == write.marker

        # The tallies kept under load (recounted in each write's transaction) equal a recount.
        kept = _tally_rows(world.cohort_id)
        assert kept
        tallies.rebuild_all()
        db.session.flush()
        assert _tally_rows(world.cohort_id) == kept
        db.session.rollback()
