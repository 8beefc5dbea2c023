"""Tokens are kept hashed, revocable; the audit log keeps who did what, when; dossiers persist."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import need

from common.errors import ConfigError, NotFound
from pipeline.settings import load_settings
from sohoa.commands.api import tokens_group
from storage.access import hash_token, open_access_store
from storage.dossiers import open_dossier_store


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'catalog.db'}"
        return
    url = request.getfixturevalue("pg_database")
    need(url is not None, "PostgreSQL on 127.0.0.1:5432 is not reachable")
    yield url


def test_token_secret_is_never_stored_only_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    store = open_access_store(f"sqlite:///{path}")
    record, secret = store.create_token("counter", "HN-01", "quầy 1")
    store.close()
    with sqlite3.connect(path) as conn:
        dump = "\n".join(conn.iterdump())
    assert secret not in dump
    assert hash_token(secret) in dump
    assert record.token_id in dump


def test_tokens_authenticate_and_revoke(db_url: str) -> None:
    store = open_access_store(db_url)
    try:
        record, secret = store.create_token("archivist", None, "Lưu trữ")
        found = store.authenticate(secret)
        assert found is not None and found.token_id == record.token_id
        assert found.role == "archivist" and found.office is None
        assert store.authenticate(secret + "x") is None
        assert store.authenticate("") is None
        store.revoke(record.token_id)
        assert store.authenticate(secret) is None
        assert not store.get_token(record.token_id).active
        with pytest.raises(NotFound):
            store.revoke("nope")
        with pytest.raises(ConfigError):
            store.create_token("counter")  # a counter needs its office
        with pytest.raises(ConfigError):
            store.create_token("root", "X")
    finally:
        store.close()


def test_audit_log_keeps_who_what_when_newest_first(db_url: str) -> None:
    store = open_access_store(db_url)
    try:
        token, _ = store.create_token("counter", "DT-01")
        store.audit(token, "search", "dong thap", '{"doc_type": "x"}')
        store.audit(token, "read_document", "doc-1")
        events = store.audit_events(token_id=token.token_id)
        assert [e.action for e in events] == ["read_document", "search"]
        assert events[1].target == "dong thap" and events[1].office == "DT-01"
        assert events[0].at >= events[1].at
        assert [e.target for e in store.audit_events(action="search", token_id=token.token_id)] == [
            "dong thap"
        ]
    finally:
        store.close()


def test_migrations_are_recorded_in_schema_version_and_idempotent(db_url: str) -> None:
    store = open_access_store(db_url)
    store.migrate()
    store.migrate()
    rows = store.db.execute("SELECT version FROM schema_version WHERE component = 'access'")
    store.close()
    assert [r[0] for r in rows] == [1, 2]


def test_dossiers_keep_their_components_in_order(db_url: str) -> None:
    store = open_dossier_store(db_url)
    try:
        d = store.create(procedure_code="1.004227", owner_id="087190001234", receiving_office="DT")
        store.add_component(d.dossier_id, "b-first")
        store.add_component(d.dossier_id, "a-second")
        store.add_component(d.dossier_id, "b-first")
        again = store.get(d.dossier_id)
        assert again.components == ("b-first", "a-second")
        assert again.owner_id == "087190001234" and again.receiving_office == "DT"
        with pytest.raises(NotFound):
            store.get("missing")
    finally:
        store.close()


def test_tokens_create_prints_the_secret_once_and_list_never_shows_it(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    runner = CliRunner()
    result = runner.invoke(
        tokens_group, ["create", "--role", "counter", "--office", "DT-01"], obj=settings
    )
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("sohoa_") and len(secret) > 40
    listed = runner.invoke(tokens_group, ["list", "--json"], obj=settings)
    assert listed.exit_code == 0
    assert secret not in listed.output and '"office": "DT-01"' in listed.output
    store = open_access_store(settings.catalog)
    assert store.authenticate(secret) is not None
    store.close()
    bad = runner.invoke(tokens_group, ["create", "--role", "counter"], obj=settings)
    assert bad.exit_code != 0
