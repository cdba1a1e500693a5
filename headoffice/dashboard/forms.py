"""What the outlet and staff forms share: reading fields, errors by field in the visitor's
language, and the catalogue writers' lock taken before checking that a new id is free."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import HTTPException
from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Engine, select

from headoffice.catalog import CatalogError, CatalogWriter
from headoffice.dashboard.i18n import tr
from headoffice.db import schema as t

Old = TypeVar("Old")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


@dataclass
class Form:
    """A submitted form: its values as typed (shown again on an error) and the errors found,
    by field ('' for the form as a whole), already translated."""

    values: dict[str, Any]
    locale: str
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str, limit: int, *, required: bool = False, upper: bool = False
             ) -> str:
        value = str(self.values.get(name, "")).strip().replace("\r\n", "\n")
        if upper:
            value = value.upper()
        self.values[name] = value
        if required and not value:
            self.error(name, "err_required")
        elif len(value) > limit:
            self.error(name, "err_too_long", limit=limit)
        return value

    def flag(self, name: str) -> bool:
        value = self.values.get(name) in ("on", "1", "true", True)
        self.values[name] = value
        return value

    def error(self, name: str, key: str, **values: Any) -> None:
        self.errors.setdefault(name, tr(key, self.locale).format(**values))

    def new_id(self, name: str) -> str:
        value = self.text(name, 32, required=True)
        if value and not ID_PATTERN.match(value):
            self.error(name, "err_id")
        elif value.lower() == "new":  # /outlets/new, /staff/new
            self.error(name, "err_id_taken")
        return value

    def model(self, model: type[BaseModel], data: dict[str, Any]) -> Any:
        """``data`` as ``model`` or None (its errors recorded by field)."""
        if self.errors:
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for problem in exc.errors():
                where = str(problem["loc"][0]) if problem["loc"] else ""
                self.error(where if where in self.values else "", "err_invalid",
                           reason=problem["msg"])
            return None


def errors_in_order(errors: Mapping[str, str], fields: Sequence[tuple[str, str]]
                    ) -> list[tuple[str, str, str]]:
    """``(field, label key, message)`` for each field in error, in the page's order (``fields``
    lists the page's ``(field, label key)``): the summary at the top of a form links to
    them, and the first is focused."""
    found = [(name, label, errors[name]) for name, label in fields if errors.get(name)]
    listed = {name for name, _ in fields}
    found += [(name, name, message) for name, message in errors.items()
              if name and name not in listed]
    return found


def form_of(raw: Mapping[str, Any], locale: str, multi: Mapping[str, list[str]] | None = None
            ) -> Form:
    values: dict[str, Any] = {k: v for k, v in raw.items() if isinstance(v, str)}
    for name, items in (multi or {}).items():
        values[name] = items
    return Form(values, locale)


def lock_catalogue(conn: Connection) -> None:
    """Take the catalogue writers' lock (the change counter's row) before checking that an
    id is free, so two people adding the same id one moment apart cannot both pass the check
    (SQLite's write transactions are serialised already)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(t.catalog_state.c.id).where(t.catalog_state.c.id == 1)
                     .with_for_update())


class _Invalid(Exception):
    """The form has errors: roll the transaction back."""


def publish(engine: Engine, form: Form, entity: str,
            load: Callable[[Connection], Old | None] | None,
            parse: Callable[[Form, Connection, Old | None], BaseModel | None]
            ) -> tuple[BaseModel | None, Old | None]:
    """Check the form and publish it as one catalogue write, in one transaction: ``load``
    reads what is edited (404 if gone; None for a new entry), ``parse`` builds the entity or
    records errors in ``form``. Returns the entity published (None when the form has errors:
    nothing was written) and what it replaced."""
    existing: Old | None = None
    try:
        with engine.begin() as conn:
            lock_catalogue(conn)
            if load is not None:
                existing = load(conn)
                if existing is None:
                    raise HTTPException(404)
            item = parse(form, conn, existing)
            if item is None:
                raise _Invalid
            CatalogWriter(conn).put(entity, [item], skip_unchanged=True)
    except _Invalid:
        return None, existing
    except CatalogError as exc:
        form.error("", "err_refused", reason=exc.reason)
        return None, existing
    return item, existing
