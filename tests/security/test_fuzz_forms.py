"""Property-based form fuzzing (ASVS 8): arbitrary text, with markup, quotes, control
characters, NUL, very long strings and any Unicode, goes into every text field of every form
the pages show, as the visitor the page is shown to. No answer is a 5xx; the markup never comes
back unescaped (on the answer, or on the page a redirect leads to); and a value longer than the
field's stated limit (its maxlength) is refused with 400 and nothing is stored."""

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from mentoring.core.roles import Role
from tests.matrix import ANONYMOUS
from tests.security.test_mass_assignment import FILLED, VOLATILE
from tests.security.walk import discover_forms, snapshot
from tests.world import build_world

# Each is unique enough that finding it raw in a page means it was not escaped.
MARKUP = [
    "<script>alert('fz1')</script>",
    '"><img src=x onerror=alert("fz2")>',
    "'--></textarea><svg onload=fz3()>",
    '<a href="javascript:fz4()">x</a>',
    "{{ 7*'fz5' }}<b>",
]
CONTROL = "\x00\x01\x08\x0b\x0c\x1b\x7f\u2028\u202e\ufeff"
EXAMPLES_PER_FIELD = 6
SKIPPED = {"auth.logout", "auth.login", "auth.reauthenticate"}  # sign-in: tested in tests/auth


@pytest.fixture
def app_config():
    """Rate limits are tested in tests/auth; here they would only hide the answers."""
    return {"RATELIMIT_ENABLED": False}


text_values = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(CONTROL + "ab'\"<>&;"), max_size=40),
    st.builds(
        lambda before, markup, after: before + markup + after,
        st.text(max_size=10),
        st.sampled_from(MARKUP),
        st.text(max_size=10),
    ),
    st.builds(lambda ch, n: ch * n, st.characters(codec="utf-8"), st.integers(300, 3000)),
)


def _unescaped_markup(value: str, pages: list[str]) -> list[str]:
    return [m for m in MARKUP if m in value for page in pages if m in page]


def _post(client, action: str, data: dict) -> tuple[int, list[str]]:
    """Post a form; return the status and the page texts it led to (following one redirect)."""
    response = client.post(action, data=data)
    pages = [response.get_data(as_text=True)]
    if response.status_code in (301, 302, 303) and response.location.startswith("/"):
        pages.append(client.get(response.location).get_data(as_text=True))
    return response.status_code, pages


def _fuzzer(client, where: str, form, field, base: dict):
    """A hypothesis test of one field: no 5xx, no markup back, the limit kept."""

    @settings(
        max_examples=EXAMPLES_PER_FIELD,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # report the example found; no shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(value=text_values)
    @example(value="NUL\x00<b>'\"")  # PostgreSQL cannot store NUL: once a 500 on some forms
    # Longer than every limit, and trimmed to nothing: once stored as an empty optional link.
    @example(value="\x0c" * 10_001)
    def fuzz(value):
        too_long = field.maxlength is not None and len(value) > field.maxlength
        before = snapshot(VOLATILE) if too_long else None
        status, pages = _post(client, form.action, base | {field.name: value})
        example = f"{where} {field.name}={value[:60]!r}"
        assert status < 500, example
        assert not _unescaped_markup(value, pages), example
        if before is not None:
            assert snapshot(VOLATILE) == before, f"{example}: stored"
            # A redirect: the action is no longer offered (an earlier example did it).
            assert status == 400 or 300 <= status < 400, f"{example}: {status}"

    return fuzz


@pytest.mark.parametrize("visitor", [ANONYMOUS, Role.SPECIALIST, Role.MENTOR, Role.MENTEE], ids=str)
def test_arbitrary_text_in_every_text_field(app, client, auth, visitor):
    world = build_world()
    if visitor != ANONYMOUS:
        auth.login_as(world.visitors[visitor])
    forms = discover_forms(app, client, world.url_values)
    targets = [
        (endpoint, form, field)
        for endpoint, form in sorted(forms.items())
        if endpoint not in SKIPPED
        for field in form.text_fields()
    ]
    assert targets, "the walk found no text fields"
    problems = []

    for endpoint, form, field in targets:
        base = form.data() | FILLED.get(endpoint, {})

        fuzz = _fuzzer(client, f"{visitor} {endpoint}", form, field, base)
        try:
            fuzz()
        except AssertionError as error:
            problems.append(str(error).strip().splitlines()[0])

        # The stated limit, exactly: one character over is refused and nothing is stored.
        if field.maxlength:
            before = snapshot(VOLATILE)
            over = "x" * (field.maxlength + 1)
            status, pages = _post(client, form.action, base | {field.name: over})
            where = f"{visitor} {endpoint} {field.name}"
            if snapshot(VOLATILE) != before:
                problems.append(f"{where}: {field.maxlength + 1} characters were stored")
            elif status == 400 and form.action == form.page and "is-invalid" not in pages[0]:
                problems.append(f"{where}: refused without saying why")
            elif status != 400 and not 300 <= status < 400:
                problems.append(f"{where}: over-long answered {status}")
    assert problems == [], "\n".join(problems)


def test_the_markup_check_sees_what_a_page_shows(app, client, auth):
    """The control: markup typed into a form comes back on the next page, escaped."""
    world = build_world()
    auth.login_as(world.visitors[Role.MENTEE])
    title = f"Week {MARKUP[0]}"
    status, pages = _post(client, "/reflections/new", {"title": title, "body": "Text"})
    assert status == 302
    assert "Week &lt;script&gt;alert(&#39;fz1&#39;)&lt;/script&gt;" in pages[1]
    assert _unescaped_markup(title, pages) == []
    assert _unescaped_markup(title, [f"<td>{title}</td>"]) == [MARKUP[0]]
