"""The test PKI: keys made per session, certomancer's Animator serving TSA, OCSP and CRLs.

`start_pki(workdir)` writes the keys, renders tests/signing/pki/certomancer.yml with dates
relative to today, starts `certomancer animate` on a free port of 127.0.0.1 and returns a
handle with the signer's PKCS#12, the root certificate and stop/restart controls.
"""

from __future__ import annotations

import os
import shutil
import signal
import string
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from support import free_port

CONFIG_TEMPLATE = Path(__file__).parent / "pki" / "certomancer.yml"
KEY_NAMES = ("root", "interm", "interm-ocsp", "tsa", "signer", "revoked")
ARCH = "sohoa-test"
P12_PASSWORD = b"test-p12-password"
SIGNER_DAYS = 30  # the signer certificate expires 30 days from today


def _fmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


@dataclass
class PkiServer:
    workdir: Path
    port: int
    root_pem: Path
    signer_p12: Path
    revoked_p12: Path
    signer_not_after: datetime
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.workdir / "certomancer.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/{ARCH}/tsa/tsa"

    def start(self) -> None:
        exe = shutil.which("certomancer", path=str(Path(sys.executable).parent)) or "certomancer"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    exe,
                    "--config",
                    str(self.workdir / "certomancer.yml"),
                    "--service-url-prefix",
                    self.url,
                    "animate",
                    "--port",
                    str(self.port),
                    "--no-web-ui",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("certomancer exited: " + self.log.read_text()[-2000:])
            try:
                with urllib.request.urlopen(f"{self.url}/{ARCH}/crls/root/latest.crl", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("certomancer did not start: " + self.log.read_text()[-2000:])

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None

    @contextmanager
    def stopped(self) -> Iterator[None]:
        """The services are down inside the block (validation must work offline)."""
        self.stop()
        try:
            yield
        finally:
            self.start()


def make_pki(workdir: Path) -> PkiServer:
    """Keys, rendered config and PKCS#12 files of the test PKI (services not yet started)."""
    keys = workdir / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    for name in KEY_NAMES:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (keys / f"{name}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    now = datetime.now(UTC).replace(microsecond=0)
    signer_not_after = now + timedelta(days=SIGNER_DAYS)
    text = string.Template(CONFIG_TEMPLATE.read_text(encoding="utf-8")).substitute(
        LONG_FROM=_fmt(now - timedelta(days=365)),
        LONG_TO=_fmt(now + timedelta(days=365 * 20)),
        SHORT_FROM=_fmt(now - timedelta(days=30)),
        SHORT_TO=_fmt(signer_not_after),
        REVOKED_SINCE=_fmt(now - timedelta(days=1)),
    )
    config = workdir / "certomancer.yml"
    config.write_text(text, encoding="utf-8")
    port = free_port()

    from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig

    cfg = CertomancerConfig.from_file(
        str(config), key_search_dir=str(workdir), external_url_prefix=f"http://127.0.0.1:{port}"
    )
    arch = cfg.get_pki_arch(ArchLabel(ARCH))
    root_pem = workdir / "root.pem"
    root_pem.write_bytes(
        b"-----BEGIN CERTIFICATE-----\n"
        + _b64_lines(arch.get_cert(CertLabel("root")).dump())
        + b"-----END CERTIFICATE-----\n"
    )
    signer_p12 = workdir / "signer.p12"
    signer_p12.write_bytes(arch.package_pkcs12(CertLabel("signer"), password=P12_PASSWORD))
    revoked_p12 = workdir / "revoked.p12"
    revoked_p12.write_bytes(arch.package_pkcs12(CertLabel("revoked"), password=P12_PASSWORD))
    return PkiServer(
        workdir=workdir,
        port=port,
        root_pem=root_pem,
        signer_p12=signer_p12,
        revoked_p12=revoked_p12,
        signer_not_after=signer_not_after,
    )


def _b64_lines(der: bytes) -> bytes:
    import base64

    text = base64.b64encode(der)
    return b"".join(text[i : i + 64] + b"\n" for i in range(0, len(text), 64))
