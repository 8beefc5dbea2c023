"""kill -9 of an embedded `sohoa serve` while components are queued loses none of them.

Before: with no broker the queue lived only in the server process; after a restart (kill -9 or
a clean stop alike) every component answered 202 stayed queued or processing forever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from api_helpers import multipart, tiny_png
from support import free_port

from pipeline.settings import load_settings
from storage.access import open_access_store
from storage.jobs import open_job_store

SERVE = (
    "import sys; from pipeline.settings import load_settings; "
    "from sohoa.commands.api import serve_command; "
    "serve_command.main(sys.argv[1:], obj=load_settings(), standalone_mode=True)"
)
UPLOADS = 10


def _serve(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env.update(SOHOA_HOME=str(home), OMP_THREAD_LIMIT="1", SOHOA_PROCESSES="1")
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=home.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        assert server.poll() is None, "sohoa serve exited"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "sohoa serve did not answer within 60 s"
        time.sleep(0.2)


def _states(home: Path) -> dict[str, str]:
    jobs = open_job_store(load_settings(home=home).catalog)
    try:
        return {j.job_id: j.state for j in jobs.list(limit=1000)}
    finally:
        jobs.close()


def test_kill_9_during_uploads_loses_no_component(tmp_path: Path) -> None:
    home = tmp_path / "home"
    settings = load_settings(home=home)
    settings.home.mkdir(parents=True)
    access = open_access_store(settings.catalog)
    _, token = access.create_token("counter", "DT-01")
    access.close()
    headers = {"Authorization": f"Bearer {token}"}
    port = free_port()
    server = _serve(home, port)
    accepted: list[str] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30) as h:
            dossier = h.post(
                "/v1/dossiers", json={"procedure_code": "1.004227", "owner_id": "087190009999"}
            ).json()["id"]
            for n in range(UPLOADS):
                body, ctype = multipart(tiny_png(1000 + n), filename=f"kill-{n}.png")
                r = h.post(
                    f"/v1/dossiers/{dossier}/components",
                    content=body,
                    headers={"Content-Type": ctype},
                )
                assert r.status_code == 202, r.text
                accepted.append(r.json()["id"])
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    before = _states(home)
    unfinished = [j for j in accepted if before[j] in ("queued", "processing")]
    assert unfinished, "every upload finished before the kill: the test proved nothing"
    server = _serve(home, port)
    try:
        deadline = time.monotonic() + 300
        while any(_states(home)[j] in ("queued", "processing") for j in accepted):
            assert time.monotonic() < deadline, _states(home)
            time.sleep(1)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    after = _states(home)
    assert [after[j] for j in accepted] == ["done"] * UPLOADS, after
