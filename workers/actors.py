"""The actors: a component fans out into one OCR message per page and joins before filing.

Each step is declared once per queue (`start_component_live`, `start_component_batch`, ...) so a
worker's live messages outrank its batch messages. Messages carry a job id and a page index,
never bytes: the original and the page results live in the archive. Every step is idempotent:
it looks at the archive and the catalog first, so a redelivered message repeats no filing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dramatiq

from common.errors import ImmutableObject, InputError, StorageError
from ocr.image.textlayer import OCR_MODES
from pipeline import filing
from pipeline.model import Component, Ingested
from pipeline.pages import load_page, page_image, page_json, page_keys, work_prefix
from storage.jobs import JobRecord
from storage.objects import discard_scratch

from .broker import PRIORITY, QUEUES, should_retry
from .runtime import Runtime

Send = Callable[..., None]
START, PAGE, FINISH = "start_component", "ocr_page", "finish_component"
STEP_TIME_LIMIT_MS = 15 * 60_000  # fields + PDF/A + signature + filing of one component


@dataclass(frozen=True)
class Actors:
    """The declared actors, by step and queue."""

    by_step: dict[str, dict[str, dramatiq.Actor[Any, Any]]]

    def send(self, step: str, queue: str, *args: Any) -> None:
        self.by_step[step][queue].send(*args)


def component_of(job: JobRecord) -> Component:
    return Component(
        path=Path(job.filename or job.source),
        dossier_id=job.dossier_id,
        procedure=job.procedure,
        owner_id=job.owner_id,
        receiving_office=job.receiving_office,
        role="result" if job.role == "result" else "submitted",
        declared_type=job.declared_type,
        ocr_mode=job.ocr_mode if job.ocr_mode in OCR_MODES else None,  # type: ignore[arg-type]
    )


def ingested_of(job: JobRecord, size: int) -> Ingested:
    return Ingested(
        sha256=job.sha256,
        fmt=job.fmt,
        ext=job.original_key.rsplit(".", 1)[-1],
        size=size,
        pages=job.pages,
        original_key=job.original_key,
        filename=job.filename,
    )


def _put_once(rt: Runtime, key: str, data: bytes, content_type: str) -> None:
    # a redelivered copy of this message may have written it first; its result stands
    with contextlib.suppress(ImmutableObject):
        rt.ctx.store.put(key, data, content_type=content_type)


def start_component(rt: Runtime, send: Send, job_id: str) -> None:
    """Fan out: one OCR message per page whose result is not in the archive yet."""
    job = rt.jobs.get(job_id)
    if not job.sha256 or not job.original_key:
        raise InputError("the job has no stored original")
    existing = filing.existing_document(rt.ctx, job.sha256)
    if existing is not None:
        rt.jobs.set_state(
            job_id, "done", reason="already digitized", document_id=existing.document_id
        )
        return
    if not rt.ctx.store.exists(job.original_key):
        raise StorageError(f"the original {job.original_key} is not in the archive (yet)")
    missing = []
    for index in range(job.pages):
        json_key, _ = page_keys(job.sha256, index)
        if rt.ctx.store.exists(json_key):
            rt.jobs.page_done(job_id, index)
        else:
            missing.append(index)
    if not missing:
        send(FINISH, job.queue, job_id)
    for index in missing:
        send(PAGE, job.queue, job_id, index)


def ocr_page(rt: Runtime, send: Send, job_id: str, index: int) -> None:
    """Rasterize, clean and OCR one page into the archive work area; the last page joins."""
    job = rt.jobs.get(job_id)
    json_key, image_key = page_keys(job.sha256, index)
    filed = filing.existing_document(rt.ctx, job.sha256) is not None  # a late redelivery
    if not filed and not rt.ctx.store.exists(json_key):
        data = rt.ctx.store.get(job.original_key)
        page = rt.process_page(data, job.fmt, index, ocr_mode=job.ocr_mode)
        _put_once(rt, image_key, page_image(page), "application/octet-stream")
        _put_once(rt, json_key, page_json(page), "application/json")  # last: the page is done
    if rt.jobs.page_done(job_id, index) >= job.pages:
        send(FINISH, job.queue, job_id)


def finish_component(rt: Runtime, send: Send, job_id: str) -> None:
    """Join: fields, PDF/A, signature (never twice), archive objects, catalog row; job done."""
    job = rt.jobs.get(job_id)
    ctx = rt.ctx
    document = filing.existing_document(ctx, job.sha256)
    if document is None:
        pages = []
        for index in range(job.pages):
            json_key, image_key = page_keys(job.sha256, index)
            pages.append(load_page(ctx.store.get(json_key), ctx.store.get(image_key)))
        try:
            document = filing.finish(
                ctx,
                component=component_of(job),
                ingested=ingested_of(job, ctx.store.size(job.original_key)),
                pages=pages,
                signer=rt.signer,
                options=rt.sign_options,
            )
        except ImmutableObject as e:  # another copy of this message is filing it right now
            document = filing.existing_document(ctx, job.sha256)
            if document is None:
                raise StorageError(f"filing raced with another attempt: {e.message}") from e
    rt.jobs.set_state(job_id, "done", document_id=document.document_id)
    discard_scratch(ctx.store, work_prefix(job.sha256))  # the pages are in the PDF now


def declare_actors(broker: dramatiq.Broker, runtime: Runtime) -> Actors:
    """Declare every step on both queues, bound to this broker and this runtime."""
    table: dict[str, dict[str, dramatiq.Actor[Any, Any]]] = {START: {}, PAGE: {}, FINISH: {}}
    actors = Actors(table)
    page_limit_ms = int((runtime.settings.ocr_timeout_s + 120) * 1000)

    def start(job_id: str) -> None:
        start_component(runtime, actors.send, job_id)

    def page(job_id: str, index: int) -> None:
        ocr_page(runtime, actors.send, job_id, index)

    def finish(job_id: str) -> None:
        finish_component(runtime, actors.send, job_id)

    steps: tuple[tuple[str, Callable[..., None], int], ...] = (
        (START, start, STEP_TIME_LIMIT_MS),
        (PAGE, page, page_limit_ms),
        (FINISH, finish, STEP_TIME_LIMIT_MS),
    )
    for queue in QUEUES:
        for step, fn, limit in steps:
            declare = dramatiq.actor(
                actor_name=f"{step}_{queue}",
                queue_name=queue,
                priority=PRIORITY[queue],
                broker=broker,
                time_limit=limit,
                retry_when=should_retry,
            )
            table[step][queue] = declare(fn)
    return actors
