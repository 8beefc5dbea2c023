"""`sohoa serve` with no services at all: the embedded worker digitizes what the API accepted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from api_helpers import multipart, scan
from support import free_port

from pipeline.settings import load_settings
from storage.access import open_access_store

SERVE = (
    "import sys; from pipeline.settings import load_settings; "
    "from sohoa.commands.api import serve_command; "
    "serve_command.main(sys.argv[1:], obj=load_settings(), standalone_mode=True)"
)


def test_serve_in_embedded_mode_accepts_and_digitizes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env.update(SOHOA_HOME=str(tmp_path / "home"), OMP_THREAD_LIMIT="1", SOHOA_PROCESSES="1")
    settings = load_settings(home=tmp_path / "home")
    settings.home.mkdir(parents=True)
    access = open_access_store(settings.catalog)
    _, token = access.create_token("counter", "DT-01")
    access.close()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "sohoa serve did not answer within 60 s"
            time.sleep(0.2)
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            dossier = http.post(
                "/v1/dossiers", json={"procedure_code": "1.004227", "owner_id": "087190009999"}
            ).json()["id"]
            body, ctype = multipart(scan(marker="Mã hồ sơ: SERVE-1"), filename="serve.png")
            r = http.post(
                f"/v1/dossiers/{dossier}/components",
                content=body,
                headers={"Content-Type": ctype},
            )
            assert r.status_code == 202, r.text
            status_url = r.json()["status_url"]
            deadline = time.monotonic() + 180
            while (state := http.get(status_url).json())["state"] not in ("done", "failed"):
                assert time.monotonic() < deadline, f"not done in 180 s: {state}"
                time.sleep(0.5)
            assert state["state"] == "done", state["reason"]
            pdf = http.get(state["links"]["document"])
            assert pdf.content.startswith(b"%PDF-")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    output = server.stdout.read().decode() if server.stdout else ""
    # uvicorn re-raises SIGTERM after its graceful shutdown, which stopped the worker first
    assert server.returncode in (0, -signal.SIGTERM), output
    assert "embedded worker stopped" in output
