"""Dossiers (hồ sơ) opened at a counter and the components (job ids) filed into them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from common.errors import NotFound

from .access import utc_now
from .database import SqlDatabase
from .rows import column_list, from_row, record_fields

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE IF NOT EXISTS sohoa_dossiers (
            dossier_id TEXT PRIMARY KEY,
            procedure_code TEXT NOT NULL,
            owner_id TEXT NOT NULL,
            receiving_office TEXT NOT NULL,
            created_by TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS sohoa_dossiers_owner ON sohoa_dossiers (owner_id);
        CREATE TABLE IF NOT EXISTS sohoa_dossier_components (
            dossier_id TEXT NOT NULL,
            component_id TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (dossier_id, component_id)
        )
        """,
    ),
)


@dataclass(frozen=True, slots=True)
class Dossier:
    """One application: its procedure, the applicant, the office that received it."""

    dossier_id: str
    procedure_code: str
    owner_id: str
    receiving_office: str
    created_by: str | None
    created_at: datetime
    components: tuple[str, ...] = ()


DOSSIER_FIELDS = record_fields(Dossier, leave_out=("components",))
DOSSIER_COLUMNS = column_list(DOSSIER_FIELDS)


class DossierStore:
    """Dossiers and their component ids, in the catalog database."""

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db

    def migrate(self) -> None:
        self.db.migrate("dossiers", MIGRATIONS)

    def create(
        self,
        *,
        procedure_code: str,
        owner_id: str,
        receiving_office: str,
        created_by: str | None = None,
    ) -> Dossier:
        dossier = Dossier(
            dossier_id=uuid.uuid4().hex,
            procedure_code=procedure_code,
            owner_id=owner_id,
            receiving_office=receiving_office,
            created_by=created_by,
            created_at=utc_now(),
        )
        self.db.execute(
            "INSERT INTO sohoa_dossiers (dossier_id, procedure_code, owner_id, receiving_office,"
            " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                dossier.dossier_id,
                dossier.procedure_code,
                dossier.owner_id,
                dossier.receiving_office,
                dossier.created_by,
                dossier.created_at.isoformat(),
            ),
        )
        return dossier

    def get(self, dossier_id: str) -> Dossier:
        """The dossier with its component ids in the order they were added; NotFound if absent."""
        rows = self.db.execute(
            f"SELECT {DOSSIER_COLUMNS} FROM sohoa_dossiers WHERE dossier_id = ?",
            (dossier_id,),
        )
        if not rows:
            raise NotFound(f"no dossier {dossier_id!r}")
        parts = self.db.execute(
            "SELECT component_id FROM sohoa_dossier_components WHERE dossier_id = ?"
            " ORDER BY added_at, component_id",
            (dossier_id,),
        )
        return _dossier(rows[0], tuple(p[0] for p in parts))

    def add_component(self, dossier_id: str, component_id: str) -> None:
        """Link a component to its dossier (idempotent)."""
        exists = self.db.execute(
            "SELECT 1 FROM sohoa_dossier_components WHERE dossier_id = ? AND component_id = ?",
            (dossier_id, component_id),
        )
        if exists:
            return
        self.db.execute(
            "INSERT INTO sohoa_dossier_components (dossier_id, component_id, added_at)"
            " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (dossier_id, component_id, utc_now().isoformat()),
        )

    def close(self) -> None:
        self.db.close()


def _dossier(row: tuple[Any, ...], components: tuple[str, ...]) -> Dossier:
    return from_row(Dossier, DOSSIER_FIELDS, row, components=components)


def open_dossier_store(url: str) -> DossierStore:
    """Dossiers in the catalog database (sqlite:///, postgresql://, memory://), migrated."""
    store = DossierStore(SqlDatabase(url))
    store.migrate()
    return store
