"""The import layers of `mentoring/` (tests/layers.py): no new import goes up."""

import textwrap

from tests import layers


def test_no_package_imports_a_higher_layer_beyond_the_known_ones():
    going_up = layers.upward(layers.arrows())
    assert set(going_up) <= set(layers.KNOWN_UPWARD)


def test_every_known_upward_arrow_still_exists_so_the_list_only_shrinks():
    assert set(layers.KNOWN_UPWARD) <= set(layers.upward(layers.arrows()))


def test_an_upward_import_inside_a_function_is_found(tmp_path):
    root = tmp_path / "mentoring"
    (root / "core").mkdir(parents=True)
    (root / "progress").mkdir()
    (root / "core" / "clock.py").write_text(
        textwrap.dedent(
            """
            def today():
                from mentoring.progress.models import YearTally
                return YearTally
            """
        )
    )
    (root / "progress" / "models.py").write_text("from mentoring.core import clock\n")
    found = layers.arrows(root)
    assert found == {
        ("core", "progress"): ["mentoring/core/clock.py"],
        ("progress", "core"): ["mentoring/progress/models.py"],
    }
    assert set(layers.upward(found)) == {("core", "progress")}
