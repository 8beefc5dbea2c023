"""Ingest benchmark: N concurrent counters upload ~1 MB scans to a real `sohoa serve` on loopback.

Reports the accepted-upload latency (request sent -> 202, p50/p99; target p99 < 150 ms) and the
end-to-end time from upload to a signed result. Settings come from SOHOA_* like `sohoa serve`
(default: the embedded mode in a temp folder, with the embedded worker in the server process;
with SOHOA_BROKER_URL=redis://... it also starts `sohoa worker --processes N` next to the server).

    python -m benchmarks.ingest [--counters 20] [--uploads 3] [--burst | --every 2] [--no-worker]
                                [--no-wait] [--saturation SECONDS]

Paced mode (default): each counter waits 0..--think s before each upload, as a clerk does between
papers; --every S: each counter uploads every S seconds exactly (first at a random instant of the
first S), the issue-17 scenario is `--counters 20 --uploads 3 --every 2` with the embedded worker
OCRing the uploads on the same machine; --burst sends all the first uploads at the same instant
(the worst case). --saturation S then has every counter upload back to back for S seconds (each
upload distinct bytes) and reports the uploads accepted per second.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np
from PIL import Image, ImageDraw, ImageFont

SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN ĐỀ NGHỊ XÁC NHẬN CƯ TRÚ",
    "Kính gửi: Công an xã Mỹ Hiệp",
    "Họ và tên: Nguyễn Văn Bình",
    "Nơi thường trú: xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng Tháp",
]


def make_scan(marker: str, *, target_bytes: int = 1_000_000, seed: int = 0) -> bytes:
    """A grey A4 page at 200 dpi with text and paper noise, JPEG near `target_bytes`."""
    width, height = 1654, 2339
    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(SERIF, 36)
    y = 160
    for line in [*LINES, f"Mã hồ sơ: {marker}"]:
        draw.text((160, y), line, font=font, fill=20)
        y += 64
    rng = np.random.default_rng(seed)
    pixels = np.asarray(image, dtype=np.int16) + rng.normal(0, 9, (height, width)).astype(np.int16)
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    best = b""
    for quality in (60, 70, 80, 85, 90, 95):
        out = io.BytesIO()
        noisy.save(out, format="JPEG", quality=quality, dpi=(200, 200))
        best = out.getvalue()
        if len(best) >= target_bytes:
            break
    return best


WORKER = (
    "import sys; from pipeline.settings import load_settings; "
    "from sohoa.commands.workers import worker_command; "
    "worker_command.main(sys.argv[1:], obj=load_settings())"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(port: int, worker: bool) -> None:
    """The server process: the same app and embedded worker as `sohoa serve`."""
    import uvicorn

    from api.app import create_app
    from pipeline.settings import load_settings

    settings = load_settings()
    app = create_app(settings)
    handle = None
    if worker and not settings.broker_url:
        from workers.embedded import start_embedded_worker

        handle = start_embedded_worker(settings)
    try:
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    finally:
        if handle is not None:
            handle.stop()


@dataclass
class Upload:
    counter: int
    component: str
    sent: float
    accepted: float
    done: float | None = None
    state: str = "queued"


@dataclass
class Results:
    uploads: list[Upload] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saturation: tuple[int, float, list[float]] | None = None


async def counter(
    http: httpx.AsyncClient,
    n: int,
    token: str,
    scans: list[bytes],
    results: Results,
    pace: tuple[float, float] | None,
    every: float | None = None,
) -> None:
    """One counter: open a dossier, upload its scans (at once, paced like a clerk, or every S s)."""
    rng = random.Random(n)
    headers = {"Authorization": f"Bearer {token}"}
    dossier = await open_dossier(http, n, headers)
    start = time.perf_counter() + (rng.uniform(0, every) if every else 0.0)
    for i, data in enumerate(scans):
        if every is not None:  # a fixed rhythm: upload i at start + i * every
            await asyncio.sleep(max(0.0, start + i * every - time.perf_counter()))
        elif pace is not None:  # a clerk scans, checks the paper, then sends it
            await asyncio.sleep(rng.uniform(*pace))
        await upload(http, n, dossier, f"scan-{n}-{i}.jpg", data, headers, results)


async def open_dossier(http: httpx.AsyncClient, n: int, headers: dict[str, str]) -> str:
    r = await http.post(
        "/v1/dossiers",
        json={"procedure_code": "1.004227", "owner_id": f"0871900{n:05d}"},
        headers=headers,
    )
    r.raise_for_status()
    return str(r.json()["id"])


async def upload(
    http: httpx.AsyncClient,
    n: int,
    dossier: str,
    name: str,
    data: bytes,
    headers: dict[str, str],
    results: Results,
) -> bool:
    """One upload; its accept latency is recorded when it is accepted (202)."""
    sent = time.perf_counter()
    r = await http.post(
        f"/v1/dossiers/{dossier}/components",
        files={"file": (name, data, "image/jpeg")},
        data={"role": "submitted"},
        headers=headers,
    )
    accepted = time.perf_counter()
    if r.status_code != 202:
        results.errors.append(f"counter {n}: {r.status_code} {r.text[:200]}")
        return False
    results.uploads.append(Upload(n, r.json()["id"], sent, accepted))
    return True


def distinct(data: bytes, tag: str) -> bytes:
    """The same JPEG with a comment (COM segment) after SOI: other bytes, the same page."""
    comment = tag.encode("ascii")
    return data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]


async def saturate(
    http: httpx.AsyncClient, n: int, token: str, scan: bytes, seconds: float, results: Results
) -> None:
    """One counter uploading distinct copies of `scan` back to back for `seconds`."""
    headers = {"Authorization": f"Bearer {token}"}
    dossier = await open_dossier(http, n, headers)
    deadline, i = time.perf_counter() + seconds, 0
    while time.perf_counter() < deadline:
        data = distinct(scan, f"sat-{n}-{i}-{os.getpid()}")
        await upload(http, n, dossier, f"sat-{n}-{i}.jpg", data, headers, results)
        i += 1


async def wait_done(
    http: httpx.AsyncClient, tokens: list[str], results: Results, timeout: float
) -> None:
    deadline = time.perf_counter() + timeout
    pending = list(results.uploads)
    while pending and time.perf_counter() < deadline:
        still = []
        for up in pending:
            r = await http.get(
                f"/v1/components/{up.component}",
                headers={"Authorization": f"Bearer {tokens[up.counter]}"},
            )
            state = r.json().get("state", "?")
            if state in ("done", "failed"):
                up.done, up.state = time.perf_counter(), state
            else:
                still.append(up)
        pending = still
        await asyncio.sleep(0.5)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def run(args: argparse.Namespace, base: str, tokens: list[str]) -> Results:
    print(f"making {args.counters * args.uploads} scans of ~{args.size_mb} MB ...", flush=True)
    scans = [
        [
            make_scan(
                f"{n}-{i}-{os.getpid()}", target_bytes=int(args.size_mb * 1e6), seed=n * 100 + i
            )
            for i in range(args.uploads)
        ]
        for n in range(args.counters)
    ]
    sizes = [len(s) for per in scans for s in per]
    print(f"scan sizes {min(sizes) / 1e6:.2f}-{max(sizes) / 1e6:.2f} MB", flush=True)
    results = Results()
    limits = httpx.Limits(max_connections=args.counters + 5)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:
        await http.get("/healthz")
        pace = None if args.burst else (0.0, args.think)
        started = time.perf_counter()
        await asyncio.gather(
            *(
                counter(http, n, tokens[n], scans[n], results, pace, args.every)
                for n in range(args.counters)
            )
        )
        wall = time.perf_counter() - started
        print(f"{len(results.uploads)} uploads accepted in {wall:.2f} s", flush=True)
        if not args.no_wait:  # before the saturation flood queues hundreds more behind them
            await wait_done(http, tokens, results, args.timeout)
        if args.saturation:
            results.saturation = await saturation(http, tokens, scans, args.saturation)
    return results


async def saturation(
    http: httpx.AsyncClient, tokens: list[str], scans: list[list[bytes]], seconds: float
) -> tuple[int, float, list[float]]:
    """(uploads accepted, seconds taken, accept latencies in ms) with every counter back to back."""
    results = Results()
    started = time.perf_counter()
    await asyncio.gather(
        *(saturate(http, n, tokens[n], scans[n][0], seconds, results) for n in range(len(tokens)))
    )
    wall = time.perf_counter() - started
    return len(results.uploads), wall, [1000 * (u.accepted - u.sent) for u in results.uploads]


def report(results: Results, args: argparse.Namespace) -> None:
    accept_ms = [1000 * (u.accepted - u.sent) for u in results.uploads]
    print()
    mode = (
        "burst"
        if args.burst
        else f"every {args.every:g} s"
        if args.every
        else f"paced 0-{args.think:g} s"
    )
    if args.no_worker:
        worker = "no worker"
    elif os.environ.get("SOHOA_BROKER_URL"):
        worker = f"{args.worker_processes} worker processes on {os.environ['SOHOA_BROKER_URL'].split('?')[0]}"
    else:
        worker = "embedded worker"
    print(
        f"| {args.counters} counters x {args.uploads} upload(s), ~{args.size_mb} MB, {mode}, "
        f"{worker} | value |"
    )
    print("|---|---|")
    if accept_ms:
        print(f"| accepted-upload latency p50 | {statistics.median(accept_ms):.0f} ms |")
        print(f"| accepted-upload latency p99 | {pct(accept_ms, 0.99):.0f} ms |")
        print(f"| accepted-upload latency max | {max(accept_ms):.0f} ms |")
    done = [u for u in results.uploads if u.done is not None]
    if done:
        e2e = [u.done - u.sent for u in done if u.done is not None]
        print(f"| end-to-end to signed result p50 | {statistics.median(e2e):.1f} s |")
        print(f"| end-to-end to signed result max | {max(e2e):.1f} s |")
        first = min(u.sent for u in done)
        last = max(u.done for u in done if u.done is not None)
        print(f"| all {len(done)} signed after | {last - first:.1f} s |")
        failed = sum(1 for u in done if u.state == "failed")
        print(f"| failed | {failed} |")
    if results.errors:
        print(f"| refused uploads | {len(results.errors)} (first: {results.errors[0]}) |")
    if results.saturation is not None:
        count, wall, latencies = results.saturation
        print(f"| saturation: uploads accepted back to back | {count} in {wall:.1f} s |")
        print(f"| saturation: uploads per second | {count / wall:.1f} |")
        if latencies:
            print(f"| saturation: accept latency p50 / p99 | {statistics.median(latencies):.0f}"
                  f" / {pct(latencies, 0.99):.0f} ms |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counters", type=int, default=20)
    parser.add_argument("--uploads", type=int, default=3, help="uploads per counter")
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--no-worker", action="store_true", help="measure intake only")
    parser.add_argument(
        "--burst", action="store_true", help="every counter sends at the same instant (worst case)"
    )
    parser.add_argument(
        "--think", type=float, default=4.0, help="paced mode: up to this many s before each upload"
    )
    parser.add_argument(
        "--every", type=float, help="each counter uploads every EVERY s (fixed rhythm)"
    )
    parser.add_argument(
        "--saturation", type=float, default=0.0, help="then upload back to back for SECONDS"
    )
    parser.add_argument("--no-wait", action="store_true", help="do not wait for signed results")
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument(
        "--worker-processes",
        type=int,
        default=2,
        help="with SOHOA_BROKER_URL set: `sohoa worker` processes started next to the server",
    )
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, worker=not args.no_worker)
        return

    from pipeline.settings import load_settings
    from storage.access import open_access_store

    with tempfile.TemporaryDirectory(prefix="sohoa-bench-ingest-") as tmp:
        env = dict(os.environ)
        env.setdefault("SOHOA_HOME", str(Path(tmp) / "home"))
        env["OMP_THREAD_LIMIT"] = "1"
        os.environ.update(env)
        settings = load_settings()
        settings.home.mkdir(parents=True, exist_ok=True)
        access = open_access_store(settings.catalog)
        tokens = [access.create_token("counter", "BENCH", f"c{n}")[1] for n in range(args.counters)]
        access.close()
        port = free_port()
        cmd = [sys.executable, "-m", "benchmarks.ingest", "--serve", str(port)]
        if args.no_worker:
            cmd.append("--no-worker")
        server = subprocess.Popen(cmd, env=env)
        workers = None
        if settings.broker_url and not args.no_worker:  # scaled out: workers in their own processes
            workers = subprocess.Popen(
                [sys.executable, "-c", WORKER, "--queues", "live", "--processes",
                 str(args.worker_processes)],
                env=env,
                start_new_session=True,
            )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            results = asyncio.run(run(args, base, tokens))
        finally:
            if workers is not None:
                os.killpg(workers.pid, signal.SIGTERM)
                try:
                    workers.wait(timeout=90)
                except subprocess.TimeoutExpired:
                    os.killpg(workers.pid, signal.SIGKILL)
            server.terminate()
            try:
                server.wait(timeout=90)
            except subprocess.TimeoutExpired:
                server.kill()
        report(results, args)


if __name__ == "__main__":
    main()
