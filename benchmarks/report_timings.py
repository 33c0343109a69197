"""The reports' and the survey results' data, timed in process on the database in DATABASE_URL.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/mentoring_national \\
        .venv/bin/python -m benchmarks.report_timings

Each report's page builder (reports/pages.py) and the survey results' queries: one warm-up, then
the median of 7 runs and the SQL statements of one run. The queries and the page's data only, not
the HTTP answer (benchmarks/run.py measures that, with the floor beside it).
"""

import statistics
import time

from sqlalchemy import event, select

from mentoring import create_app
from mentoring.core import localtime
from mentoring.extensions import db
from mentoring.reports import queries as report_queries
from mentoring.reports.pages import REPORTS
from mentoring.surveys import queries as survey_queries
from mentoring.surveys.models import Survey

RUNS = 7


def _jobs() -> dict:
    year = localtime.this_school_year()
    jobs = {
        f"report {slug}": (
            lambda report=report, slug=slug: report.page(
                report_queries.Filters(
                    school_year=year if slug in ("mentors", "certificates") else None
                )
            )
        )
        for slug, report in REPORTS.items()
    }
    jobs["report enrollment, one region"] = lambda: REPORTS["enrollment"].page(
        report_queries.Filters(region="Central")
    )
    survey_id = db.session.scalar(select(Survey.id).order_by(Survey.id))
    if survey_id is not None:
        jobs["survey results"] = lambda: (
            survey_queries.results(survey_id, survey_queries.Filters()),
            survey_queries.answers_by_region_and_year(survey_id),
        )
    return jobs


def main() -> None:
    app = create_app()
    with app.test_request_context("/admin/reports"):
        statements = [0]

        def counted(*_arguments) -> None:
            statements[0] += 1

        event.listen(db.engine, "before_cursor_execute", counted)
        for name, job in _jobs().items():
            job()
            db.session.rollback()
            times = []
            for _ in range(RUNS):
                statements[0] = 0
                started = time.perf_counter()
                job()
                times.append((time.perf_counter() - started) * 1000)
                db.session.rollback()
            median = statistics.median(times)
            print(f"{name:32} median {median:7.1f} ms  statements {statements[0]}", flush=True)


if __name__ == "__main__":
    main()
