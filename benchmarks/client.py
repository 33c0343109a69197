"""The benchmark's HTTP side: sign in as a persona and time one page, alone and under load."""

import math
import re
import statistics
import threading
import time
from dataclasses import dataclass

import pyotp
import requests

from benchmarks.wsgi import QUERY_COUNT_HEADER

PASSWORD = "demo-mentoring-pass"  # noqa: S105 (the published demo password)
WARM_UP = 3
SEQUENTIAL = 30
CLIENTS = 8
THROUGHPUT_SECONDS = 10.0
TIMEOUT = 60
HEALTH = "health check"  # the app's /healthz against the floor's: the middleware's own cost


@dataclass
class PageResult:
    name: str
    path: str
    queries: int
    median_ms: float
    p95_ms: float
    requests_per_s: float
    # The floor's page measured just before this one (benchmarks/floor.py).
    floor_median_ms: float = 0.0
    floor_requests_per_s: float = 0.0

    @property
    def median_ratio(self) -> float:
        return self.median_ms / self.floor_median_ms

    @property
    def throughput_ratio(self) -> float:
        return self.requests_per_s / self.floor_requests_per_s


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def _send_code(session: requests.Session, page: requests.Response, secret: str):
    return session.post(
        page.url,
        data={"csrf_token": _csrf(page.text), "code": pyotp.TOTP(secret).now()},
        timeout=TIMEOUT,
    )


def sign_in(base: str, email: str, totp_secret: str | None = None) -> requests.Session:
    """A session signed in through the real form, second factor included."""
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=TIMEOUT)
    answer = session.post(
        f"{base}/login",
        data={"csrf_token": _csrf(page.text), "email": email, "password": PASSWORD},
        timeout=TIMEOUT,
    )
    if totp_secret and "second-factor" in answer.url:
        second_step = answer
        answer = _send_code(session, second_step, totp_secret)
        if "second-factor" in answer.url:
            # A code works once per 30-second step, and an earlier run on this database (a
            # PostgreSQL one is kept) may have used this step's: try the next step's code.
            time.sleep(30 - time.time() % 30 + 1)
            answer = _send_code(session, second_step, totp_secret)
    if answer.status_code != 200 or "/login" in answer.url:
        raise RuntimeError(f"could not sign in as {email} ({answer.status_code} {answer.url})")
    return session


def last_page_path(session: requests.Session, base: str, path: str, pager_label: str) -> str:
    """The path of the last page of the list whose pager is labelled pager_label, reached by
    following its Next links (a keyset list's deep pages are addressed by the row they follow,
    not by their number)."""
    for _ in range(10_000):
        html = session.get(base + path, timeout=TIMEOUT).text
        pager = re.search(
            rf'aria-label="{re.escape(pager_label)}">(.*?)</nav>', html, flags=re.DOTALL
        )
        following = pager and re.search(r'<a class="page-link" href="([^"]+)">Next</a>', pager[1])
        if not following:
            return path
        path = following[1].replace("&amp;", "&")
    raise RuntimeError(f"{pager_label}: no last page after 10,000")


def _get(session: requests.Session, url: str) -> requests.Response:
    """One request; anything but a 200 (a redirect to the sign-in page included) stops the run."""
    response = session.get(url, timeout=TIMEOUT, allow_redirects=False)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest sample with at least share of them below."""
    ordered = sorted(samples)
    return ordered[max(math.ceil(share * len(ordered)), 1) - 1]


def measure_page(session: requests.Session, base: str, name: str, path: str) -> PageResult:
    """Sequential latency, the statement count, then throughput with CLIENTS at once."""
    url = base + path
    for _ in range(WARM_UP):
        _get(session, url)
    times, counts = [], set()
    for _ in range(SEQUENTIAL):
        started = time.perf_counter()
        response = _get(session, url)
        times.append((time.perf_counter() - started) * 1000)
        counts.add(int(response.headers[QUERY_COUNT_HEADER]))
    if len(counts) != 1:
        raise RuntimeError(f"{name}: the statement count varied between requests: {counts}")
    return PageResult(
        name=name,
        path=path,
        queries=counts.pop(),
        median_ms=statistics.median(times),
        p95_ms=percentile(times, 0.95),
        requests_per_s=throughput(session, url),
    )


def throughput(session: requests.Session, url: str) -> float:
    """Requests/s answered to CLIENTS threads requesting url back to back for the set time.

    The threads share the one signed-in session's cookie (each has its own connection): signing
    in eight times would take eight second-factor steps of 30 s for the specialist.
    """
    answered = [0] * CLIENTS
    failures: list[str] = []
    start = threading.Barrier(CLIENTS + 1)
    ends = [0.0] * CLIENTS

    def client(index: int) -> None:
        own = requests.Session()
        own.cookies.update(session.cookies)
        start.wait()
        stop = time.monotonic() + THROUGHPUT_SECONDS
        while time.monotonic() < stop:
            try:
                _get(own, url)
                answered[index] += 1
            except (RuntimeError, requests.RequestException) as error:
                failures.append(str(error))
        ends[index] = time.monotonic()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests under load, first: {failures[0]}")
    # The last request of each thread may end after the set time: divide by the real span.
    return sum(answered) / (max(ends) - began)
