"""`sohoa verify` and `sohoa keys dev-init|show`: check signatures and manage the signing key."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from pathlib import Path

import click
from asn1crypto import pem

from common.errors import ConfigError, InputError
from pipeline.context import trust_roots, uses_dev_signer
from pipeline.settings import Settings
from signing.config import VN_TZ
from signing.devkeys import dev_ca_path, dev_signer_path, ensure_dev_signer
from signing.inspect import iso, subject_name
from signing.keys import signer_certificates
from signing.trust import load_certs
from signing.verify import Report, verify


def _settings(ctx: click.Context) -> Settings:
    settings = ctx.obj
    if not isinstance(settings, Settings):
        raise ConfigError("settings were not loaded")
    return settings


def _trust_roots(settings: Settings, extra: tuple[Path, ...]) -> list[Path]:
    roots = trust_roots(settings, extra)
    dev_ca = dev_ca_path(settings.keys_dir)
    if dev_ca in roots and dev_ca not in extra and dev_ca not in settings.trust_root_paths:
        click.echo(f"note: trusting the DEV CA {dev_ca} (the DEV signer is in use)", err=True)
    return roots


EXIT_NOT_GOOD = 1
EXIT_INTERNAL = 3


@click.command("verify")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file, one a line.")
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra trusted root certificate (PEM/DER), besides SOHOA_TRUST_ROOTS.",
)
@click.option("--online", is_flag=True, help="Fetch revocation data (OCSP/CRL) from the network.")
@click.option("--at", "at", default=None, help="Validate as of this ISO 8601 time.")
@click.pass_context
def verify_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    as_json: bool,
    trust: tuple[Path, ...],
    online: bool,
    at: str | None,
) -> None:
    """Check the signatures of signed PDF files (a folder: every *.pdf in it).

    Exit code 0 when every file is good, 1 when some file is not, 2 on a usage or settings
    error, 3 when sohoa itself failed on some file.
    """
    settings = _settings(ctx)
    _quiet_pyhanko()
    roots = _trust_roots(settings, trust)
    list(load_certs(roots))  # a bad trust root is a settings error (exit 2), found once
    moment = _parse_time(at) if at else None
    files = _expand(paths)
    reports = []
    for path in files:
        report = _verify_file(path, roots, online, moment)
        reports.append(report)
        if as_json:
            line = {"file": str(path), **report.to_dict()}
            click.echo(json.dumps(line, ensure_ascii=False))
        else:
            _print_report(str(path), report)
    if any(r.error for r in reports):
        ctx.exit(EXIT_INTERNAL)
    if not all(r.ok for r in reports):
        ctx.exit(EXIT_NOT_GOOD)


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given; a folder gives every PDF under it, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf"))
        else:
            files.append(path)
    if not files:
        raise click.UsageError("no PDF file to verify in " + ", ".join(map(str, paths)))
    return files


def _verify_file(path: Path, roots: list[Path], online: bool, moment: datetime | None) -> Report:
    """The report of one file, whatever happens: the run always goes on to the next file."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return Report(ok=False, signatures=[], problems=[f"cannot read the file: {e.strerror}"])
    try:
        return verify(data, trust_roots=roots, allow_fetching=online, moment=moment)
    except InputError as e:
        return Report(ok=False, signatures=[], problems=[e.message])
    except Exception as e:  # a fault of sohoa: this file's report says so, the run goes on
        logging.getLogger("sohoa").exception("verifying %s failed", path)
        return Report(ok=False, signatures=[], error=f"internal error: {type(e).__name__}: {e}")


def _quiet_pyhanko() -> None:
    """pyHanko logs each failed check with a traceback; the report says it once (-v shows all)."""
    if not logging.getLogger().isEnabledFor(logging.INFO):
        for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _parse_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as e:
        raise click.BadParameter(f"not an ISO 8601 time: {text!r}", param_hint="--at") from e
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def _print_report(name: str, report: Report) -> None:
    verdict = "ERROR" if report.error else "OK" if report.ok else "FAILED"
    click.echo(f"{name}: {verdict}")
    if report.error:
        click.echo(f"  error: {report.error}")
    for problem in report.problems:
        click.echo(f"  problem: {problem}")
    for sig in report.signatures:
        click.echo(f"  signature {sig.field_name}: {'ok' if sig.ok else 'NOT OK'}")
        click.echo(f"    signer:     {sig.signer}")
        integrity = "intact" if sig.intact else "BROKEN" if sig.checked else "NOT CHECKED"
        click.echo(f"    integrity:  {integrity}")
        click.echo(
            "    changes:    "
            + ("MODIFIED after signing" if sig.modified_after_signing else "none after signing")
        )
        click.echo(f"    signed at:  {sig.signing_time or '-'}")
        click.echo(f"    timestamp:  {sig.timestamp or '-'}")
        click.echo(f"    level:      {sig.level}")
        click.echo(f"    trusted:    {'yes' if sig.trusted else 'no'}")
        click.echo(f"    revocation: {sig.revocation}")
        if sig.extensions:
            click.echo(f"    extended after signing: {', '.join(sig.extensions)}")
        for problem in sig.problems:
            click.echo(f"    problem:    {problem}")


@click.group("keys")
def keys_group() -> None:
    """Manage the signing key (development key, active signer)."""


@keys_group.command("dev-init")
@click.pass_context
def dev_init_command(ctx: click.Context) -> None:
    """Create the development CA and signer under $SOHOA_HOME/keys (reused when present)."""
    settings = _settings(ctx)
    existed = dev_signer_path(settings.keys_dir).exists()
    config = ensure_dev_signer(settings.keys_dir, agency_name=settings.agency_name)
    click.echo(("reused " if existed else "created ") + config.describe())
    click.echo(f"DEV CA certificate: {dev_ca_path(settings.keys_dir)}")
    click.echo("These keys are for development only: NOT FOR PRODUCTION.")


@keys_group.command("show")
@click.pass_context
def show_command(ctx: click.Context) -> None:
    """Print the active signer and its CA certificate(s) (PEM)."""
    from pipeline.context import signer_config  # opens nothing but the key; imported late

    settings = _settings(ctx)
    config = signer_config(settings)
    cert, others = signer_certificates(config)
    click.echo(f"key:       {config.describe()}" + (" [DEV]" if uses_dev_signer(settings) else ""))
    click.echo(f"signer:    {subject_name(cert)}")
    click.echo(f"issuer:    {cert.issuer.human_friendly}")
    click.echo(f"serial:    {cert.serial_number:x}")
    click.echo(f"valid:     {iso(cert.not_valid_before)} .. {iso(cert.not_valid_after)}")
    click.echo(
        f"level:     PAdES {settings.level}"
        + (f" (TSA {settings.tsa_url})" if settings.tsa_url else "")
    )
    cas = [c for c in others if c.ca]
    if uses_dev_signer(settings) and not cas:
        cas_pem = dev_ca_path(settings.keys_dir).read_bytes()
        sys.stdout.write(cas_pem.decode("ascii"))
        return
    for ca in cas:
        click.echo(f"CA certificate: {subject_name(ca)}")
        click.echo(pem.armor("CERTIFICATE", ca.dump()).decode("ascii"), nl=False)
