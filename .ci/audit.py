"""Known vulnerabilities in the installed dependencies: pip-audit, completed from project JSON.

pip-audit asks PyPI for each installed version (/pypi/<name>/<version>/json). Where the index
cannot answer that (this workplace's PyPI mirror answers 404 for every version URL), pip-audit
skips the package. The project URL (/pypi/<name>/json) still answers with the advisories of the
project's newest release, so a package installed at its newest release is audited from there.
Only a package that is neither audited by pip-audit nor at its newest release stays unaudited,
and is listed. Exit 1 on any known vulnerability, 2 when the audit could not run at all.

Run with the project's interpreter: .venv/bin/python .ci/audit.py
"""

import json
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

INDEX = "https://pypi.org/pypi"
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def run_pip_audit() -> list[dict]:
    done = subprocess.run(  # noqa: S603 (a fixed command: the venv's own pip-audit)
        [PIP_AUDIT, "--skip-editable", "--progress-spinner", "off", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(done.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        print(done.stderr, file=sys.stderr)
        sys.exit(2)


def newest_release(name: str) -> tuple[str, list[str]] | None:
    """The newest version on the index and the advisories that apply to it; None if unreachable."""
    try:
        with urllib.request.urlopen(f"{INDEX}/{name}/json", timeout=15) as response:  # noqa: S310
            project = json.load(response)
    except (OSError, ValueError):
        return None
    advisories = [v["id"] for v in project.get("vulnerabilities", []) if not v.get("withdrawn")]
    return project["info"]["version"], advisories


def main() -> int:
    found, unaudited = [], []
    skipped = []
    for dependency in run_pip_audit():
        if "could not be audited" in dependency.get("skip_reason", ""):
            skipped.append(dependency["name"])
        for vulnerability in dependency.get("vulns", []):
            found.append(f"{dependency['name']} {dependency['version']}: {vulnerability['id']}")
    with ThreadPoolExecutor(8) as pool:
        answers = dict(zip(skipped, pool.map(newest_release, skipped), strict=True))
    for name, answer in sorted(answers.items()):
        installed = metadata.version(name)
        if answer is None:
            unaudited.append(f"{name} {installed} (index unreachable)")
        elif answer[0] != installed:
            unaudited.append(f"{name} {installed} (newest is {answer[0]})")
        else:
            found += [f"{name} {installed}: {advisory}" for advisory in answer[1]]

    print(f"{len(skipped)} of the installed packages were looked up through the project JSON")
    for line in unaudited:
        print(f"WARNING not audited: {line}")
    for line in found:
        print(f"VULNERABLE {line}")
    if found:
        print("Known vulnerabilities: upgrade the packages above.")
        return 1
    print("No known vulnerabilities in the audited packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
