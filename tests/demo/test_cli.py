"""`flask demo seed` never runs in production."""

import pytest
from sqlalchemy import select

from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import make_user


@pytest.mark.parametrize("options", [[], ["--force"], ["--scale", "small"]], ids=str)
def test_demo_seed_refuses_to_run_in_production(app, runner, options):
    make_user(email="real.person@state.example")
    app.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["demo", "seed", *options])
    assert result.exit_code == 1
    assert "Demo data cannot be loaded in production" in result.output
    assert db.session.scalars(select(User.email)).all() == ["real.person@state.example"]
