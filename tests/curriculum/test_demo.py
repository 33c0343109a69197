"""The demo's curriculum: whatever the day it is loaded, the running cohort has this month's
topic with a handout that mentors see on their home, and Alex Rivera's group has covered
topics while Grace Okafor's has not."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mentoring.cohorts.models import Cohort, PlcGroup
from mentoring.core.files import sniff
from mentoring.curriculum import queries
from mentoring.curriculum.models import CurriculumMonth, CurriculumTopic
from mentoring.demo.data import seed_demo
from mentoring.extensions import db
from mentoring.users.models import User


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.mark.parametrize(
    "today", [date(2026, 7, 1), date(2026, 10, 1), date(2026, 12, 6), date(2027, 6, 30)], ids=str
)
def test_the_demo_has_this_months_topic_and_coverage(app, today):
    seed_demo(today)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(CurriculumTopic)) == 9
    rivera = _user("mentor.rivera@example.org")
    (item,) = queries.this_month(rivera, today)
    (handout,) = item.view.files
    assert (handout.file_name, sniff(handout.data).extension) == ("PLC handout.pdf", "pdf")
    assert [link.url for link in item.view.links] == ["https://dese.mo.gov/"]
    (mentee_item,) = queries.this_month(_user("mentee.chen@example.org"), today)
    assert mentee_item.view.entry.id == item.view.entry.id
    cohort = db.session.get(Cohort, item.cohort.id)
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(CurriculumMonth)
            .where(CurriculumMonth.cohort_id == cohort.id)
        )
        == 24
    )
    groups = {
        group.mentor_id: group.id
        for group in db.session.scalars(select(PlcGroup).where(PlcGroup.cohort_id == cohort.id))
    }
    coverage = queries.coverage(cohort)
    covered_groups = {group_id for group_id, _ in coverage.covered}
    assert groups[rivera.id] in covered_groups
    assert groups[_user("mentor.okafor@example.org").id] not in covered_groups
