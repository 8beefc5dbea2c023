"""Workers benchmark (run by hand): pages/min with 1 and 2 worker processes on Redis, and the
latency of a live component with and without a batch backlog.

    .venv/bin/python -m benchmarks.workers [--pages 12] [--backlog 16] [--broker redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline import filing, steps
from pipeline.model import Component
from pipeline.settings import Settings
from workers.app import App, open_app
from workers.backfill import backfill, wait_for_batch
from workers.submit import new_job, submit_component

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
LINES = ["ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "GIẤY XÁC NHẬN", "Họ và tên: Nguyễn Thị Ánh Tuyết"]
WORKER = (
    "from pipeline.settings import load_settings\n"
    "from sohoa.commands.workers import worker_command\n"
    "worker_command.main(['--processes', '{n}'], obj=load_settings(), standalone_mode=True)\n"
)


def render(path: Path, number: int, dpi: int = 200) -> None:
    """A half A4 page of Vietnamese text, distinct for each number."""
    s = dpi / 300
    image = Image.new("L", (int(2480 * s), int(1754 * s)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, int(48 * s))
    for n, line in enumerate([*LINES, f"Số: {number}/GXN-UBND ngày {number % 28 + 1}/3/2024"]):
        draw.text((int(250 * s), int((250 + n * 120) * s)), line, font=font, fill=0)
    image.save(path, dpi=(dpi, dpi))


def folder(root: Path, count: int, start: int) -> Path:
    root.mkdir(parents=True)
    for n in range(count):
        render(root / f"p{n:03d}.png", start + n)
    return root


def start_workers(env: dict[str, str], n: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER.format(n=n)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(8)  # imports + broker connection
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(120)


def throughput(app: App, root: Path, pages: int, start: int) -> float:
    batch = f"tp-{uuid.uuid4().hex[:6]}"
    src = folder(root / batch, pages, start)
    began = time.monotonic()
    backfill(app, src, batch=batch)
    counts = wait_for_batch(app.runtime.jobs, batch, poll_s=0.2)
    took = time.monotonic() - began
    assert counts["done"] == pages, counts
    return pages / took * 60


def live_latency(app: App, root: Path, number: int) -> float:
    path = root / f"live-{number}.png"
    render(path, number)
    data = path.read_bytes()
    ingested = steps.ingest(data, filename=path.name, limits=app.runtime.page_options.limits)
    filing.store_original(app.runtime.ctx, ingested, data)
    job, _ = app.runtime.jobs.create(new_job(ingested, Component(path=path), queue="live"))
    began = time.monotonic()
    submit_component(app.settings, job.job_id, queue="live")
    while app.runtime.jobs.get(job.job_id).state not in ("done", "failed"):
        time.sleep(0.1)
    return time.monotonic() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--backlog", type=int, default=16)
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        url = args.broker
        if url.startswith("redis") and "namespace=" not in url:
            url += ("&" if "?" in url else "?") + f"namespace=bench-{uuid.uuid4().hex[:6]}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
        env |= {"SOHOA_HOME": str(root / "home"), "SOHOA_BROKER_URL": url, "OMP_THREAD_LIMIT": "1"}
        settings = Settings.model_validate({"home": root / "home", "broker_url": url})
        app = open_app(settings)
        rows: list[tuple[str, str]] = []
        number = 0
        for n in (1, 2):
            proc = start_workers(env, n)
            try:
                rate = throughput(app, root, args.pages, number)
                number += args.pages
                rows.append((f"pages/min, {n} worker process(es)", f"{rate:.1f}"))
                print(rows[-1], flush=True)
            finally:
                stop(proc)
        proc = start_workers(env, 1)
        try:
            idle = live_latency(app, root, number := number + 1)
            rows.append(("live latency, idle worker (s)", f"{idle:.2f}"))
            print(rows[-1], flush=True)
            batch = f"backlog-{uuid.uuid4().hex[:6]}"
            backfill(app, folder(root / batch, args.backlog, number + 1), batch=batch)
            number += args.backlog + 1
            time.sleep(3)  # the worker is deep in the backlog
            busy = live_latency(app, root, number + 1)
            rows.append((f"live latency, {args.backlog}-page batch backlog (s)", f"{busy:.2f}"))
            left = app.runtime.jobs.counts(batch)
            rows.append(
                (
                    "batch pages still pending when live was done",
                    str(left["queued"] + left["processing"]),
                )
            )
            print(rows[-2:], flush=True)
            wait_for_batch(app.runtime.jobs, batch, poll_s=0.5)
        finally:
            stop(proc)
            app.close()
        print("\n| measure | value |\n|---|---|")
        for name, value in rows:
            print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
