"""Accept one uploaded component through the one intake (`pipeline.intake.receive`), then queue it."""

from __future__ import annotations

from pathlib import Path

from ocr.image.textlayer import OcrMode
from pipeline.intake import Received, receive
from pipeline.model import Component, Role
from pipeline.steps import PageOptions
from storage.dossiers import Dossier
from workers.submit import submit_component

from .services import Services
from .uploads import Upload


def accept(
    services: Services,
    *,
    dossier: Dossier,
    upload: Upload,
    role: Role,
    declared_type: str | None,
    ocr_mode: OcrMode | None = None,
) -> Received:
    """Everything before the 202: after this returns, nothing can lose the component.

    Only the same bytes are answered with an existing document; what the counter declares
    (type, number) is never evidence that another document stands for this upload.
    """
    settings = services.settings
    component = Component(
        path=Path(upload.filename),  # a sanitized name, never opened
        dossier_id=dossier.dossier_id,
        procedure=dossier.procedure_code,
        owner_id=dossier.owner_id,
        receiving_office=dossier.receiving_office,
        role=role,
        declared_type=declared_type,
        ocr_mode=ocr_mode,
    )
    received = receive(
        services.ctx,
        upload.read(),
        component,
        limits=PageOptions.from_settings(settings).limits,
        jobs=services.jobs,
        queue="live",
    )
    services.dossiers.add_component(dossier.dossier_id, received.job.job_id)
    if received.needs_work:
        submit_component(settings, received.job.job_id, queue="live")
    return received
