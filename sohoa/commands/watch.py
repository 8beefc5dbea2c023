"""`sohoa watch DIR`: the scanner hot folder of one office, into the live queue."""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path
from types import FrameType

import click

from pipeline.settings import Settings
from workers.actors import START
from workers.app import shared_app
from workers.backfill import settings_note
from workers.watch import Watcher


@click.command("watch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--office", required=True, help="The receiving office whose scanners drop here.")
@click.option("--procedure", help="Administrative procedure code of every file dropped here.")
@click.option(
    "--dossier-from-folder",
    is_flag=True,
    help="Files in DIR/<dossier>/ belong to dossier <dossier> (one level of sub-folders).",
)
@click.option(
    "--settle",
    type=click.FloatRange(min=0.1),
    default=2.0,
    show_default=True,
    help="Seconds a file's size must stand still before it is taken.",
)
@click.option("--poll", type=click.FloatRange(min=0.1), default=1.0, show_default=True)
@click.pass_obj
def watch_command(
    settings: Settings,
    folder: Path,
    office: str,
    procedure: str | None,
    dossier_from_folder: bool,
    settle: float,
    poll: float,
) -> None:
    """Take the files scanners drop into FOLDER, once complete, into the live queue.

    Each file moves to FOLDER/done/ once queued, or to FOLDER/failed/ with NAME.reason.txt
    when it is refused. Stop with Ctrl-C; started again, it files nothing twice.
    """
    logging.getLogger("sohoa.watch").setLevel(logging.INFO)
    app = shared_app(settings)
    embedded = None
    if not settings.broker_url:
        from workers.embedded import start_embedded_worker

        embedded = start_embedded_worker(settings)
    watcher = Watcher(
        runtime=app.runtime,
        root=folder.resolve(),
        office=office,
        send=lambda job_id: app.actors.send(START, "live", job_id),
        procedure=procedure,
        dossier_from_folder=dossier_from_folder,
        settle_s=settle,
    )
    if embedded is not None:
        resent = watcher.resend_pending()  # the in-process queue of an earlier run is gone
        if resent:
            click.echo(f"sent again {resent} job(s) an earlier run had queued", err=True)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    click.echo(f"watching {folder} for office {office}; {settings_note(settings)}", err=True)
    try:
        watcher.run(stop, poll_s=poll)
    finally:
        if embedded is not None:
            embedded.stop()
