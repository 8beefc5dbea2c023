"""Signing benchmark: signatures per second per PAdES level, and verifications per second.

    .venv/bin/python -m benchmarks.signing [--count 20]

One process, one signature at a time, on a one-page PDF/A-2b (the test sample). B-T and above
use the certomancer test PKI of tests/signing (TSA, OCSP, CRL on 127.0.0.1, started here), so
the figures include real HTTP round trips on loopback but no Internet latency. PKCS#11 is
measured on SoftHSM2 when it is installed. The stamp is visible (embedded font) in every run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path[:0] = [str(TESTS / "signing"), str(TESTS)]  # the test PKI, token and sample builders

from signing_helpers import make_pdfa  # noqa: E402
from signing_hsm import make_token, softhsm_module  # noqa: E402
from signing_pki import P12_PASSWORD, make_pki  # noqa: E402

from signing.config import SignerConfig, SignOptions  # noqa: E402
from signing.devkeys import ensure_dev_signer  # noqa: E402
from signing.sign import sign  # noqa: E402
from signing.verify import verify  # noqa: E402


def _time(fn: Callable[[], object], count: int) -> list[float]:
    fn()  # warm-up: font loading, first connections
    times = []
    for _ in range(count):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _row(name: str, times: list[float], size: int | None = None) -> str:
    mean = statistics.mean(times)
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    extra = f" {size / 1024:>9.1f}" if size is not None else " " * 10
    return f"| {name:<28} | {1 / mean:>7.1f} | {mean * 1000:>8.0f} | {p95 * 1000:>7.0f} |{extra} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    pdf = make_pdfa()
    print(f"sample: 1-page PDF/A-2b, {len(pdf) / 1024:.0f} KiB; {args.count} runs each\n")
    print("| operation                    |  per s  | mean ms | p95 ms | +KiB      |")
    print("|------------------------------|---------|---------|--------|-----------|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pki = make_pki(work / "pki")
        pki.start()
        try:
            signer = SignerConfig(p12_path=pki.signer_p12, p12_password=P12_PASSWORD)
            for level in ("B-B", "B-T", "B-LT", "B-LTA"):
                options = SignOptions(
                    level=level,  # type: ignore[arg-type]
                    tsa_url=pki.tsa_url,
                    agency_name="UBND phường Bến Nghé",
                    trust_roots=(pki.root_pem,),
                )
                out = sign(pdf, signer, options)
                times = _time(partial(sign, pdf, signer, options), args.count)
                print(_row(f"sign {level} (PKCS#12)", times, len(out) - len(pdf)), flush=True)
                check = _time(partial(verify, out, trust_roots=[pki.root_pem]), args.count)
                print(_row(f"verify {level} (offline)", check), flush=True)
        finally:
            pki.stop()
        _token_row(work, pdf, args.count)


def _token_row(work: Path, pdf: bytes, count: int) -> None:
    module, softhsm, tool = (
        softhsm_module(),
        shutil.which("softhsm2-util"),
        shutil.which("pkcs11-tool"),
    )
    if module is None or softhsm is None or tool is None:
        print("| sign B-B (PKCS#11 SoftHSM2)  | skipped: softhsm2/opensc not installed |")
        return
    import os

    dev = ensure_dev_signer(work / "keys", agency_name="UBND phường Bến Nghé")
    assert dev.p12_path is not None and dev.p12_password is not None
    token = make_token(
        work / "hsm", module, dev.p12_path, dev.p12_password, softhsm=softhsm, pkcs11_tool=tool
    )
    os.environ["SOFTHSM2_CONF"] = str(token.conf)
    config = SignerConfig(
        pkcs11_module=module,
        pkcs11_token_label=token.token_label,
        pkcs11_key_label=token.key_label,
        pkcs11_pin=token.pin.encode(),
    )
    out = sign(pdf, config, SignOptions())
    times = _time(lambda: sign(pdf, config, SignOptions()), count)
    print(_row("sign B-B (PKCS#11 SoftHSM2)", times, len(out) - len(pdf)), flush=True)


if __name__ == "__main__":
    main()
