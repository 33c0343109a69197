"""Small helpers that every feature's routes share."""

from flask import render_template, request

from mentoring.core.paging import clamp_page


def page_number(name: str = "page") -> int:
    """The ?page= (or ?<name>=) of a paged list: 1 when absent or not a number, never past
    the last page a list may have."""
    return clamp_page(request.args.get(name, 1, type=int) or 1)


def confirmed() -> bool:
    """Whether a POST that changes something of consequence was confirmed on its page."""
    return request.form.get("confirmed") == "yes"


def confirmation(title: str, consequences: list[str], button: str, cancel_url: str) -> str:
    """A page that says what the POST will do and posts the same fields again, confirmed: no
    JavaScript needed."""
    carried = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in ("csrf_token", "confirmed")
    ]
    return render_template(
        "confirm.html",
        title=title,
        consequences=consequences,
        button=button,
        cancel_url=cancel_url,
        carried=carried,
        action=request.path,
    )
