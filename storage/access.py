"""API tokens (stored hashed) and the audit log of reads and searches, in SQLite or PostgreSQL."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast

from common.errors import ConfigError, ImmutableObject, NotFound

from .database import SqlDatabase
from .rows import column_list, from_row, record_fields

Role = Literal["counter", "archivist", "admin"]
ROLES: tuple[Role, ...] = ("counter", "archivist", "admin")
TOKEN_PREFIX = "sohoa_"


class LastAdmin(ImmutableObject):
    """The last active admin token cannot be revoked."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_time(value: Any) -> datetime:
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- tokens and audit -------------------------------------------------------------------------

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE IF NOT EXISTS sohoa_tokens (
            token_id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            office TEXT,
            name TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE TABLE IF NOT EXISTS sohoa_audit (
            event_id TEXT PRIMARY KEY,
            at TEXT NOT NULL,
            token_id TEXT,
            role TEXT,
            office TEXT,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX IF NOT EXISTS sohoa_audit_at ON sohoa_audit (at);
        CREATE INDEX IF NOT EXISTS sohoa_audit_token ON sohoa_audit (token_id, at)
        """,
    ),
    (
        2,
        """
        CREATE TABLE IF NOT EXISTS sohoa_sessions (
            session_hash TEXT PRIMARY KEY,
            token_id TEXT NOT NULL,
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            ended_at TEXT
        )
        """,
    ),
)
SESSION_HOURS = 12


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """Who holds an API token: a role and, for counters, the office they work for."""

    token_id: str
    role: Role
    office: str | None
    name: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One access: who (token), what (action + target), when."""

    event_id: str
    at: datetime
    token_id: str | None
    role: str | None
    office: str | None
    action: str
    target: str
    detail: str


TOKEN_FIELDS = record_fields(TokenRecord)
TOKEN_COLUMNS = column_list(TOKEN_FIELDS)


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class AccessStore:
    """Tokens and the audit log; the secret of a token is returned once and only its hash kept."""

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db

    def migrate(self) -> None:
        self.db.migrate("access", MIGRATIONS)

    # tokens
    def create_token(
        self, role: str, office: str | None = None, name: str = ""
    ) -> tuple[TokenRecord, str]:
        """Create a token; returns its record and the secret (shown once, never stored)."""
        if role not in ROLES:
            raise ConfigError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
        office = (office or "").strip() or None
        if role == "counter" and not office:
            raise ConfigError("a counter token needs its office (--office)")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        record = TokenRecord(
            token_id=uuid.uuid4().hex[:16],
            role=cast(Role, role),
            office=office,
            name=name.strip(),
            created_at=utc_now(),
        )
        self.db.execute(
            "INSERT INTO sohoa_tokens (token_id, token_hash, role, office, name, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                record.token_id,
                hash_token(secret),
                record.role,
                record.office,
                record.name,
                record.created_at.isoformat(),
            ),
        )
        return record, secret

    def authenticate(self, secret: str) -> TokenRecord | None:
        """The active token with this secret, or None."""
        if not secret or len(secret) > 256:
            return None
        rows = self.db.execute(
            f"SELECT {TOKEN_COLUMNS} FROM sohoa_tokens WHERE token_hash = ? AND revoked_at IS NULL",
            (hash_token(secret),),
        )
        return _token(rows[0]) if rows else None

    def get_token(self, token_id: str) -> TokenRecord:
        rows = self.db.execute(
            f"SELECT {TOKEN_COLUMNS} FROM sohoa_tokens WHERE token_id = ?",
            (token_id,),
        )
        if not rows:
            raise NotFound(f"no token {token_id!r}")
        return _token(rows[0])

    def list_tokens(self) -> list[TokenRecord]:
        rows = self.db.execute(
            f"SELECT {TOKEN_COLUMNS} FROM sohoa_tokens ORDER BY created_at, token_id"
        )
        return [_token(r) for r in rows]

    def revoke(self, token_id: str) -> None:
        self.get_token(token_id)
        self.db.execute(
            "UPDATE sohoa_tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL",
            (utc_now().isoformat(), token_id),
        )

    def revoke_checked(self, token_id: str) -> None:
        """Revoke a token unless it is the last active admin token (nobody could manage then)."""
        token = self.get_token(token_id)
        if token.role == "admin" and token.active:
            admins = [t for t in self.list_tokens() if t.role == "admin" and t.active]
            if len(admins) <= 1:
                raise LastAdmin("this is the last active admin token: create another one first")
        self.revoke(token_id)

    # web sessions: the cookie holds a random session id, never the token
    def start_session(self, token: TokenRecord) -> tuple[str, str]:
        """A new session of this token; returns (session id for the cookie, CSRF token)."""
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = utc_now()
        self.db.execute(
            "INSERT INTO sohoa_sessions (session_hash, token_id, csrf, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                hash_token(session_id),
                token.token_id,
                csrf,
                now.isoformat(),
                (now + timedelta(hours=SESSION_HOURS)).isoformat(),
            ),
        )
        return session_id, csrf

    def session(self, session_id: str) -> tuple[TokenRecord, str] | None:
        """(token, CSRF token) of a live session whose token is still active, or None."""
        if not session_id or len(session_id) > 256:
            return None
        rows = self.db.execute(
            "SELECT token_id, csrf, expires_at FROM sohoa_sessions"
            " WHERE session_hash = ? AND ended_at IS NULL",
            (hash_token(session_id),),
        )
        if not rows or parse_time(rows[0][2]) <= utc_now():
            return None
        try:
            token = self.get_token(rows[0][0])
        except NotFound:
            return None
        return (token, rows[0][1]) if token.active else None

    def end_session(self, session_id: str) -> None:
        self.db.execute(
            "UPDATE sohoa_sessions SET ended_at = ? WHERE session_hash = ? AND ended_at IS NULL",
            (utc_now().isoformat(), hash_token(session_id)),
        )

    # audit
    def audit(
        self,
        token: TokenRecord | None,
        action: str,
        target: str = "",
        detail: str = "",
    ) -> AuditEvent:
        """Record one access (a document read, a search, a download...)."""
        event = AuditEvent(
            event_id=uuid.uuid4().hex,
            at=utc_now(),
            token_id=token.token_id if token else None,
            role=token.role if token else None,
            office=token.office if token else None,
            action=action,
            target=target[:500],
            detail=detail[:2000],
        )
        self.db.execute(
            "INSERT INTO sohoa_audit (event_id, at, token_id, role, office, action, target, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.event_id,
                event.at.isoformat(),
                event.token_id,
                event.role,
                event.office,
                event.action,
                event.target,
                event.detail,
            ),
        )
        return event

    def audit_events(
        self, *, token_id: str | None = None, action: str | None = None, limit: int = 100
    ) -> list[AuditEvent]:
        """The newest events first, optionally for one token or one action."""
        where, params = [], []
        if token_id:
            where.append("token_id = ?")
            params.append(token_id)
        if action:
            where.append("action = ?")
            params.append(action)
        sql = "SELECT event_id, at, token_id, role, office, action, target, detail FROM sohoa_audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY at DESC, event_id LIMIT ?"
        rows = self.db.execute(sql, (*params, max(1, min(limit, 10_000))))
        return [
            AuditEvent(
                event_id=r[0],
                at=parse_time(r[1]),
                token_id=r[2],
                role=r[3],
                office=r[4],
                action=r[5],
                target=r[6],
                detail=r[7],
            )
            for r in rows
        ]

    def close(self) -> None:
        self.db.close()


def _token(row: tuple[Any, ...]) -> TokenRecord:
    return from_row(TokenRecord, TOKEN_FIELDS, row)


def open_access_store(url: str) -> AccessStore:
    """Tokens + audit log in the catalog database (sqlite:///, postgresql://, memory://), migrated."""
    store = AccessStore(SqlDatabase(url))
    store.migrate()
    return store
