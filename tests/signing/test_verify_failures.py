"""Every failure class of `sohoa verify` gets its own verdict and reason, never a traceback.

The files are made by tests/signing/broken_pdfs.py (DEV key, pyHanko); the TypeError and
AttributeError pyHanko raises on a damaged form come from real files; a KeyError inside the
difference analysis and an AttributeError inside validation, for which no small file was found,
are injected into pyHanko's own functions, as OCRmyPDF's fault-injection plugins do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import broken_pdfs as b
import click
import pytest
from click.testing import CliRunner
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY
from signing_helpers import make_pdfa

from pipeline.settings import Settings, load_settings
from signing import validate as validate_module
from signing import verify as verify_module
from signing.config import SignerConfig
from signing.verify import Report, SignatureReport, verify
from sohoa.commands.signing import verify_command

FAULT_TITLE = "FAULT INJECTED"


@pytest.fixture(scope="module")
def signed(pdfa: bytes, dev_signer: SignerConfig) -> bytes:
    return b.sohoa_signed(pdfa, dev_signer)


@pytest.fixture(scope="module")
def corpus(pdfa: bytes, signed: bytes, dev_signer: SignerConfig) -> dict[str, bytes]:
    """One file per failure class (and the allowed extensions), by name."""
    fault = b.sohoa_signed(make_pdfa(FAULT_TITLE), dev_signer)
    faulty = b.pyhanko_signed(fault, dev_signer, "CounterSignature")  # the analysis then runs
    return {
        "good": signed,
        "later-signature": b.pyhanko_signed(signed, dev_signer, "CounterSignature"),
        "archive-timestamp": b.archive_timestamped(signed, dev_signer),
        "xmp-changed": b.xmp_changed(signed, "GIẤY".encode(), "GIẢ".encode()),
        "info-changed": b.info_changed(signed),
        "bytes-after-eof": signed + b"\n% appended after the end\n",
        "page-painted": b.page_painted(signed),
        "dss-not-zlib": b.broken_dss(b.pyhanko_signed(pdfa, dev_signer, "WithTs", tsa=True)),
        "sha1-digest": b.pyhanko_signed(pdfa, dev_signer, "Sha1", md="sha1"),
        "adbe-pkcs7-sha1": b.sha1_subfilter_signed(pdfa, dev_signer),
        "empty-contents": b.empty_contents(pdfa, dev_signer),
        "unsupported-algorithm": b.with_signature_algorithm(signed, "1.2.3.4.5"),
        "cms-assertion": b.with_signature_algorithm(signed, "sha256_ecdsa"),
        "cms-garbage": b.with_cms(signed, b"\x30\x82\x01\x00garbage"),
        "diff-keyerror": faulty,
        "signature-removed": b.signature_removed(signed),
        "form-typeerror": b.form_not_a_dictionary(signed),
        "value-attributeerror": b.signature_value_not_a_dictionary(signed),
        "unsigned": pdfa,
        "not-a-pdf": b"%PDF-1.7\nthis is not a PDF body at all\n",
    }


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """pyHanko's difference analysis raises KeyError on the file titled FAULT_TITLE."""
    real = DEFAULT_DIFF_POLICY.review_file

    def review_file(reader: Any, *args: Any, **kwargs: Any) -> Any:
        info = reader.trailer_view["/Info"].get_object()
        if str(info.get("/Title")) == FAULT_TITLE:
            raise KeyError("/Fields")
        return real(reader, *args, **kwargs)

    monkeypatch.setattr(DEFAULT_DIFF_POLICY, "review_file", review_file)
    yield


def _one(report: Report) -> SignatureReport:
    assert report.error is None
    (sig,) = report.signatures
    return sig


def _check(corpus: dict[str, bytes], name: str, dev_ca: Path) -> Report:
    return verify(corpus[name], trust_roots=[dev_ca])


def test_a_later_signature_is_an_extension_not_a_modification(
    corpus: dict[str, bytes], dev_ca: Path
) -> None:
    report = _check(corpus, "later-signature", dev_ca)
    assert report.ok, report
    first, second = report.signatures
    assert not first.modified_after_signing
    assert first.extensions == ["signature by UBND phường Bến Nghé (DEV - NOT FOR PRODUCTION)"]
    assert second.ok


def test_an_archive_timestamp_is_an_extension(corpus: dict[str, bytes], dev_ca: Path) -> None:
    report = _check(corpus, "archive-timestamp", dev_ca)
    assert report.ok, report
    assert _one(report).extensions == ["archive timestamp"]


def test_xmp_changed_after_signing_is_reported(corpus: dict[str, bytes], dev_ca: Path) -> None:
    sig = _one(_check(corpus, "xmp-changed", dev_ca))
    assert not sig.ok and sig.modified_after_signing
    assert sig.problems == ["the document metadata was changed after signing: XMP dc:title"]


def test_info_changed_after_signing_is_reported(corpus: dict[str, bytes], dev_ca: Path) -> None:
    sig = _one(_check(corpus, "info-changed", dev_ca))
    assert not sig.ok
    assert sig.problems == ["the document metadata was changed after signing: Info /Title"]


def test_bytes_after_eof_are_reported(corpus: dict[str, bytes], dev_ca: Path) -> None:
    report = _check(corpus, "bytes-after-eof", dev_ca)
    assert not report.ok
    assert report.problems == ["26 bytes were appended after the end of the PDF (after %%EOF)"]


def test_page_content_painted_after_signing_is_modified(
    corpus: dict[str, bytes], dev_ca: Path
) -> None:
    sig = _one(_check(corpus, "page-painted", dev_ca))
    assert sig.intact and sig.modified_after_signing and not sig.ok
    assert "changed after signing" in sig.problems[0]


def test_an_unreadable_dss_is_named_and_the_signature_still_checked(
    corpus: dict[str, bytes], dev_ca: Path
) -> None:
    sig = _one(_check(corpus, "dss-not-zlib", dev_ca))
    assert sig.intact and not sig.ok
    assert any(
        p.startswith("the validation data (DSS) cannot be read (a compressed stream")
        for p in sig.problems
    ), sig.problems


def test_a_sha1_digest_is_a_weak_digest(corpus: dict[str, bytes], dev_ca: Path) -> None:
    sig = _one(_check(corpus, "sha1-digest", dev_ca))
    assert not sig.ok and sig.intact
    assert sig.problems == ["weak digest: the signature uses SHA1, which is no longer accepted"]


def test_adbe_pkcs7_sha1_is_a_signature_with_a_weak_digest(
    corpus: dict[str, bytes], dev_ca: Path
) -> None:
    report = _check(corpus, "adbe-pkcs7-sha1", dev_ca)
    sig = _one(report)
    assert "no signature" not in " ".join(report.problems)
    assert sig.intact and not sig.ok and sig.signer.startswith("UBND phường Bến Nghé")
    assert sig.problems[0].startswith("weak digest: adbe.pkcs7.sha1")


def test_an_empty_signature_value_is_named(corpus: dict[str, bytes], dev_ca: Path) -> None:
    sig = _one(_check(corpus, "empty-contents", dev_ca))
    assert not sig.ok
    assert sig.problems == [
        "the signature value (/Contents) is empty: the field was prepared but never signed"
    ]


def test_an_unsupported_algorithm_is_named_not_called_changed_bytes(
    corpus: dict[str, bytes], dev_ca: Path
) -> None:
    sig = _one(_check(corpus, "unsupported-algorithm", dev_ca))
    assert not sig.ok and not sig.checked
    assert sig.problems == [
        "unsupported signature algorithm 1.2.3.4.5: the signature cannot be checked"
    ]


def test_a_badly_encoded_cms_gets_a_verdict(corpus: dict[str, bytes], dev_ca: Path) -> None:
    asserted = _one(_check(corpus, "cms-assertion", dev_ca))
    assert not asserted.ok and not asserted.checked
    assert "badly encoded data" in asserted.problems[0] and "AssertionError" in asserted.problems[0]
    garbage = _one(_check(corpus, "cms-garbage", dev_ca))
    assert garbage.problems[0].startswith("the signature value is badly encoded")


def test_a_keyerror_in_the_difference_analysis_gets_a_verdict(
    corpus: dict[str, bytes], dev_ca: Path, faults: None
) -> None:
    report = _check(corpus, "diff-keyerror", dev_ca)
    sig = report.signatures[0]
    assert sig.intact and not sig.ok and not report.ok
    assert sig.problems == [
        "the changes made after signing cannot be analysed "
        "(an entry the signature needs is missing: KeyError: '/Fields')"
    ]


def test_a_signature_removed_in_a_later_revision_is_named(
    corpus: dict[str, bytes], dev_ca: Path
) -> None:
    report = _check(corpus, "signature-removed", dev_ca)
    assert report.problems == ["a signature of an earlier revision was removed from the file"]


def test_pyhanko_type_and_attribute_errors_on_a_damaged_form_get_a_verdict(
    corpus: dict[str, bytes], dev_ca: Path
) -> None:
    form = _check(corpus, "form-typeerror", dev_ca)
    assert form.error is None and not form.ok
    assert form.problems[0].startswith("the form fields (AcroForm) cannot be read")
    assert "TypeError" in form.problems[0]
    value = _one(_check(corpus, "value-attributeerror", dev_ca))
    assert not value.ok
    assert value.problems[0].startswith("the signature dictionary cannot be read")
    assert "AttributeError" in value.problems[0]


def test_an_attribute_error_in_validation_gets_a_verdict(
    corpus: dict[str, bytes], dev_ca: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise AttributeError("'NoneType' object has no attribute 'native'")

    monkeypatch.setattr(validate_module, "validate_pdf_signature", broken)
    sig = _one(_check(corpus, "good", dev_ca))
    assert not sig.ok
    assert sig.problems[0].startswith("the signature cannot be validated (an object has an")


def test_an_unreadable_file_and_an_unsigned_file_are_named(
    corpus: dict[str, bytes], dev_ca: Path
) -> None:
    assert _check(corpus, "unsigned", dev_ca).problems == ["the file has no signature"]
    with pytest.raises(Exception, match="cannot read the PDF"):
        _check(corpus, "not-a-pdf", dev_ca)


def _cli(settings: Settings) -> click.Group:
    @click.group()
    @click.pass_context
    def root(ctx: click.Context) -> None:
        ctx.obj = settings

    root.add_command(verify_command)
    return root


@pytest.fixture
def settings(sohoa_env: Path, dev_ca: Path) -> Settings:
    return load_settings(home=sohoa_env, trust_roots=str(dev_ca))


def test_verify_over_a_folder_of_every_failure_class_gives_one_json_object_per_file(
    corpus: dict[str, bytes], settings: Settings, tmp_path: Path, faults: None
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, data in corpus.items():
        (folder / f"{name}.pdf").write_bytes(data)
    result = CliRunner().invoke(_cli(settings), ["verify", "--json", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    by_name = {Path(line["file"]).stem: line for line in lines}
    assert sorted(by_name) == sorted(corpus) and len(lines) == len(corpus)
    assert all(line["error"] is None for line in lines)
    good = {"good", "later-signature", "archive-timestamp"}
    assert {name for name, line in by_name.items() if line["ok"]} == good
    assert result.exit_code == 1


def test_verify_exit_codes_all_good_usage_and_internal_error(
    corpus: dict[str, bytes], settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(corpus["good"])
    later = tmp_path / "later.pdf"
    later.write_bytes(corpus["later-signature"])
    runner = CliRunner()
    ok = runner.invoke(_cli(settings), ["verify", str(good), str(later)])
    assert ok.exit_code == 0, ok.output
    assert "extended after signing: signature by UBND" in ok.output
    assert runner.invoke(_cli(settings), ["verify"]).exit_code == 2
    assert runner.invoke(_cli(settings), ["verify", str(tmp_path / "absent.pdf")]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(_cli(settings), ["verify", str(empty)]).exit_code == 2

    def crash(*args: Any, **kwargs: Any) -> Report:
        raise RuntimeError("a bug in sohoa")

    monkeypatch.setattr(verify_module, "_verify", crash)
    result = runner.invoke(_cli(settings), ["verify", "--json", str(good), str(later)])
    assert result.exit_code == 3
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2
    assert lines[0]["error"] == "internal error: RuntimeError: a bug in sohoa"
