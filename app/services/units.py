"""The units directory: names offered when typing lead/support units, and the
list the matrix can be filtered by."""

from __future__ import annotations

import re
from typing import Iterable

from sqlalchemy import select

from app.core.text import clean_text
from app.models.database import Database
from app.models.portable import insert_new_only
from app.models.schema import Unit

# Units in one cell are separated by ";" or new lines ("Phòng Nội vụ; Văn
# phòng HĐND và UBND"). Commas are part of names ("Các phòng, ban, đơn vị").
_SPLIT = re.compile(r"[;\n]+")
_LEADING = re.compile(r"^[\s\-–•+*]+")


def unit_names(text: str) -> list[str]:
    """Names found in a lead/support cell."""
    names = []
    for part in _SPLIT.split(clean_text(text)):
        name = _LEADING.sub("", part).strip(" .")
        if 2 <= len(name) <= 200:
            names.append(name)
    return names


def remember_units(session, texts: Iterable[str]) -> None:
    """Add the unit names of these cells to the directory (inside the caller's transaction)."""
    names = {name for text in texts if text for name in unit_names(text)}
    insert_new_only(session, Unit, [{"name": n} for n in sorted(names)])


class UnitService:
    def __init__(self, db: Database):
        self.db = db

    def names(self) -> list[str]:
        with self.db.reading() as s:
            return sorted(s.scalars(select(Unit.name)).all(), key=str.casefold)

    def add(self, name: str) -> None:
        with self.db.session() as s:
            remember_units(s, [name])

    def remove(self, name: str) -> None:
        with self.db.session() as s:
            unit = s.scalar(select(Unit).where(Unit.name == clean_text(name)))
            if unit is not None:
                s.delete(unit)
