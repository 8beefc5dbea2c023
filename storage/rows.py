"""Rows <-> records by the record dataclass's fields: columns named like the fields, values converted by their types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import Field, fields
from typing import Any, TypeVar

from .catalog import loads, parse_time

T = TypeVar("T")


def kind(f: Field[Any]) -> str:
    """How a field's values are stored: time, mapping, flag, int, float, text or optional."""
    annotation = str(f.type)
    optional = annotation.endswith(" | None")
    base = annotation.removesuffix(" | None")
    if base == "datetime":
        return "time"
    if base.startswith("dict["):
        return "mapping"
    named = {"bool": "flag", "int": "int", "float": "float"}.get(base)
    if named:
        return named
    return "optional" if optional else "text"


def record_fields(cls: type[Any], *, leave_out: Sequence[str] = ()) -> tuple[Field[Any], ...]:
    """The fields of a record dataclass stored as columns, in order."""
    return tuple(f for f in fields(cls) if f.name not in leave_out)


def column_list(stored: Sequence[Field[Any]]) -> str:
    """'a, b, c': the columns of these fields, for SELECT and INSERT."""
    return ", ".join(f.name for f in stored)


def loaded(k: str, value: Any) -> Any:
    """A stored value as a record holds it (times as datetimes or ISO text, JSON as dicts or text)."""
    if k == "time":
        return parse_time(value)
    if k == "mapping":
        return loads(value)
    if value is None:
        return "" if k == "text" else None
    return {"flag": bool, "int": int, "float": float}.get(k, lambda v: v)(value)


def from_row(cls: type[T], stored: Sequence[Field[Any]], row: Sequence[Any], **extra: Any) -> T:
    """The record of a row whose columns are `stored`, in order; `extra` gives the other fields."""
    values = {f.name: loaded(kind(f), v) for f, v in zip(stored, row, strict=True)}
    return cls(**values, **extra)
