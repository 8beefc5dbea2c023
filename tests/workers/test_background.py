"""The embedded worker's threads, and the Tesseract processes they start, yield the CPU to the server."""

from __future__ import annotations

import os
import subprocess
import threading

from workers.embedded import WORKER_NICE, Background


def test_a_worker_thread_and_its_children_run_niced_while_the_server_thread_does_not() -> None:
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: dict[str, int] = {}

    def worker_thread() -> None:  # what dramatiq's WorkerThread.run does first
        Background().after_worker_thread_boot(None, None)  # type: ignore[arg-type]
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        child = subprocess.run(["nice"], capture_output=True, text=True, check=True)
        seen["child"] = int(child.stdout)  # `nice` with no command prints its niceness

    thread = threading.Thread(target=worker_thread)
    thread.start()
    thread.join()

    assert seen["thread"] >= WORKER_NICE
    assert seen["child"] >= WORKER_NICE  # a Tesseract started by the thread inherits it
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
