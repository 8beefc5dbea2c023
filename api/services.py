"""What the routes use, opened once per app from the settings: archive, catalog, jobs, access."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request

from pipeline.context import Context, open_context
from pipeline.settings import Settings
from storage.access import AccessStore, open_access_store
from storage.dossiers import DossierStore, open_dossier_store
from storage.jobs import JobStore, open_job_store

from .signatures import SignatureCache
from .uploads import remove_stale_parts


@dataclass
class Services:
    """Open connections of one app; closed when the app stops."""

    settings: Settings
    ctx: Context
    jobs: JobStore
    access: AccessStore
    dossiers: DossierStore
    cache_dir: Path
    signatures: SignatureCache = field(default_factory=SignatureCache)

    @property
    def max_upload_bytes(self) -> int:
        return self.settings.max_upload_mb * 1024 * 1024

    def close(self) -> None:
        for closer in (self.jobs.close, self.access.close, self.dossiers.close, self.ctx.close):
            with contextlib.suppress(Exception):  # closing one must not skip the others
                closer()


def open_services(settings: Settings) -> Services:
    """Open (and migrate) everything the API needs, named by the settings."""
    ctx = open_context(settings)
    jobs = open_job_store(settings.catalog)
    jobs.migrate()
    access = open_access_store(settings.catalog)
    dossiers = open_dossier_store(settings.catalog)
    cache = settings.home / "cache"
    for folder in ("uploads", "pages"):  # uploads in flight, page images being cached
        remove_stale_parts(cache / folder)
    return Services(
        settings=settings, ctx=ctx, jobs=jobs, access=access, dossiers=dossiers, cache_dir=cache
    )


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services
