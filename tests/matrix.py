"""Shared words for the per-feature permission matrices (tests/<feature>/matrix.py)."""

from mentoring.core.roles import Role

ANONYMOUS = "anonymous"
VISITORS = [ANONYMOUS, Role.SPECIALIST, Role.MENTOR, Role.MENTEE]
SIGN_IN = 302  # anonymous visitors are sent to /login


def row(method: str, anonymous: int, specialist: int, mentor: int, mentee: int):
    """One route's expected status for each visitor, in the order of VISITORS."""
    return method, dict(zip(VISITORS, (anonymous, specialist, mentor, mentee), strict=True))


def specialists_only(method: str = "GET", allowed: int = 200):
    return row(method, SIGN_IN, allowed, 403, 403)


def everyone(method: str, status: int):
    return row(method, status, status, status, status)
