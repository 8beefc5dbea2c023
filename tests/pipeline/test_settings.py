"""Settings: defaults for the embedded case, environment and sohoa.toml, errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import ConfigError
from pipeline.settings import load_settings


def test_defaults_are_the_embedded_setup(sohoa_env: Path) -> None:
    s = load_settings()
    assert s.archive == f"file://{(sohoa_env / 'archive').resolve()}"
    assert s.catalog == f"sqlite:///{(sohoa_env / 'catalog.db').resolve()}"
    assert s.broker_url == ""
    assert s.level == "B-B"


def test_environment_overrides(sohoa_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOHOA_ARCHIVE_URL", "s3://bucket")
    monkeypatch.setenv("SOHOA_S3_ENDPOINT", "127.0.0.1:9000")
    monkeypatch.setenv("SOHOA_TSA_URL", "http://127.0.0.1:9999/tsa")
    s = load_settings()
    assert s.archive == "s3://bucket"
    assert s.level == "B-T"  # a TSA raises the default level


def test_settings_are_frozen(sohoa_env: Path) -> None:
    s = load_settings()
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError on assignment
        s.max_pages = 3  # type: ignore[misc]


def test_unknown_toml_key_is_an_error_naming_it(sohoa_env: Path) -> None:
    Path("sohoa.toml").write_text('home = "x"\narchve_url = "file:///tmp"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="archve_url"):
        load_settings()


def test_toml_values_are_read(sohoa_env: Path) -> None:
    Path("sohoa.toml").write_text(
        'max_pages = 7\nagency_name = "UBND xã Tân Thành"\n', encoding="utf-8"
    )
    s = load_settings()
    assert s.max_pages == 7
    assert s.agency_name == "UBND xã Tân Thành"


def test_unknown_environment_variable_is_an_error_naming_it(
    sohoa_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_ARCHIV_URL", "file:///tmp")
    with pytest.raises(ConfigError, match="SOHOA_ARCHIV_URL"):
        load_settings()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("SOHOA_CATALOG_URL", "mysql://x", "catalog_url"),
        ("SOHOA_BROKER_URL", "kafka://x", "broker_url"),
        ("SOHOA_ARCHIVE_URL", "s3://bucket", "s3_endpoint"),
        ("SOHOA_MAX_PAGES", "0", "max_pages"),
    ],
)
def test_invalid_values_are_refused_with_a_reason(
    sohoa_env: Path, monkeypatch: pytest.MonkeyPatch, key: str, value: str, message: str
) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=message):
        load_settings()
