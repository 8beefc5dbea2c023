"""The `sohoa` command: the one place that wires settings, pipeline and front ends together."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from common.errors import SohoaError
from pipeline.settings import load_settings

from .commands.api import serve_command, tokens_group
from .commands.archive import export_command, fixity_command, reuse_command, search_command
from .commands.digitize import digitize_command, eval_command
from .commands.review import review_group, show_command
from .commands.signing import keys_group, verify_command
from .commands.watch import watch_command
from .commands.workers import backfill_command, batch_group, worker_command


class _Group(click.Group):
    """Translate sohoa's errors into a one-line message and the error's exit code, once."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SohoaError as e:
            click.echo(f"sohoa: error: {e.message}", err=True)
            ctx.exit(e.exit_code)


def _help_requested() -> bool:
    return any(arg in ("-h", "--help") for arg in sys.argv[1:])


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="sohoa")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """sohoa — digitize, OCR, sign and archive Vietnamese administrative dossier components.

    Settings come from SOHOA_* environment variables and an optional sohoa.toml
    (or the file named by SOHOA_CONFIG). With no settings, everything runs on this
    machine: archive and catalog under ./sohoa-data, a DEV signing key generated there.
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s"
    )
    if ctx.obj is None and not _help_requested():
        ctx.obj = load_settings()  # validated once, before any work starts


for command in (
    digitize_command,
    eval_command,
    search_command,
    reuse_command,
    fixity_command,
    export_command,
    show_command,
    review_group,
    verify_command,
    keys_group,
    worker_command,
    backfill_command,
    watch_command,
    batch_group,
    serve_command,
    tokens_group,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="sohoa")


if __name__ == "__main__":
    main()
