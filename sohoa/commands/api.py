"""`sohoa serve` (the HTTP API and web page) and `sohoa tokens` (API tokens)."""

from __future__ import annotations

import json
from collections.abc import Callable

import click

from pipeline.settings import Settings
from storage.access import ROLES, open_access_store


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--no-worker",
    is_flag=True,
    help="With an empty SOHOA_BROKER_URL, do not start the embedded worker in this process.",
)
@click.pass_obj
def serve_command(settings: Settings, host: str, port: int, no_worker: bool) -> None:
    """Serve the JSON API (/v1, /openapi.json) and the archivists' web page (/).

    With no broker configured (the embedded default) the components are digitized by a
    worker inside this process; otherwise run `sohoa worker` next to it.
    """
    import uvicorn

    from api.app import create_app

    stop: Callable[[], None] | None = None
    if not settings.broker_url and not no_worker:
        from workers.embedded import resend_unfinished, start_embedded_worker

        worker = start_embedded_worker(settings)
        resent = resend_unfinished(worker.app)
        if resent:
            click.echo(f"sohoa: {resent} unfinished component(s) sent again", err=True)

        def stop() -> None:
            worker.stop()
            click.echo("sohoa: embedded worker stopped", err=True)

    from api.server import uvicorn_options

    app = create_app(settings, on_shutdown=stop)
    uvicorn.run(app, host=host, port=port, log_level="info", **uvicorn_options(settings))


@click.group("tokens")
def tokens_group() -> None:
    """API tokens: counter (ingest, own office), archivist (search, read all), admin."""


@tokens_group.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--office", default="", help="Office code (required for a counter).")
@click.option("--name", default="", help="Who holds it (a person, a counter machine).")
@click.pass_obj
def create_token(settings: Settings, role: str, office: str, name: str) -> None:
    """Create a token and print it once (only its hash is kept)."""
    store = open_access_store(settings.catalog)
    try:
        record, secret = store.create_token(role, office or None, name)
    finally:
        store.close()
    click.echo(secret)
    click.echo(
        f"token {record.token_id}: role {record.role}"
        + (f", office {record.office}" if record.office else "")
        + " — keep it now, it cannot be shown again",
        err=True,
    )


@tokens_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per token.")
@click.pass_obj
def list_tokens(settings: Settings, as_json: bool) -> None:
    """List tokens (ids, roles, offices; never the secrets)."""
    store = open_access_store(settings.catalog)
    try:
        tokens = store.list_tokens()
    finally:
        store.close()
    for t in tokens:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "id": t.token_id,
                        "role": t.role,
                        "office": t.office,
                        "name": t.name,
                        "created_at": t.created_at.isoformat(),
                        "active": t.active,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            state = "active" if t.active else "revoked"
            click.echo(
                f"{t.token_id}  {t.role:<9}  {t.office or '-':<12}  {state:<7}  "
                f"{t.created_at:%Y-%m-%d}  {t.name}"
            )


@tokens_group.command("revoke")
@click.argument("token_id")
@click.pass_obj
def revoke_token(settings: Settings, token_id: str) -> None:
    """Revoke a token at once."""
    store = open_access_store(settings.catalog)
    try:
        store.revoke_checked(token_id)
    finally:
        store.close()
    click.echo(f"token {token_id} revoked")
