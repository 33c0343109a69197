"""Walk the app as each kind of visitor: every POST route of the URL map, and every form that
the pages of the URL map show, with its fields as the page fills them in."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from flask import url_for
from sqlalchemy import select

from mentoring.core.policy import access_rule_for
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.matrix import ANONYMOUS, SIGN_IN, VISITORS
from tests.test_permissions import MATRIX

# Input types whose value is free text.
TEXT_TYPES = {"text", "email", "search", "url", "tel", ""}


@dataclass
class Field:
    name: str
    kind: str  # an input type, "textarea" or "select"
    value: str | None  # what the page sends if the user changes nothing (None: not sent)
    maxlength: int | None = None
    options: list[str] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.kind == "textarea" or self.kind in TEXT_TYPES


@dataclass
class Form:
    action: str  # the path the form posts to
    page: str  # the page it was found on
    fields: dict[str, Field]

    def data(self) -> dict[str, str]:
        """What the browser sends when the user changes nothing."""
        return {name: f.value for name, f in self.fields.items() if f.value is not None}

    def text_fields(self) -> list[Field]:
        return [f for f in self.fields.values() if f.is_text and f.name != "csrf_token"]


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self._form, self._text, self._select = page, [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            action = a.get("action") or self.page
            self._form = Form(action=action.split("#")[0], page=self.page, fields={})
            self.forms.append(self._form)
        if self._form is None or tag not in {"input", "textarea", "select", "option"}:
            return
        if tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a or self._select.value is None:
                self._select.value = value
            return
        name = a.get("name")
        if not name:
            return
        kind = a.get("type", "text").lower() if tag == "input" else tag
        if kind in {"submit", "button", "file", "image", "reset"}:
            return
        maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        if kind in {"checkbox", "radio"}:
            value = a.get("value", "y") if "checked" in a else None
            if name in self._form.fields and value is None:
                return  # an earlier radio button of the group is the one checked
        else:
            value = a.get("value", "")
        found = Field(name=name, kind=kind, value=value, maxlength=maxlength)
        self._form.fields[name] = found
        if tag == "textarea":
            found.value, self._text = "", found
        if tag == "select":
            found.value, self._select = None, found

    def handle_data(self, data):
        if self._text is not None:
            self._text.value += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._text = None
        elif tag == "select":
            if self._select is not None and self._select.value is None:
                self._select.value = ""
            self._select = None
        elif tag == "form":
            self._form = None


def forms_in(html: str, page: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms


def routes(app) -> dict:
    return {
        rule.endpoint: rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.endpoint.endswith(".static")
    }


def post_endpoints(app) -> list[str]:
    return sorted(endpoint for endpoint, rule in routes(app).items() if "POST" in rule.methods)


def url(app, endpoint: str, url_values: dict) -> str:
    rule = routes(app)[endpoint]
    with app.test_request_context():
        return url_for(endpoint, **{name: url_values[name] for name in rule.arguments})


def allowed_visitors(app, endpoint: str) -> list:
    """The visitors the permission matrix lets through to this route: anonymous first on a
    public route, else the most powerful first."""
    with app.test_request_context():
        rule = access_rule_for(endpoint)
    expected = MATRIX[endpoint][1]
    allowed = []
    order = [Role.SPECIALIST, Role.MENTOR, Role.MENTEE]
    for visitor in [ANONYMOUS, *order] if rule.public else [*order, ANONYMOUS]:
        if visitor == ANONYMOUS and not rule.public:
            continue
        if rule.roles and visitor != ANONYMOUS and visitor not in rule.roles:
            continue
        if expected[visitor] in (403, 404) or (
            visitor == ANONYMOUS and expected[visitor] == SIGN_IN and not rule.public
        ):
            continue
        allowed.append(visitor)
    return allowed


def endpoint_of(app, path: str, method: str = "POST") -> str | None:
    adapter = app.url_map.bind("mentoring.test")
    try:
        endpoint, _ = adapter.match(path.split("?")[0], method=method)
    except Exception:  # noqa: BLE001 (no route: a form posting elsewhere is not ours to test)
        return None
    return endpoint


def get_pages(app, url_values: dict) -> list[str]:
    """A URL for every GET route of the app (the world's objects fill in the ids)."""
    return [
        url(app, endpoint, url_values)
        for endpoint, rule in sorted(routes(app).items())
        if "GET" in rule.methods
    ]


def discover_forms(app, client, url_values: dict) -> dict[str, Form]:
    """Every POST form the pages show to the client's visitor, keyed by endpoint (first found)."""
    found: dict[str, Form] = {}
    for page in get_pages(app, url_values):
        response = client.get(page)
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        for form in forms_in(response.get_data(as_text=True), page):
            endpoint = endpoint_of(app, form.action)
            if endpoint is not None and endpoint not in found:
                found[endpoint] = form
    return found


# Random by design, so that an anonymous survey answer's order tells nothing: never equal between
# two runs of the same request.
RANDOM_IDS = {
    ("survey_responses", "id"),
    ("survey_answers", "id"),
    ("survey_answers", "response_id"),
}


def snapshot(exclude_columns=re.compile(r"(_at|_on_server)$")) -> dict:
    """Every row of every table, as {table: sorted rows} (for before/after comparisons)."""
    state = {}
    for table in db.metadata.sorted_tables:
        columns = [
            c
            for c in table.columns
            if not exclude_columns.search(c.name) and (table.name, c.name) not in RANDOM_IDS
        ]
        rows = db.session.execute(select(*columns)).all()
        state[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return state


__all__ = ["ANONYMOUS", "VISITORS", "Form", "Field"]
