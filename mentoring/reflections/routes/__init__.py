"""Mentees' confidential reflections, and their mentors' acknowledgements.

Only the author and, while it is shared, the mentor it was written for reach a reflection; for
anyone else it does not exist (404), and no page here is a specialist's (403). Flash messages
never quote the text: flashes travel in the session cookie.

writing.py: the author's pages; reading.py: a reflection's page, the mentor's list and
acknowledgement.
"""

import logging

from flask import Blueprint
from flask_login import current_user

from mentoring.core import drafts
from mentoring.core.policy import can_read_reflection, get_or_404
from mentoring.reflections.models import MAX_BODY, Reflection
from mentoring.reflections.operations import MAX_TITLE

bp = Blueprint("reflections", __name__)


keeps_drafts = drafts.keeps_drafts({"title": MAX_TITLE, "body": MAX_BODY})


log = logging.getLogger(__name__)


def readable_or_404(reflection_id: int) -> Reflection:
    return get_or_404(Reflection, reflection_id, lambda r: can_read_reflection(current_user, r))


from mentoring.reflections.routes import reading, writing  # noqa: E402, F401  (the views)
