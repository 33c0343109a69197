"""`flask upgrade …`: the daily expiry reminders of the upgrade checklist, and its rule sets
(`flask upgrade rules list | show PATH [--version N] | add FILE`)."""

import json
from dataclasses import asdict
from datetime import UTC, datetime, time
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from mentoring.core import localtime
from mentoring.core.errors import MentoringError
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.upgrade import operations, reminders
from mentoring.upgrade.models import RuleSetVersion
from mentoring.upgrade.rules import IDENTITY

upgrade_cli = AppGroup("upgrade", help="The certificate upgrade checklist.")


@upgrade_cli.command("remind", short_help="Email mentees whose ISS expires in 180, 60 or 30 days.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this date (YYYY-MM-DD), for tests and backfills.",
)
def remind_command(today: datetime | None) -> None:
    """Email each mentee 180, 60 and 30 days before their ISS expires, with what is missing.

    Meant for a daily cron: each reminder goes out once per expiry date.
    """
    if today is None:
        day, now = localtime.today(), utcnow()
    else:
        day = today.date()
        now = datetime.combine(day, time(12), UTC)
    sent = reminders.send_expiry_reminders(day, now)
    db.session.commit()
    click.echo(f"Expiry reminders for {day.isoformat()}: {sent} sent.")


rules_cli = AppGroup("rules", help="The certificate paths' rule sets: list, show, add a version.")
upgrade_cli.add_command(rules_cli)


@rules_cli.command("list", short_help="List every stored version of every path.")
def rules_list_command() -> None:
    """One line per version: path, version, effective date, name and source document."""
    for row in db.session.scalars(
        select(RuleSetVersion).order_by(RuleSetVersion.path, RuleSetVersion.version)
    ):
        click.echo(
            f"{row.path}\tversion {row.version}\tfrom {row.effective_on.isoformat()}\t"
            f"{row.name}\t{row.source_document}"
        )


@rules_cli.command("show", short_help="Show one version as JSON (the latest by default).")
@click.argument("path")
@click.option("--version", "version", type=int, default=None, help="The version number.")
def rules_show_command(path: str, version: int | None) -> None:
    """Print a version as JSON, in the shape `add` reads: copy it to write the next version."""
    query = select(RuleSetVersion).where(RuleSetVersion.path == path)
    if version is not None:
        query = query.where(RuleSetVersion.version == version)
    row = db.session.scalar(query.order_by(RuleSetVersion.version.desc()).limit(1))
    if row is None:
        raise click.ClickException(f"No rule set {path}{f' version {version}' if version else ''}.")
    data = asdict(row.rules)
    shown = {name: data.pop(name) for name in IDENTITY}
    shown["effective_on"] = shown["effective_on"].isoformat()
    shown["parameters"] = {name: value for name, value in data.items() if value is not None}
    click.echo(json.dumps(shown, indent=2, ensure_ascii=False))


@rules_cli.command("add", short_help="Add the next version of a path from a TOML or JSON file.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def rules_add_command(file: Path) -> None:
    """Store FILE as the next version of its path, with an audit event. A stored version never
    changes; the checklist applies each version from its effective date."""
    try:
        row = operations.add_rule_set(operations.read_rule_set_file(file), None)
    except MentoringError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(
        f"Added {row.path} version {row.version}, in effect from {row.effective_on.isoformat()}."
    )
