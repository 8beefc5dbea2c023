"""Changes after signing are caught, and `sohoa verify` / `sohoa keys` report them properly."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from signing_helpers import pdfsig

from pipeline.settings import Settings, load_settings
from signing.config import SignerConfig, SignOptions
from signing.sign import sign
from signing.verify import verify
from sohoa.commands.signing import keys_group, verify_command


@pytest.fixture(scope="module")
def signed(pdfa: bytes, dev_signer: SignerConfig) -> bytes:
    return sign(pdfa, dev_signer, SignOptions(agency_name="UBND phường Bến Nghé"))


def _flip_byte_in_signed_range(pdf: bytes, original_length: int) -> bytes:
    at = original_length // 2  # inside the page image of the first revision
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def _append_page_content(pdf: bytes) -> bytes:
    """An incremental update after signing that paints over page 1."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    stream = generic.StreamObject(stream_data=b"q 1 0 0 rg 100 100 200 200 re f Q")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_flipped_byte_in_the_signed_range_breaks_integrity(
    signed: bytes, pdfa: bytes, dev_ca: Path, tmp_path: Path
) -> None:
    tampered = _flip_byte_in_signed_range(signed, len(pdfa))
    report = verify(tampered, trust_roots=[dev_ca])
    assert not report.ok
    (sig,) = report.signatures
    assert not sig.intact
    assert "Signature is Valid" not in pdfsig(tampered, tmp_path)


def test_page_content_appended_after_signing_is_reported_modified(
    signed: bytes, dev_ca: Path
) -> None:
    changed = _append_page_content(signed)
    assert changed.startswith(signed)
    report = verify(changed, trust_roots=[dev_ca])
    assert not report.ok
    (sig,) = report.signatures
    assert sig.intact and sig.modified_after_signing


def test_an_unsigned_file_does_not_verify(pdfa: bytes) -> None:
    report = verify(pdfa)
    assert not report.ok and report.problems == ["the file has no signature"]


def _cli(settings: Settings) -> click.Group:
    @click.group()
    @click.pass_context
    def root(ctx: click.Context) -> None:
        ctx.obj = settings

    root.add_command(verify_command)
    root.add_command(keys_group)
    return root


@pytest.fixture
def settings(sohoa_env: Path, dev_ca: Path) -> Settings:
    return load_settings(home=sohoa_env, trust_roots=str(dev_ca))


def test_sohoa_verify_exits_non_zero_when_any_file_fails(
    settings: Settings, signed: bytes, pdfa: bytes, tmp_path: Path
) -> None:
    good, bad, changed = tmp_path / "good.pdf", tmp_path / "bad.pdf", tmp_path / "changed.pdf"
    good.write_bytes(signed)
    bad.write_bytes(_flip_byte_in_signed_range(signed, len(pdfa)))
    changed.write_bytes(_append_page_content(signed))
    runner = CliRunner()
    ok = runner.invoke(_cli(settings), ["verify", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "OK" in ok.output and "intact" in ok.output
    for target in (bad, changed):
        result = runner.invoke(_cli(settings), ["verify", str(good), str(target)])
        assert result.exit_code == 1, result.output
    result = runner.invoke(_cli(settings), ["verify", "--json", str(good), str(changed)])
    data = {d["file"]: d for d in map(json.loads, result.output.splitlines())}
    assert data[str(good)]["ok"] is True
    assert data[str(changed)]["signatures"][0]["modified_after_signing"] is True


def test_sohoa_keys_dev_init_then_show_prints_the_dev_signer_and_ca(sohoa_env: Path) -> None:
    settings = load_settings(home=sohoa_env)
    runner = CliRunner()
    created = runner.invoke(_cli(settings), ["keys", "dev-init"])
    assert created.exit_code == 0, created.output
    assert "NOT FOR PRODUCTION" in created.output
    again = runner.invoke(_cli(settings), ["keys", "dev-init"])
    assert "reused" in again.output
    shown = runner.invoke(_cli(settings), ["keys", "show"])
    assert shown.exit_code == 0, shown.output
    assert "[DEV]" in shown.output and "-----BEGIN CERTIFICATE-----" in shown.output
    assert "sohoa DEV CA - NOT FOR PRODUCTION" in shown.output
