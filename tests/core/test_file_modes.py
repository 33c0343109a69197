"""The files that hold the data or live links are readable by their owner only."""

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from mentoring import create_app
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.apps import make_test_config
from tests.factories import make_user


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The usual umask (022), under which files are created readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def app_config(request):
    return {"MAIL_BACKEND": "file"} if "outbox" in request.node.name else {}


def test_the_dev_outbox_folder_is_0700_and_its_files_0600(open_umask, app, client, auth):
    auth.login_as(make_user(Role.SPECIALIST))
    client.post(
        "/admin/users/invite",
        data={"name": "File Mentor", "email": "file@example.org", "role": "mentor"},
    )
    outbox = Path(app.instance_path) / "outbox"
    [written] = list(outbox.iterdir())
    assert "/invitation/" in written.read_text()
    assert (_mode(outbox), _mode(written)) == (0o700, 0o600)


def _write_through_a_new_app(database: Path) -> None:
    app = create_app(make_test_config(f"sqlite:///{database}"))
    with app.app_context():
        db.session.execute(text("CREATE TABLE IF NOT EXISTS notes (body TEXT)"))
        db.session.execute(text("INSERT INTO notes VALUES ('x')"))
        db.session.commit()
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert [_mode(file) for file in files] == [0o600, 0o600, 0o600]
        db.session.remove()
        db.engine.dispose()


def test_the_sqlite_file_and_its_wal_and_shm_are_0600(open_umask, tmp_path):
    _write_through_a_new_app(tmp_path / "new.sqlite")


def test_an_existing_world_readable_sqlite_file_is_made_private(open_umask, tmp_path):
    database = tmp_path / "old.sqlite"
    for file in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        file.touch(mode=0o644)
    _write_through_a_new_app(database)
