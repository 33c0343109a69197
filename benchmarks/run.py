"""`make bench`: the main pages of each role against a running app at two data scales.

For each scale: a generated data set (`flask demo seed --scale`, built once and cached under
benchmarks/.cache), served by gunicorn with 2 workers on a loopback port through
benchmarks/wsgi.py, which adds each request's SQL statement count as a header. For each page:
the median and p95 latency of single sequential requests, requests/s with 8 concurrent clients
for 10 s, and the SQL statements per request. Then, in process: a warm certificate render
against bare WeasyPrint on the same HTML, and bulk issuance of 500 certificates. Prints a table
per scale, the comparison of the scales and the targets of issue 7, and writes
benchmarks/results/<time>.json.

    .venv/bin/python -m benchmarks.run                    # small and state on SQLite
    .venv/bin/python -m benchmarks.run --scale state      # one scale
    .venv/bin/python -m benchmarks.run --scale national --build \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/mentoring_national
"""

import argparse
import hashlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from benchmarks import client, floor, report
from mentoring.core import localtime

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results"
STARTUP_SECONDS = 60


def _run(env: dict, *command: str) -> str:
    """Run one of the venv's commands; on failure, show what it said."""
    done = subprocess.run(  # noqa: S603 (the venv's own programs, fixed arguments)
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _flask(env: dict, *args: str) -> str:
    return _run(env, str(VENV_BIN / "flask"), "--app", "mentoring", *args)


def _load(env: dict, scale: str, seed: int, today: date) -> None:
    """Migrate the database in env's DATABASE_URL and load the scale's data set into it."""
    started = time.monotonic()
    _flask(env, "db", "upgrade")
    _flask(env, "demo", "seed", "--scale", scale, "--seed", str(seed),
           "--today", today.isoformat(), "--force")  # fmt: skip
    print(f"  built the {scale} data set in {time.monotonic() - started:.0f} s", flush=True)


def _generator_version() -> str:
    """A digest of what decides the generated rows: the generator and the migrations."""
    digest = hashlib.sha256()
    sources = sorted((ROOT / "mentoring" / "demo").glob("*.py"))
    sources += sorted((ROOT / "migrations" / "versions").glob("*.py"))
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _cached_sqlite(scale: str, seed: int, today: date, env: dict) -> Path:
    """The SQLite data set for this scale, seed, date and generator, built the first time.

    The data ends on today's date (the pages compare it with today), so a new day builds anew;
    older files of the same scale are removed (state is 150 MB).
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"{scale}-seed{seed}-{today}-{_generator_version()}.sqlite"
    if cached.exists():
        return cached
    for stale in CACHE.glob(f"{scale}-*"):
        stale.unlink()
    print(f"  building the {scale} data set (cached in {CACHE.relative_to(ROOT)})", flush=True)
    building = cached.with_suffix(".building")
    _load(env | {"DATABASE_URL": f"sqlite:///{building}"}, scale, seed, today)
    building.rename(cached)
    return cached


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with 2 workers on a free loopback port, stopped when the block ends: the app
    (benchmarks/wsgi.py) or the floor (benchmarks/floor.py), with the same settings."""

    def __init__(self, env: dict, log: Path, target: str = "benchmarks.wsgi:create_app()"):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(  # noqa: S603 (the venv's own gunicorn)
                [str(VENV_BIN / "gunicorn"), "--workers", "2",
                 "--bind", f"127.0.0.1:{self.port}",
                 # Its default control socket in ~/.gunicorn is shared by every server of
                 # this user: the deployment tests may run one at the same time.
                 "--no-control-socket",
                 target],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:  # still starting
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def __exit__(self, *_exc) -> None:
        self.stop()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _personas(env: dict) -> dict:
    """Whom to sign in as and what to open: the generator's choice (mentoring/demo/scale.py)."""
    code = (
        "import json\n"
        "from mentoring import create_app\n"
        "from mentoring.demo.scale import benchmark_personas\n"
        "with create_app().app_context():\n"
        "    print(json.dumps(benchmark_personas()))\n"
    )
    return json.loads(_run(env, sys.executable, "-c", code).strip().splitlines()[-1])


def _sizes(env: dict) -> tuple[int, int]:
    """The floor's table sizes: as many parents as enrollments, as many children as attendance
    rows (the data set's largest table)."""
    code = (
        "from sqlalchemy import text\n"
        "from mentoring import create_app\n"
        "from mentoring.extensions import db\n"
        "with create_app().app_context():\n"
        "    print(*db.session.execute(text('SELECT (SELECT count(*) FROM enrollments),"
        " (SELECT count(*) FROM meeting_attendance)')).one())\n"
    )
    parents, children = _run(env, sys.executable, "-c", code).split()[-2:]
    return int(parents), int(children)


def _floor_database(env: dict, parents: int, children: int) -> str:
    """The floor's tables, of the data set's size, in a database of the same kind: a cached
    SQLite file, or a database beside the PostgreSQL one (its name with `_floor`)."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        CACHE.mkdir(parents=True, exist_ok=True)
        floor_url = f"sqlite:///{CACHE / f'floor-{parents}-{children}.sqlite'}"
    else:
        floor_url = url + "_floor"
        name = floor_url.rsplit("/", 1)[1]
        server = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            if not connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ):
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        server.dispose()
    started = time.monotonic()
    floor.build(floor_url, parents, children)
    print(
        f"  floor: {parents} parents, {children} children "
        f"({time.monotonic() - started:.0f} s to check or build)",
        flush=True,
    )
    return floor_url


def _measure_pages(base: str, floor_base: str, personas: dict) -> list[client.PageResult]:
    """Each page of the app, right after the floor's page (or the floor's /healthz for the
    app's), so that a busy moment of the machine weighs on both alike."""
    specialist = client.sign_in(
        base, personas["specialist_email"], personas["specialist_totp_secret"]
    )
    # A specialist of the large cohort's region: the same pages, filtered to one region.
    regional = client.sign_in(base, personas["regional_email"], personas["specialist_totp_secret"])
    # The deepest page of the home page's at-risk list, by its Next links (keyset pages).
    at_risk = client.last_page_path(specialist, base, "/", "Pages of at-risk mentees")
    # The mentee's record: an exact email in the search box leads straight to it.
    record = specialist.get(
        f"{base}/admin/search", params={"q": personas["mentee_email"]}, allow_redirects=False
    ).headers["Location"]
    pages = [
        (specialist, "specialist home", "/"),
        (specialist, "cohort list", "/admin/cohorts"),
        (specialist, "large cohort page", f"/admin/cohorts/{personas['large_cohort_id']}"),
        (specialist, "at-risk list, last page", at_risk),
        (specialist, "certificate register", "/admin/certificates"),
        (specialist, "audit log", "/admin/audit"),
        (specialist, "enrollment report", "/admin/reports/enrollment"),
        (specialist, "progress report", "/admin/reports/progress"),
        (specialist, "mentor activity report", "/admin/reports/mentors"),
        (specialist, "certificate report", "/admin/reports/certificates"),
        (specialist, "mentee record", record),
        (specialist, "search by district", "/admin/search?q=District+42"),
        (specialist, "notifications", "/notifications"),
        (specialist, "survey results", f"/admin/surveys/{personas['survey_id']}/results"),
        (regional, "regional specialist home", "/"),
        (regional, "regional cohort list", "/admin/cohorts"),
        (regional, "regional enrollment report", "/admin/reports/enrollment"),
        (client.sign_in(base, personas["mentor_email"]), "mentor home", "/"),
        (client.sign_in(base, personas["mentee_email"]), "mentee home", "/"),
        (requests.Session(), "verification page", f"/verify/{personas['certificate_code']}"),
        (requests.Session(), client.HEALTH, "/healthz"),
    ]
    bare = requests.Session()
    results = []
    for session, name, path in pages:
        print(f"  {name}: {path}", flush=True)
        floor_path = "/healthz" if name == client.HEALTH else "/page"
        against = client.measure_page(bare, floor_base, "floor", floor_path)
        measured = client.measure_page(session, base, name, path)
        measured.floor_median_ms = against.median_ms
        measured.floor_requests_per_s = against.requests_per_s
        results.append(measured)
    return results


def run_scale(
    scale: str, seed: int, today: date, database_url: str | None, build: bool
) -> report.ScaleResult:
    """Measure one scale: on a copy of the cached SQLite data set, or on database_url."""
    scratch = Path(tempfile.mkdtemp(prefix=f"bench-{scale}-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "MENTORING_", "RATELIMIT_", "DATABASE_URL"))
    }
    env |= {"MENTORING_INSTANCE_PATH": str(scratch / "instance"), "PYTHONPATH": str(ROOT)}
    try:
        if database_url:
            env["DATABASE_URL"] = database_url
            if build:
                _load(env, scale, seed, today)
        else:
            copy = scratch / "mentoring.sqlite"
            shutil.copyfile(_cached_sqlite(scale, seed, today, env), copy)
            env["DATABASE_URL"] = f"sqlite:///{copy}"
        personas = _personas(env)
        floor_env = env | {"FLOOR_DATABASE_URL": _floor_database(env, *_sizes(env))}
        result = report.ScaleResult(scale, env["DATABASE_URL"].split(":")[0].split("+")[0])
        with (
            Server(env, scratch / "gunicorn.log") as server,
            Server(floor_env, scratch / "floor.log", "benchmarks.floor:create_app()") as bare,
        ):
            result.pages = _measure_pages(server.base, bare.base, personas)
        print("  certificate render and bulk issuance", flush=True)
        measured = json.loads(
            _run(env, sys.executable, "-m", "benchmarks.in_process").strip().splitlines()[-1]
        )
        for key, value in measured.items():
            setattr(result, key, value)
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _commit() -> str:
    done = subprocess.run(  # noqa: S603 (fixed arguments)
        ["git", "describe", "--always", "--dirty"],  # noqa: S607 (git from PATH)
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", action="append", choices=["small", "state", "national"],
        help="a data set to measure (repeat for several; default: small and state)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url",
        help="measure this database (PostgreSQL) instead of a cached SQLite copy; one --scale",
    )
    parser.add_argument(
        "--build",
        action="store_true",
        help="with --database-url: first migrate it and load the scale's data (replaces its data)",
    )
    arguments = parser.parse_args()
    scales = arguments.scale or ["small", "state"]
    if arguments.database_url and len(scales) != 1:
        parser.error("--database-url holds one data set: give exactly one --scale")
    if arguments.build and not arguments.database_url:
        parser.error("--build goes with --database-url (SQLite data sets are built when missing)")

    started = datetime.now()
    today = localtime.today()
    load_before = os.getloadavg()
    results = []
    for scale in scales:
        print(f"== {scale}", flush=True)
        results.append(
            run_scale(scale, arguments.seed, today, arguments.database_url, arguments.build)
        )
    load_after = os.getloadavg()
    found = report.checks(results)

    print()
    for result in results:
        print(report.scale_table(result), end="\n\n")
    by_scale = {result.scale: result for result in results}
    if "small" in by_scale and "state" in by_scale:
        print(report.comparison_table(by_scale["small"], by_scale["state"]), end="\n\n")
    print(report.checks_table(found))
    minutes = (datetime.now() - started).total_seconds() / 60
    print(
        f"\n{minutes:.1f} minutes; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after, on {os.cpu_count()} CPUs (other work on the machine "
        "makes the figures noisy)"
    )

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started:%Y%m%d-%H%M%S}.json"
    document = {
        "started": started.isoformat(timespec="seconds"),
        "minutes": round(minutes, 2),
        "commit": _commit(),
        "seed": arguments.seed,
        "today": today.isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": load_before,
            "load_average_after": load_after,
        },
        "settings": {
            "sequential_requests": client.SEQUENTIAL,
            "warm_up_requests": client.WARM_UP,
            "clients": client.CLIENTS,
            "throughput_seconds": client.THROUGHPUT_SECONDS,
            "gunicorn_workers": 2,
        },
        "scales": [asdict(result) | {"render_ratio": result.render_ratio} for result in results],
        "targets": [asdict(check) for check in found],
    }
    path.write_text(json.dumps(document, indent=2))
    print(f"written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
