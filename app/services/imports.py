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
from app.core.presets import FIELD_LABELS, KIND_CCHC, LAYOUTS
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


def needs_area(rows: Sequence[NewRow]) -> bool:
    """Rows outside any area: going into a plan with areas, they need one."""
    return any(r.kind is not RowKind.AREA for r in rows)


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
        area_id: int | None = None,
    ) -> ImportResult:
        """Write ``rows`` (default: all rows of ``source``) into plan
        ``plan_id`` — rows outside any area go into area ``area_id``, which
        must be chosen when the plan has areas — or into a new plan for
        ``year`` (the file's year, else this year). A new plan takes the
        file's columns, its appendix title and (``take_document``) its
        document fields; its kind is the file's unless ``kind`` is given."""
        rows = list(source.rows if rows is None else rows)
        if not rows and not (take_document and not source.document.empty):
            raise InvalidInputError("Không có dòng nào để nhập.")
        tasks, areas = count_rows(rows, RowKind.TASK), count_rows(rows, RowKind.AREA)
        if plan_id is not None:
            self._check_area(plan_id, rows, area_id)
        if self.before_write is not None:
            self.before_write()
        if plan_id is not None:
            top_ids = self._into_existing(plan_id, rows, area_id)
            return ImportResult(plan_id, False, tasks, areas, tuple(top_ids))
        mapping = source.table.mapping if source.table else ()
        headers = source.table.headers if source.table else ()
        year = check_year(year or source.year or source.document.issue_year or date.today().year)
        kind = kind or source.plan_kind or KIND_CCHC
        new_id = self._into_new(rows, year, kind, columns_from_file(headers, mapping), source.document,
                                take_document, sample)
        return ImportResult(new_id, True, tasks, areas)

    def areas_of(self, plan_id: int) -> list[tuple[int, str]]:
        """(row id, "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH") of each area of a plan."""
        from app.core.tree import numbers_for
        from app.services.rows import RowService

        rows = RowService(self.db).list(plan_id)
        numbers = numbers_for(rows)
        return [(r.id, f"{numbers.get(r.id, '')}. {r.task}".strip(". ")) for r in rows if r.kind is RowKind.AREA]

    def _check_area(self, plan_id: int, rows: Sequence[NewRow], area_id: int | None) -> None:
        areas = self.areas_of(plan_id)
        if area_id is not None and area_id not in {a for a, _ in areas}:
            raise InvalidInputError("Lĩnh vực đã chọn không thuộc kế hoạch này.")
        if area_id is None and areas and needs_area(rows):
            listed = "; ".join(title for _, title in areas)
            raise InvalidInputError(f"Bảng không chia theo lĩnh vực: hãy chọn lĩnh vực để nhập các nhiệm vụ vào "
                                    f"(--area), một trong: {listed}.")

    def import_sample(self) -> ImportResult:
        """The sample plan shipped with the program (a real ward plan, seed
        004), as a new plan marked "mẫu" so it is never taken for real work."""
        from app.io.text_import import read_text_source

        return self.apply(read_text_source(sample_plan_path()), sample=True)

    def _into_existing(self, plan_id: int, rows: Sequence[NewRow], area_id: int | None) -> list[int]:
        top_ids: list[int] = []
        with self.db.session() as s:
            load_plan(s, plan_id)
            areas = s.execute(
                select(AppendixRow.id, AppendixRow.task)
                .where(AppendixRow.plan_id == plan_id, AppendixRow.parent_id.is_(None),
                       AppendixRow.kind == RowKind.AREA.value)
                .order_by(AppendixRow.position, AppendixRow.id)  # the same area wins on every engine
            ).all()
            existing = {area_key(title): rid for rid, title in areas}
            for parent_id, position, new_rows in merge_batches(rows, existing, area_id, None):
                count = s.scalar(select(_count()).where(_siblings(plan_id, parent_id))) or 0
                out: list = []
                for offset, new in enumerate(new_rows):
                    _insert_tree(s, plan_id, parent_id, count + offset, new, out)
                top_ids += [r.id for r in out if r.parent_id == parent_id]
        return top_ids

    def _into_new(self, rows, year: int, kind: str, columns: tuple[Column, ...], document: DocumentFields,
                  take_document: bool, sample: bool = False) -> int:
        """One transaction: the plan, its fields and its rows, or nothing."""
        changes: dict = {}
        if columns:
            changes["columns"] = columns
        names = ["appendix_heading", "appendix_title"]
        if take_document:
            names += ["parent_body", "issuing_body", "number", "symbol", "place", "issue_day", "issue_month",
                      "issue_year", "doc_type", "title", "legal_bases", "sections", "recipients", "signer"]
        for name in names:
            value = getattr(document, name, None)
            if value:
                changes[name] = value
        with self.db.session() as s:
            plan = new_plan(s, self.plans.settings, kind, year, with_areas=False)
            plan.is_sample = sample
            for name, value in changes.items():
                apply_plan_change(plan, name, value)
            out: list = []
            for position, new in enumerate(rows):
                _insert_tree(s, plan.id, None, position, new, out)
            return plan.id
