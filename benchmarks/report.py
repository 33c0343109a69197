"""The benchmark's tables and its targets (issues 7 and 22), each checked as PASS or MISS."""

from dataclasses import dataclass, field

from benchmarks.client import HEALTH, PageResult

TARGET_QUERIES = 15
# Issue 22: against the floor (benchmarks/floor.py) at state scale on SQLite.
FLOOR_SCALE = "state"
TARGET_FLOOR_MEDIAN = 1.5  # at most this many times the floor page's median
TARGET_FLOOR_THROUGHPUT = 0.67  # at least this share of the floor page's requests/s
TARGET_SCALE_RATIO = 1.2  # state / small
TARGET_RENDER_RATIO = 1.2  # a warm certificate against bare, tuned WeasyPrint
TARGET_RSS_GROWTH_MB = 10.0  # over RSS_RENDERS renders in one process
TARGET_FIRST_RENDER_MS = 1000.0  # a fresh worker's first certificate
# Medians at national scale on PostgreSQL: every page, and reports.
TARGET_NATIONAL_MS = 100.0
TARGET_NATIONAL_REPORT_MS = 300.0


@dataclass
class ScaleResult:
    scale: str
    database: str
    pages: list[PageResult] = field(default_factory=list)
    render_ms: float = 0.0
    bare_render_ms: float = 0.0
    rss_growth_mb: float = 0.0
    rss_renders: int = 0
    first_render_ms: float = 0.0
    bulk_seconds: float = 0.0
    bulk_issued: int = 0
    bulk_cohorts: int = 0

    @property
    def render_ratio(self) -> float:
        return self.render_ms / self.bare_render_ms


@dataclass
class Check:
    target: str
    measured: str
    passed: bool


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def scale_table(result: ScaleResult) -> str:
    lines = [
        f"{result.scale} ({result.database}); x floor: the page against the floor's page "
        "measured just before it",
        f"  {'page':<26} {'path':<40} {'queries':>7} {'median ms':>10} {'p95 ms':>8} "
        f"{'req/s x8':>9} {'floor ms':>9} {'x floor':>8} {'floor r/s':>9} {'x floor':>8}",
    ]
    for page in result.pages:
        lines.append(
            f"  {page.name:<26} {page.path[:40]:<40} {page.queries:>7} {page.median_ms:>10.1f} "
            f"{page.p95_ms:>8.1f} {page.requests_per_s:>9.1f} {page.floor_median_ms:>9.1f} "
            f"{page.median_ratio:>8.2f} {page.floor_requests_per_s:>9.1f} "
            f"{page.throughput_ratio:>8.2f}"
        )
    lines.append(
        f"  certificate render, warm median: app {result.render_ms:.1f} ms, bare WeasyPrint "
        f"{result.bare_render_ms:.1f} ms, ratio {result.render_ratio:.2f}; RSS "
        f"{result.rss_growth_mb:+.1f} MB over {result.rss_renders} renders; a fresh worker's "
        f"first certificate {result.first_render_ms:.0f} ms"
    )
    per_500 = result.bulk_seconds / result.bulk_issued * 500 if result.bulk_issued else 0.0
    lines.append(
        f"  bulk issuance: {result.bulk_issued} certificates ({result.bulk_cohorts} cohorts) in "
        f"{result.bulk_seconds:.3f} s, {per_500:.3f} s per 500"
    )
    return "\n".join(lines)


def comparison_table(small: ScaleResult, large: ScaleResult) -> str:
    before = {page.name: page for page in small.pages}
    label = f"{large.scale}/{small.scale}"
    lines = [
        f"{small.scale} against {large.scale}",
        f"  {'page':<26} {small.scale + ' ms':>9} {large.scale + ' ms':>9} {label:>11} "
        f"{'queries':>9}",
    ]
    for page in large.pages:
        if page.name not in before:
            continue
        was = before[page.name]
        lines.append(
            f"  {page.name:<26} {was.median_ms:>9.1f} {page.median_ms:>9.1f} "
            f"{page.median_ms / was.median_ms:>11.2f} {was.queries:>4} {page.queries:<4}"
        )
    return "\n".join(lines)


def _page_checks(result: ScaleResult, page: PageResult) -> list[Check]:
    found = [
        Check(
            f"{result.scale} {page.name}: at most {TARGET_QUERIES} queries",
            f"{page.queries}",
            page.queries <= TARGET_QUERIES,
        )
    ]
    if result.scale == FLOOR_SCALE and result.database == "sqlite":
        found.append(
            Check(
                f"{result.scale} {page.name}: median at most {TARGET_FLOOR_MEDIAN}x the floor's",
                f"{page.median_ratio:.2f}x",
                page.median_ratio <= TARGET_FLOOR_MEDIAN,
            )
        )
        found.append(
            Check(
                f"{result.scale} {page.name}: req/s at least "
                f"{TARGET_FLOOR_THROUGHPUT}x the floor's",
                f"{page.throughput_ratio:.2f}x",
                page.throughput_ratio >= TARGET_FLOOR_THROUGHPUT,
            )
        )
    if result.scale == "national":
        limit = TARGET_NATIONAL_REPORT_MS if "report" in page.name else TARGET_NATIONAL_MS
        found.append(
            Check(
                f"{result.scale} {page.name}: median under {limit:.0f} ms",
                f"{page.median_ms:.1f} ms",
                page.median_ms < limit,
            )
        )
    return found


def _render_checks(result: ScaleResult) -> list[Check]:
    return [
        Check(
            f"{result.scale} certificate render at most {TARGET_RENDER_RATIO}x bare WeasyPrint",
            f"{result.render_ratio:.2f}x",
            result.render_ratio <= TARGET_RENDER_RATIO,
        ),
        Check(
            f"{result.scale} RSS growth over {result.rss_renders} renders under "
            f"{TARGET_RSS_GROWTH_MB:.0f} MB",
            f"{result.rss_growth_mb:.1f} MB",
            result.rss_growth_mb < TARGET_RSS_GROWTH_MB,
        ),
        Check(
            f"{result.scale} a fresh worker's first certificate under "
            f"{TARGET_FIRST_RENDER_MS:.0f} ms",
            f"{result.first_render_ms:.0f} ms",
            result.first_render_ms < TARGET_FIRST_RENDER_MS,
        ),
    ]


def checks(results: list[ScaleResult]) -> list[Check]:
    """Every target that the measured scales allow to check. The health check is shown, not
    checked: it measures the app's middleware against none."""
    found = []
    for result in results:
        for page in result.pages:
            if page.name != HEALTH:
                found += _page_checks(result, page)
        found += _render_checks(result)
    by_scale = {result.scale: result for result in results}
    if "small" in by_scale and "state" in by_scale:
        small = {page.name: page for page in by_scale["small"].pages}
        for page in by_scale["state"].pages:
            if page.name == HEALTH:
                continue
            was = small[page.name]
            found.append(
                Check(
                    f"{page.name}: same queries at small and state",
                    f"{was.queries} / {page.queries}",
                    was.queries == page.queries,
                )
            )
            ratio = page.median_ms / was.median_ms
            found.append(
                Check(
                    f"{page.name}: state at most {TARGET_SCALE_RATIO}x small",
                    f"{ratio:.2f}x",
                    ratio <= TARGET_SCALE_RATIO,
                )
            )
    return found


def checks_table(found: list[Check]) -> str:
    lines = ["targets (issues 7 and 22); a MISS says by how much in its figure"]
    for check in found:
        lines.append(f"  {_verdict(check.passed)}  {check.target:<66} {check.measured:>12}")
    missed = sum(not check.passed for check in found)
    lines.append(f"  {len(found) - missed} PASS, {missed} MISS")
    return "\n".join(lines)
