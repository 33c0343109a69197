"""Which package of `mentoring/` may import which: the layers, and the imports that go up.

Run `python -m tests.layers` (`make lint` does): it prints every import from a lower layer to a
higher one and fails when one is not in `KNOWN_UPWARD`, or when a package has no layer. An arrow is
a pair of packages (`cohorts -> progress`), however many imports make it; an import inside a
function counts like one at the top of the file.
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "mentoring"

# Lower layers first. A package may import its own layer and every layer below it.
LAYERS: list[set[str]] = [
    {"config", "extensions", "core", "syscheck"},
    {"users", "auth", "drafts"},
    {"mentors", "cohorts", "notifications"},
    {"meetings", "reflections", "schedule", "plans", "curriculum"},
    {"progress"},
    {"certificates", "upgrade", "closeout"},
    {"dashboards", "records", "reports", "surveys", "service"},
    {"demo", "__init__"},
]

# Imports that go up today, each with its reason. Removing one is progress; adding one fails.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}


def layer_of(package: str) -> int:
    for number, members in enumerate(LAYERS):
        if package in members:
            return number
    raise LookupError(package)


def package_of(path: pathlib.Path, root: pathlib.Path = ROOT) -> str:
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def imported_packages(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "mentoring":
                names.update(alias.name for alias in node.names)
            elif node.module.startswith("mentoring."):
                names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names.update(
                alias.name.split(".")[1]
                for alias in node.names
                if alias.name.startswith("mentoring.")
            )
    return names


def arrows(root: pathlib.Path = ROOT) -> dict[tuple[str, str], list[str]]:
    """Every (importer, imported) pair of packages, with the files that make it."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        source = package_of(path, root)
        for target in imported_packages(ast.parse(path.read_text(), str(path))):
            if target != source:
                found.setdefault((source, target), []).append(str(path.relative_to(root.parent)))
    return found


def upward(found: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], list[str]]:
    return {pair: files for pair, files in found.items() if layer_of(pair[0]) < layer_of(pair[1])}


def main() -> int:
    found = arrows()
    unplaced = sorted({name for pair in found for name in pair if not _placed(name)})
    if unplaced:
        print("No layer for: " + ", ".join(unplaced) + ". Add each to LAYERS in tests/layers.py.")
        return 1
    going_up = upward(found)
    new = {pair: files for pair, files in going_up.items() if pair not in KNOWN_UPWARD}
    for (source, target), files in sorted(going_up.items()):
        mark = "NEW " if (source, target) in new else ""
        print(f"{mark}{source} -> {target}: {', '.join(sorted(set(files)))}")
    print(f"{len(going_up)} upward arrows, {len(new)} new.")
    if new:
        print(
            "An import from a lower layer to a higher one: move the code, or import the other way."
        )
    return 1 if new else 0


def _placed(name: str) -> bool:
    try:
        layer_of(name)
    except LookupError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
