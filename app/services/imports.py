"""Importing appendix rows (and document fields) into a new or an existing
plan, as one transaction after the officer has confirmed the preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

from sqlalchemy import select

from app.core.errors import InvalidInputError
from app.paths import resources_dir
from app.core.merge import area_key, count_rows, merge_batches
from app.core.model import Column, NewRow, RowKind
from app.core.presets import FIELD_LABELS, KIND_CCHC, KIND_PROPAGANDA, LAYOUTS
from app.core.text import clean_text
from app.io.importers import DocumentFields, ImportSource
from app.models.database import Database
from app.models.schema import AppendixRow
from app.services.convert import apply_plan_change
from app.services.plans import PlanService, check_year, load_plan, new_plan
from app.services.rows import _insert_tree, _siblings, _count

# Default relative widths per field, from the presets.
_WIDTHS = {c.field: c.width for preset in LAYOUTS.values() for c in preset.columns}


def sample_plan_path() -> Path:
    return resources_dir() / "samples" / SAMPLE_PLAN_FILE


SAMPLE_PLAN_FILE = "ke-hoach-cchc-phuong-song-cau-2023.txt"


@dataclass(frozen=True)
class ImportResult:
    plan_id: int
    created_plan: bool
    tasks: int
    areas: int
    top_ids: tuple[int, ...] = ()  # rows added to an existing plan (an undo deletes them)


def columns_from_file(headers: Sequence[str], mapping: Sequence[str | None]) -> tuple[Column, ...]:
    """The plan layout an imported table brings: its columns, printed headers kept."""
    columns = []
    for header, name in zip(headers, mapping):
        if name and name not in {c.field for c in columns}:
            columns.append(Column(name, clean_text(header).strip() or FIELD_LABELS[name], _WIDTHS.get(name, 14)))
    return tuple(columns)


def guess_kind(rows: Sequence[NewRow], mapping: Sequence[str | None]) -> str:
    has_areas = any(r.kind is RowKind.AREA for r in rows)
    return KIND_CCHC if has_areas or "objective" in mapping or "activity" in mapping else KIND_PROPAGANDA


class ImportService:
    def __init__(self, db: Database, plans: PlanService, before_write=None):
        self.db = db
        self.plans = plans
        self.before_write = before_write  # the backup taken before an import writes

    def apply(
        self,
        source: ImportSource,
        rows: Sequence[NewRow] | None = None,
        plan_id: int | None = None,
        year: int | None = None,
        kind: str | None = None,
        take_document: bool = True,
        sample: bool = False,
    ) -> ImportResult:
        """Write ``rows`` (default: all rows of ``source``) into plan
        ``plan_id``, or into a new plan for ``year`` (the file's year, else this
        year). A new plan takes the file's columns and document fields."""
        rows = list(source.rows if rows is None else rows)
        if not rows and not (take_document and not source.document.empty):
            raise InvalidInputError("Không có dòng nào để nhập.")
        tasks, areas = count_rows(rows, RowKind.TASK), count_rows(rows, RowKind.AREA)
        if self.before_write is not None:
            self.before_write()
        if plan_id is not None:
            top_ids = self._into_existing(plan_id, rows)
            return ImportResult(plan_id, False, tasks, areas, tuple(top_ids))
        mapping = source.table.mapping if source.table else ()
        headers = source.table.headers if source.table else ()
        year = check_year(year or source.year or source.document.issue_year or date.today().year)
        kind = kind or guess_kind(rows, mapping)
        new_id = self._into_new(rows, year, kind, columns_from_file(headers, mapping),
                                source.document if take_document else DocumentFields(), source.title_lines,
                                sample)
        return ImportResult(new_id, True, tasks, areas)

    def import_sample(self) -> ImportResult:
        """The sample plan shipped with the program (a real ward plan, seed
        004), as a new plan marked "mẫu" so it is never taken for real work."""
        from app.io.text_import import read_text_source

        return self.apply(read_text_source(sample_plan_path()), sample=True)

    def _into_existing(self, plan_id: int, rows: Sequence[NewRow]) -> list[int]:
        top_ids: list[int] = []
        with self.db.session() as s:
            load_plan(s, plan_id)
            areas = s.execute(
                select(AppendixRow.id, AppendixRow.task)
                .where(AppendixRow.plan_id == plan_id, AppendixRow.parent_id.is_(None),
                       AppendixRow.kind == RowKind.AREA.value)
            ).all()
            existing = {area_key(title): rid for rid, title in areas}
            for parent_id, position, new_rows in merge_batches(rows, existing, None, None):
                count = s.scalar(select(_count()).where(_siblings(plan_id, parent_id))) or 0
                out: list = []
                for offset, new in enumerate(new_rows):
                    _insert_tree(s, plan_id, parent_id, count + offset, new, out)
                top_ids += [r.id for r in out if r.parent_id == parent_id]
        return top_ids

    def _into_new(self, rows, year: int, kind: str, columns: tuple[Column, ...], document: DocumentFields,
                  title_lines: Sequence[str], sample: bool = False) -> int:
        """One transaction: the plan, its fields and its rows, or nothing."""
        changes: dict = {}
        if columns:
            changes["columns"] = columns
        for name in ("number", "symbol", "place", "issue_day", "issue_month", "issue_year", "doc_type", "title",
                     "issuing_body", "legal_bases", "sections", "recipients", "signer"):
            value = getattr(document, name, None)
            if value:
                changes[name] = value
        appendix_title = _appendix_title(title_lines)
        if appendix_title:
            changes["appendix_title"] = appendix_title
        with self.db.session() as s:
            plan = new_plan(s, self.plans.settings, kind, year, with_areas=False)
            plan.is_sample = sample
            for name, value in changes.items():
                apply_plan_change(plan, name, value)
            out: list = []
            for position, new in enumerate(rows):
                _insert_tree(s, plan.id, None, position, new, out)
            return plan.id


def _appendix_title(lines: Sequence[str]) -> str:
    """The appendix title among the lines above the table: not "Phụ lục", not
    the "(Kèm theo …)" line."""
    for line in lines:
        text = line.strip()
        lowered = text.lower()
        if not text or lowered in ("phụ lục", "danh mục") or lowered.startswith(("phụ lục ", "(kèm theo", "(ban hành")):
            continue
        return text[:1].upper() + text[1:].lower() if text.isupper() else text
    return ""
