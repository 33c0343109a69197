"""Sizes in `mentoring/` (tests/sizes.py): no route file over 250 lines, no function over 60."""

import textwrap

from tests import sizes


def test_no_route_file_or_function_is_too_long_beyond_the_allowed_files():
    too_long = [*sizes.long_route_files(), *map(sizes.file_of, sizes.long_functions())]
    assert [name for name in too_long if name not in sizes.ALLOWED] == []


def test_every_allowed_file_exists_so_the_list_only_shrinks():
    root = sizes.ROOT.parent
    assert [name for name in sizes.ALLOWED if not (root / name).exists()] == []


def test_a_long_route_module_and_a_long_function_are_found(tmp_path):
    root = tmp_path / "mentoring"
    (root / "things" / "routes").mkdir(parents=True)
    (root / "demo").mkdir()
    (root / "things" / "routes" / "pages.py").write_text("x = 1\n" * 251)
    (root / "things" / "routes.py").write_text("x = 1\n" * 250)
    (root / "things" / "queries.py").write_text("x = 1\n" * 300)
    body = "    x = 1\n"
    (root / "things" / "operations.py").write_text(
        "def short():\n" + body * 59 + "\n\nclass C:\n    def long(self):\n" + ("    " + body) * 60
    )
    (root / "demo" / "data.py").write_text("def generate():\n" + body * 100)
    assert sizes.long_route_files(root) == {"mentoring/things/routes/pages.py": 251}
    assert sizes.long_functions(root) == {"mentoring/things/operations.py:64 long": 61}


def test_a_nested_function_counts_on_its_own(tmp_path):
    root = tmp_path / "mentoring"
    (root / "things").mkdir(parents=True)
    source = (
        textwrap.dedent(
            """
        def outer():
            def inner():
        """
        )
        + "        x = 1\n" * 61
    )
    (root / "things" / "operations.py").write_text(source)
    assert sizes.long_functions(root) == {
        "mentoring/things/operations.py:2 outer": 63,
        "mentoring/things/operations.py:3 inner": 62,
    }
