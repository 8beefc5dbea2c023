"""One frozen, validated settings object, from SOHOA_* environment variables and sohoa.toml."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from common.errors import ConfigError

ENV_PREFIX = "SOHOA_"
CONFIG_ENV = "SOHOA_CONFIG"
PadesLevel = Literal["B-B", "B-T", "B-LT", "B-LTA"]


class Settings(BaseSettings):
    """Everything sohoa can be told; immutable once loaded."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="forbid", frozen=True, case_sensitive=False
    )

    # where things live
    home: Path = Field(Path("sohoa-data"), description="data folder of the embedded default")
    archive_url: str = Field(
        "", description="file:///DIR (default $SOHOA_HOME/archive) or s3://BUCKET"
    )
    s3_endpoint: str = Field("", description="host:port of the S3 server")
    s3_access_key: str = ""
    s3_secret_key: SecretStr = SecretStr("")
    s3_secure: bool = False
    s3_region: str = ""
    s3_retention_days: int = Field(0, ge=0, description="object-lock retention, 0 = none")
    replica_url: str = Field(
        "",
        description="a second archive (file:///DIR or s3://BUCKET on the same S3 server) that "
        "every archive object is also written to; fixity --repair restores from it",
    )
    catalog_url: str = Field("", description="sqlite:///FILE (default) or postgresql://...")
    broker_url: str = Field("", description="empty = in-process; redis://... or amqp://...")

    # OCR
    ocr_languages: str = "vie"
    ocr_engine: Literal["tesseract", "null"] = Field(
        "tesseract", description="null reads no words (fast tests of everything around OCR)"
    )
    ocr_mode: Literal["auto", "skip-text", "redo", "force"] = Field(
        "auto",
        description="PDF text layers: judged (auto), kept, OCR layers replaced, or all OCRed",
    )
    ocr_timeout_s: float = Field(180.0, gt=0)
    ocr_memory_mb: int = Field(2048, ge=256, description="address-space limit per Tesseract")
    processes: int = Field(0, ge=0, description="worker processes, 0 = one per core")
    review_confidence: float = Field(
        85.0, ge=0, le=100, description="a field with a word OCR read less surely is flagged"
    )

    # input limits
    max_upload_mb: int = Field(50, gt=0)
    max_pages: int = Field(200, gt=0)
    max_megapixels: float = Field(150.0, gt=0, description="per page, decompression-bomb guard")

    # signing
    pades_level: PadesLevel | None = None
    tsa_url: str = ""
    signer_p12: Path | None = None
    signer_p12_password: SecretStr | None = None
    signer_p12_password_file: Path | None = None
    pkcs11_module: Path | None = None
    pkcs11_token_label: str = ""
    pkcs11_slot: int | None = None
    pkcs11_key_label: str = ""
    pkcs11_pin: SecretStr | None = None
    pkcs11_pin_file: Path | None = None
    trust_roots: str = Field("", description="PEM files, separated by ':'")
    agency_name: str = "Bộ phận Một cửa (DEV)"
    signature_location: str = "Việt Nam"
    copy_form: str = "BẢN SAO ĐIỆN TỬ"
    signature_visible: bool = True

    # front ends
    receiving_office: str = "DEV"
    trusted_proxies: str = Field(
        "",
        description="IPs of reverse proxies whose X-Forwarded-Proto/For are believed "
        "(comma-separated); the web cookie is Secure when such a proxy says https",
    )
    read_timeout_s: float = Field(30.0, gt=0, description="close a connection silent this long")

    @model_validator(mode="after")
    def _check_urls(self) -> Settings:
        archive = self.archive_url
        if archive and not archive.startswith(("file://", "s3://")):
            raise ValueError(f"archive_url must start with file:// or s3://, got {archive!r}")
        if archive.startswith("s3://") and not self.s3_endpoint:
            raise ValueError("archive_url is s3://... but s3_endpoint is not set")
        replica = self.replica_url
        if replica and not replica.startswith(("file://", "s3://")):
            raise ValueError(f"replica_url must start with file:// or s3://, got {replica!r}")
        if replica.startswith("s3://") and not self.s3_endpoint:
            raise ValueError("replica_url is s3://... but s3_endpoint is not set")
        if replica and replica.rstrip("/") == self.archive.rstrip("/"):
            raise ValueError("replica_url is the archive itself: name a second store")
        catalog = self.catalog_url
        if catalog and not catalog.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError(
                f"catalog_url must be sqlite:///... or postgresql://..., got {catalog!r}"
            )
        broker = self.broker_url
        if broker and not broker.startswith(("redis://", "amqp://", "rediss://", "amqps://")):
            raise ValueError(f"broker_url must be empty, redis://... or amqp://..., got {broker!r}")
        return self

    # derived values -------------------------------------------------------
    @property
    def archive(self) -> str:
        return self.archive_url or f"file://{(self.home / 'archive').resolve()}"

    @property
    def catalog(self) -> str:
        return self.catalog_url or f"sqlite:///{(self.home / 'catalog.db').resolve()}"

    @property
    def keys_dir(self) -> Path:
        return self.home / "keys"

    @property
    def level(self) -> PadesLevel:
        if self.pades_level:
            return self.pades_level
        return "B-T" if self.tsa_url else "B-B"

    @property
    def trust_root_paths(self) -> list[Path]:
        return [Path(p) for p in self.trust_roots.split(":") if p]

    @property
    def process_count(self) -> int:
        return self.processes or (os.cpu_count() or 1)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlSource(settings_cls))


class _TomlSource(PydanticBaseSettingsSource):
    """Reads sohoa.toml ($SOHOA_CONFIG, else ./sohoa.toml when present)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        raise NotImplementedError  # __call__ is used instead

    def __call__(self) -> dict[str, Any]:
        path = os.environ.get(CONFIG_ENV)
        file = Path(path) if path else Path("sohoa.toml")
        if not file.exists():
            if path:
                raise ConfigError(f"{CONFIG_ENV}={path}: file not found")
            return {}
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"{file}: cannot read settings: {e}") from e
        return {k.lower(): v for k, v in data.items()}


def _unknown_env_keys(environ: dict[str, str]) -> list[str]:
    known = {ENV_PREFIX + name.upper() for name in Settings.model_fields} | {CONFIG_ENV}
    return sorted(k for k in environ if k.upper().startswith(ENV_PREFIX) and k.upper() not in known)


def load_settings(**overrides: Any) -> Settings:
    """Load and validate settings once; raise ConfigError naming every bad key."""
    unknown = _unknown_env_keys(dict(os.environ))
    if unknown:
        raise ConfigError("unknown setting(s) in the environment: " + ", ".join(unknown))
    try:
        return Settings(**overrides)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            key = ".".join(str(p) for p in err["loc"]) or "settings"
            msg = "unknown setting" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{key}: {msg}")
        raise ConfigError("invalid settings: " + "; ".join(problems)) from e
