"""A test module never imports from a conftest: helpers live in tests/factories.py, tests/apps.py
or a folder's helpers.py, and a conftest holds fixtures (which pytest hands to tests by name)."""

import ast
import pathlib

TESTS = pathlib.Path(__file__).resolve().parent


def conftest_imports(source: str) -> list[str]:
    """The modules named like a conftest that this source imports from, in order."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [name for name in names if name.split(".")[-1] == "conftest"][:1]
    return found


def test_the_check_sees_every_form_of_import():
    assert conftest_imports("from tests.conftest import make_user") == ["tests.conftest"]
    assert conftest_imports("def f():\n    from conftest import x\n") == ["conftest"]
    assert conftest_imports("import tests.progress.conftest as c") == ["tests.progress.conftest"]
    assert conftest_imports("from tests.progress import conftest") == ["tests.progress.conftest"]
    assert conftest_imports("from tests.factories import make_user") == []


def test_no_module_imports_from_a_conftest():
    offenders = {
        str(path.relative_to(TESTS)): found
        for path in sorted(TESTS.rglob("*.py"))
        if (found := conftest_imports(path.read_text()))
    }
    assert offenders == {}
