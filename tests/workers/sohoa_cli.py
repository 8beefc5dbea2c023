"""`sohoa` for the worker tests: the real CLI once it registers the worker commands, else a stand-in.

The stand-in wires the same click commands the way sohoa/cli.py does (settings loaded once into
ctx.obj), so these tests run while the CLI is being assembled.
"""

from __future__ import annotations

import sys

import click


def _fallback() -> click.Group:
    from pipeline.settings import load_settings
    from sohoa.commands.workers import backfill_command, batch_group, worker_command

    @click.group()
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        ctx.obj = load_settings()

    cli.add_command(worker_command)
    cli.add_command(backfill_command)
    cli.add_command(batch_group)
    return cli


def _cli() -> click.Group:
    try:
        from sohoa.cli import cli
    except ImportError:
        return _fallback()
    return cli if "worker" in cli.commands else _fallback()


if __name__ == "__main__":
    _cli()(prog_name="sohoa")
    sys.exit(0)
