"""Helpers of the worker tests: small scans and `sohoa worker` subprocesses."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BIN = Path(sys.executable).parent
SOHOA = [sys.executable, str(Path(__file__).with_name("sohoa_cli.py"))]  # the `sohoa` command
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
LINES = [
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
    "GIẤY XÁC NHẬN",
    "Họ và tên: Nguyễn Thị Ánh Tuyết",
]


def render_scan(path: Path, number: int, dpi: int = 150) -> None:
    """A half A4 page of Vietnamese text at `dpi`, different for every `number` (distinct sha256)."""
    scale = dpi / 300
    image = Image.new("L", (int(2480 * scale), int(1754 * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), int(48 * scale))
    for n, line in enumerate([*LINES, f"Số: {number}/GXN-UBND"]):
        draw.text((int(250 * scale), int((250 + n * 120) * scale)), line, font=font, fill=0)
    image.save(path, dpi=(dpi, dpi))


def make_folder(root: Path, count: int, *, dossiers: int = 2, bad: int = 0) -> Path:
    """`count` one-page scans spread over `dossiers` subfolders, plus `bad` broken files."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        folder = root / f"hoso-{n % dossiers + 1:02d}"
        folder.mkdir(exist_ok=True)
        render_scan(folder / f"giay-{n:03d}.png", n)
    for n in range(bad):
        folder = root / "hoso-hong"
        folder.mkdir(exist_ok=True)
        (folder / f"hong-{n}.pdf").write_bytes(b"%PDF-1.7\n this is not a PDF at all" + bytes([n]))
    if bad > 1:
        (root / "hoso-hong" / "rong.png").write_bytes(b"")
    return root


class Workers:
    """`sohoa worker` subprocesses of one test, killed at the end whatever happens."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.cwd / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [*SOHOA, "worker", "--processes", "1", *args],
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def logs(self) -> str:
        return "\n".join(
            p.read_text(errors="replace") for p in sorted(self.cwd.glob("worker-*.log"))
        )

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 30
        for proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
