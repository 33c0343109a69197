"""`make bench`: the main pages of each role against a running app at two data scales.

For each scale: a generated data set (`flask demo seed --scale`, cached under
benchmarks/.cache), served by gunicorn with 2 workers on a loopback port (benchmarks/wsgi.py
adds each request's SQL statement count). For each page: the median and p95 latency of single
sequential requests, requests/s with 8 concurrent clients for 10 s, and the SQL statements per
request. Then, in process: a warm certificate render against bare WeasyPrint on the same HTML,
and bulk issuance of 500 certificates. Prints tables and the targets of issue 7, and writes
benchmarks/results/<time>.json.

    .venv/bin/python -m benchmarks.run                       # small and state, SQLite
    .venv/bin/python -m benchmarks.run --scales national \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/mentoring_national
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import pyotp
import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results"
PASSWORD = "demo-mentoring-pass"  # noqa: S105 (the published demo password)
SEQUENTIAL = 30
WARM_UP = 3
CLIENTS = 8
THROUGHPUT_SECONDS = 10.0
RENDERS = 50
BULK = 500
TARGET_QUERIES = 15
TARGET_MEDIAN_MS = {"sqlite": 100.0, "postgresql": 150.0}
TARGET_RATIO = 1.5
NATIONAL_PAGES = {"specialist home", "large cohort page", "verification page"}


@dataclass
class PageResult:
    name: str
    url: str
    queries: int
    median_ms: float
    p95_ms: float
    requests_per_s: float


@dataclass
class ScaleResult:
    scale: str
    database: str
    pages: list[PageResult] = field(default_factory=list)
    render_ms: float = 0.0
    bare_render_ms: float = 0.0
    bulk_seconds: float = 0.0
    bulk_issued: int = 0


def _run_flask(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (the venv's own flask, fixed arguments)
        [VENV_BIN / "flask", "--app", "mentoring", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _sqlite_database(scale: str, seed: int, today: date, env: dict) -> Path:
    """The generated database for this scale, seed and date, built once and then reused."""
    CACHE.mkdir(parents=True, exist_ok=True)
    head = sorted(path.stem for path in (ROOT / "migrations" / "versions").glob("*.py"))
    generator = (ROOT / "mentoring" / "demo" / "scale.py").stat().st_mtime_ns
    cached = CACHE / f"{scale}-{seed}-{today}-{len(head)}-{generator}.sqlite"
    if not cached.exists():
        print(f"building the {scale} data set (once; cached in {CACHE.relative_to(ROOT)})")
        building = cached.with_suffix(".building")
        building.unlink(missing_ok=True)
        build_env = env | {"DATABASE_URL": f"sqlite:///{building}"}
        _run_flask(build_env, "db", "upgrade")
        _run_flask(build_env, "demo", "seed", "--scale", scale, "--seed", str(seed),
                   "--today", today.isoformat())  # fmt: skip
        building.rename(cached)
    return cached


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with 2 workers on a loopback port, stopped when the block ends."""

    def __init__(self, env: dict):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 (the venv's own gunicorn)
            [VENV_BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
             "benchmarks.wsgi:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:  # still starting
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    if not match:
        raise RuntimeError("no CSRF token on the sign-in page")
    return match.group(1)


def sign_in(base: str, email: str, totp_secret: str | None = None) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30).text
    answer = session.post(
        f"{base}/login",
        data={"csrf_token": _csrf(page), "email": email, "password": PASSWORD},
        timeout=30,
    )
    if totp_secret and "second-factor" in answer.url:
        # A code works once per 30-second step: wait for a fresh step rather than reuse one.
        time.sleep(30 - time.time() % 30 + 1)
        answer = session.post(
            answer.url,
            data={"csrf_token": _csrf(answer.text), "code": pyotp.TOTP(totp_secret).now()},
            timeout=30,
        )
    if "/login" in answer.url:
        raise RuntimeError(f"could not sign in as {email}")
    return session


def measure_page(session: requests.Session, name: str, url: str) -> PageResult:
    for _ in range(WARM_UP):
        session.get(url, timeout=60)
    times, queries = [], set()
    for _ in range(SEQUENTIAL):
        started = time.perf_counter()
        response = session.get(url, timeout=60)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {url} answered {response.status_code}")
        queries.add(int(response.headers["X-Query-Count"]))
    if len(queries) != 1:
        raise RuntimeError(f"{name}: the query count varied between requests: {sorted(queries)}")
    times.sort()
    return PageResult(
        name,
        url,
        queries.pop(),
        statistics.median(times),
        times[int(len(times) * 0.95) - 1],
        _throughput(session, url),
    )


def _throughput(session: requests.Session, url: str) -> float:
    """Requests/s completed by CLIENTS threads, each with the same signed-in cookies."""
    done, failures = [0] * CLIENTS, []
    stop = time.monotonic() + THROUGHPUT_SECONDS

    def client(index: int) -> None:
        own = requests.Session()
        own.cookies.update(session.cookies)
        while time.monotonic() < stop:
            if own.get(url, timeout=60).status_code != 200:
                failures.append(url)
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests to {url} under load")
    return sum(done) / THROUGHPUT_SECONDS


def _personas(env: dict) -> dict:
    code = """
import json
from mentoring import create_app
from mentoring.demo.scale import benchmark_personas
with create_app().app_context():
    print(json.dumps(benchmark_personas()))
"""
    done = subprocess.run(  # noqa: S603 (the venv's own python)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pages(personas: dict) -> dict[str, list[tuple[str, str]]]:
    return {
        "specialist": [
            ("specialist home", "/"),
            ("cohort list", "/admin/cohorts"),
            ("large cohort page", f"/admin/cohorts/{personas['large_cohort_id']}"),
            ("at-risk list, page 2", "/?at_risk_page=2"),
            ("certificate register", "/admin/certificates"),
            ("audit log", "/admin/audit"),
        ],
        "mentor": [("mentor home", "/")],
        "mentee": [("mentee home", "/")],
        None: [("verification page", f"/verify/{personas['certificate_code']}")],
    }


def _in_process(env: dict, result: ScaleResult) -> None:
    """Certificate rendering and bulk issuance, run by a child process on the database."""
    code = "import json, benchmarks.in_process as m; print(json.dumps(m.measure()))"
    done = subprocess.run(  # noqa: S603 (the venv's own python)
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    result.render_ms = measured["render_ms"]
    result.bare_render_ms = measured["bare_render_ms"]
    result.bulk_seconds = measured["bulk_seconds"]
    result.bulk_issued = measured["bulk_issued"]


def run_scale(scale: str, seed: int, today: date, database_url: str | None) -> ScaleResult:
    scratch = Path(tempfile.mkdtemp(prefix=f"bench-{scale}-"))
    env = os.environ | {"MENTORING_INSTANCE_PATH": str(scratch), "PYTHONPATH": str(ROOT)}
    try:
        if database_url:
            env["DATABASE_URL"] = database_url
        else:
            copy = scratch / "mentoring.sqlite"
            shutil.copyfile(_sqlite_database(scale, seed, today, env), copy)
            env["DATABASE_URL"] = f"sqlite:///{copy}"
        personas = _personas(env)
        result = ScaleResult(scale, env["DATABASE_URL"].split(":")[0].split("+")[0])
        with Server(env) as server:
            for role, pages in _pages(personas).items():
                if role is None:
                    session = requests.Session()
                else:
                    session = sign_in(server.base, personas[f"{role}_email"],
                                      personas.get(f"{role}_totp_secret"))  # fmt: skip
                for name, url in pages:
                    print(f"  {scale}: {name} ({url})", flush=True)
                    result.pages.append(measure_page(session, name, server.base + url))
        _in_process(env, result)
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _table(result: ScaleResult) -> str:
    lines = [
        f"{result.scale} ({result.database})",
        f"  {'page':<24} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'req/s (8)':>10}",
    ]
    for page in result.pages:
        lines.append(
            f"  {page.name:<24} {page.queries:>7} {page.median_ms:>10.1f} {page.p95_ms:>8.1f} "
            f"{page.requests_per_s:>10.1f}"
        )
    lines.append(
        f"  certificate render: warm median {result.render_ms:.1f} ms, bare WeasyPrint "
        f"{result.bare_render_ms:.1f} ms, ratio {result.render_ms / result.bare_render_ms:.2f}"
    )
    lines.append(
        f"  bulk issuance: {result.bulk_issued} certificates in {result.bulk_seconds:.2f} s"
    )
    return "\n".join(lines)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _targets(results: list[ScaleResult]) -> list[str]:
    lines = []
    by_scale = {result.scale: result for result in results}
    for result in results:
        limit = TARGET_MEDIAN_MS[result.database]
        for page in result.pages:
            if result.scale == "national" and page.name not in NATIONAL_PAGES:
                continue
            lines.append(
                f"{_verdict(page.median_ms < limit)} {result.scale} {page.name}: median "
                f"{page.median_ms:.1f} ms (< {limit:.0f})"
            )
            lines.append(
                f"{_verdict(page.queries <= TARGET_QUERIES)} {result.scale} {page.name}: "
                f"{page.queries} queries (<= {TARGET_QUERIES})"
            )
        ratio = result.render_ms / result.bare_render_ms
        lines.append(f"{_verdict(ratio <= TARGET_RATIO)} {result.scale} render ratio {ratio:.2f}")
    if "small" in by_scale and "state" in by_scale:
        small = {page.name: page for page in by_scale["small"].pages}
        lines.append("")
        lines.append(f"  {'page':<24} {'small ms':>9} {'state ms':>9} {'ratio':>6} {'queries':>9}")
        for page in by_scale["state"].pages:
            before = small[page.name]
            ratio = page.median_ms / before.median_ms
            same = page.queries == before.queries
            lines.append(
                f"  {page.name:<24} {before.median_ms:>9.1f} {page.median_ms:>9.1f} "
                f"{ratio:>6.2f} {before.queries:>4}/{page.queries:<4}"
                f" {_verdict(ratio <= TARGET_RATIO)} {_verdict(same)}"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="small,state")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url",
        default=None,
        help="Measure this database (PostgreSQL, already seeded) instead.",
    )
    arguments = parser.parse_args()  # fmt: skip
    today = date.today()
    results = []
    for scale in arguments.scales.split(","):
        print(f"== {scale}", flush=True)
        results.append(run_scale(scale, arguments.seed, today, arguments.database_url))
    print()
    for result in results:
        print(_table(result))
        print()
    for line in _targets(results):
        print(line)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps([asdict(result) for result in results], indent=2))
    print(f"\nwritten to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
