"""Sizes in `mentoring/`: no route file over 250 lines, no function over 60 lines.

Run `python -m tests.sizes` (`make lint` does, and tests/test_sizes.py): it prints every route
file and function over its limit and fails on one not in `ALLOWED`. A route file is a feature's
`routes.py` (or `<group>_routes.py`) or a module of its `routes/` package. A function's length
counts from its `def` line to its last line (decorators left out); a function inside another
counts on its own too. The data generator (`mentoring/demo/`) is left out: its functions read as
the data they make.
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "mentoring"
ROUTE_FILE_LINES = 250
FUNCTION_LINES = 60
GENERATOR = "demo"  # mentoring/demo/: the demo data generator

# Files not held to the limits yet, each with its reason. The list only shrinks (issue 15).
ALLOWED: dict[str, str] = {}


def is_route_file(path: pathlib.Path, root: pathlib.Path = ROOT) -> bool:
    parts = path.relative_to(root).parts
    return (len(parts) == 2 and parts[1].endswith("routes.py")) or (
        len(parts) == 3 and parts[1] == "routes"
    )


def long_route_files(root: pathlib.Path = ROOT) -> dict[str, int]:
    """Every route file over the limit, with its number of lines."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        if is_route_file(path, root):
            lines = len(path.read_text().splitlines())
            if lines > ROUTE_FILE_LINES:
                found[str(path.relative_to(root.parent))] = lines
    return found


def long_functions(root: pathlib.Path = ROOT) -> dict[str, int]:
    """Every function over the limit outside the generator, as `file:line name`, with its length."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] == GENERATOR:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    where = f"{path.relative_to(root.parent)}:{node.lineno} {node.name}"
                    found[where] = length
    return found


def file_of(where: str) -> str:
    return where.split(":")[0]


def main() -> int:
    files = long_route_files()
    functions = long_functions()
    new = 0
    for name, lines in files.items():
        mark = "" if name in ALLOWED else "NEW "
        new += name not in ALLOWED
        print(f"{mark}{name}: {lines} lines (a route file has at most {ROUTE_FILE_LINES})")
    for where, lines in functions.items():
        mark = "" if file_of(where) in ALLOWED else "NEW "
        new += file_of(where) not in ALLOWED
        print(f"{mark}{where}: {lines} lines (a function has at most {FUNCTION_LINES})")
    print(f"{len(files)} long route files, {len(functions)} long functions, {new} not allowed.")
    if new:
        print("Split the file into a routes/ package, or the function into named steps.")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
