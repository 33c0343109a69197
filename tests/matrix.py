"""Shared words for the per-feature permission matrices (tests/<feature>/matrix.py).

Six visitors: no one, a statewide specialist, the world's mentor and mentee, the certification
office, and a specialist scoped to a region other than the world's (REGIONAL): every object of
the world is outside their region, so its routes answer them 404, like an object that is not
theirs, and the statewide settings answer them 403."""

from mentoring.core.roles import Role

ANONYMOUS = "anonymous"
OFFICE = Role.CERTIFICATION_OFFICE
REGIONAL = "regional"
VISITORS = [ANONYMOUS, Role.SPECIALIST, Role.MENTOR, Role.MENTEE, OFFICE, REGIONAL]
SIGN_IN = 302  # anonymous visitors are sent to /login
OTHER_REGION = "Southwest"  # the regional specialist's; the world's objects are all in Central


def row(
    method: str,
    anonymous: int,
    specialist: int,
    mentor: int,
    mentee: int,
    office: int | None = None,
    regional: int | None = None,
):
    """One route's expected status for each visitor, in the order of VISITORS.

    Unless given: the certification office is refused (403) a page for signed-in people of some
    roles, answered like everyone on a page for every signed-in person, and like a mentor on a
    public page; the regional specialist is answered like a specialist (a list, filtered)."""
    if office is None:
        if specialist == mentor == mentee:
            office = mentor
        else:
            office = mentor if anonymous != SIGN_IN else 403
    if regional is None:
        regional = specialist
    values = (anonymous, specialist, mentor, mentee, office, regional)
    return method, dict(zip(VISITORS, values, strict=True))


def specialists_only(method: str = "GET", allowed: int = 200, regional: int | None = None):
    return row(method, SIGN_IN, allowed, 403, 403, office=403, regional=regional)


def regional_object(method: str = "GET", allowed: int = 200):
    """A specialists' route about one object of the world: 404 for the regional specialist."""
    return specialists_only(method, allowed, regional=404)


def statewide_setting(method: str = "GET", allowed: int = 200):
    """A statewide setting: 403 for the regional specialist (core/policy.py @statewide)."""
    return specialists_only(method, allowed, regional=403)


def everyone(method: str, status: int):
    return row(method, status, status, status, status, status, status)
