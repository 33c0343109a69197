"""The benchmark's tables and the targets of issue 7, each checked as PASS or MISS."""

from dataclasses import dataclass, field

from benchmarks.client import PageResult

TARGET_QUERIES = 15
TARGET_MEDIAN_MS = {"sqlite": 100.0, "postgresql": 150.0}
TARGET_RATIO = 1.5
# The scales whose medians the issue sets a target for, and on which pages.
MEDIAN_TARGET_PAGES = {
    "state": None,  # every page
    "national": {"specialist home", "large cohort page", "verification page"},
}


@dataclass
class ScaleResult:
    scale: str
    database: str
    pages: list[PageResult] = field(default_factory=list)
    render_ms: float = 0.0
    bare_render_ms: float = 0.0
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
        f"{result.scale} ({result.database})",
        f"  {'page':<26} {'path':<40} {'queries':>7} {'median ms':>10} {'p95 ms':>8} "
        f"{'req/s x8':>9}",
    ]
    for page in result.pages:
        lines.append(
            f"  {page.name:<26} {page.path:<40} {page.queries:>7} {page.median_ms:>10.1f} "
            f"{page.p95_ms:>8.1f} {page.requests_per_s:>9.1f}"
        )
    lines.append(
        f"  certificate render, warm median of 50: app {result.render_ms:.1f} ms, bare WeasyPrint "
        f"{result.bare_render_ms:.1f} ms, ratio {result.render_ratio:.2f}"
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


def checks(results: list[ScaleResult]) -> list[Check]:
    """Every target of issue 7 that the measured scales allow to check."""
    found = []
    for result in results:
        pages = MEDIAN_TARGET_PAGES.get(result.scale, ())
        limit = TARGET_MEDIAN_MS[result.database]
        for page in result.pages:
            found.append(
                Check(
                    f"{result.scale} {page.name}: at most {TARGET_QUERIES} queries",
                    f"{page.queries}",
                    page.queries <= TARGET_QUERIES,
                )
            )
            if pages is None or page.name in pages:
                found.append(
                    Check(
                        f"{result.scale} {page.name}: median under {limit:.0f} ms",
                        f"{page.median_ms:.1f} ms",
                        page.median_ms < limit,
                    )
                )
        found.append(
            Check(
                f"{result.scale} certificate render at most {TARGET_RATIO}x bare WeasyPrint",
                f"{result.render_ratio:.2f}x",
                result.render_ratio <= TARGET_RATIO,
            )
        )
    by_scale = {result.scale: result for result in results}
    if "small" in by_scale and "state" in by_scale:
        small = {page.name: page for page in by_scale["small"].pages}
        for page in by_scale["state"].pages:
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
                    f"{page.name}: state at most {TARGET_RATIO}x small",
                    f"{ratio:.2f}x",
                    ratio <= TARGET_RATIO,
                )
            )
    return found


def checks_table(found: list[Check]) -> str:
    lines = ["targets (issue 7)"]
    for check in found:
        lines.append(f"  {_verdict(check.passed)}  {check.target:<62} {check.measured:>12}")
    missed = sum(not check.passed for check in found)
    lines.append(f"  {len(found) - missed} PASS, {missed} MISS")
    return "\n".join(lines)
