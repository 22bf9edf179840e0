"""Plans: list, create from a preset, edit the document, copy, delete."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import func, select

from app.core.errors import InvalidInputError, NotFoundError
from app.core.dates import short_date
from app.core.model import PLAN_EDITABLE_FIELDS, ROW_TEXT_FIELDS, PlanDoc, PlanSummary, RowKind
from app.core.presets import DEFAULT_SIGNER, KIND_CCHC, KIND_LABELS, LAYOUTS, PLAN_PRESETS
from app.core.text import nfc
from app.core.tree import preorder
from app.models.database import Database
from app.models.schema import AppendixRow, Plan
from app.services.convert import (
    apply_plan_change, columns_to_json, dates_to_json, plan_to_doc, row_from_mapping, sections_to_json,
)
from app.services.settings import SettingsService

MIN_PLAN_YEAR, MAX_PLAN_YEAR = 2000, 2100


def load_plan(session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"Không có kế hoạch số {plan_id}.")
    return plan


def check_year(year: int) -> int:
    if not MIN_PLAN_YEAR <= year <= MAX_PLAN_YEAR:
        raise InvalidInputError(f"Năm kế hoạch không hợp lệ: {year} (từ {MIN_PLAN_YEAR} đến {MAX_PLAN_YEAR}).")
    return year


# The document fields as the form names them (messages of the form and of ``cchc edit``).
FIELD_NAMES = {
    "number": "Số", "symbol": "Ký hiệu", "parent_body": "Cơ quan chủ quản", "issuing_body": "Cơ quan ban hành",
    "place": "Địa danh", "doc_type": "Tên loại", "title": "Trích yếu", "legal_bases": "Căn cứ",
    "sections": "Nội dung", "recipients": "Nơi nhận", "signer": "Người ký", "appendix_heading": "Tiêu đề phụ lục",
    "appendix_title": "Tên phụ lục", "start": "Thực hiện từ ngày",
}


def check_plan_value(name: str, value: Any) -> None:
    """Refuse a value no document could carry: a year out of range, a day 32,
    an unknown kind, column or signing authority, a text over 20,000 characters."""
    from app.core.presets import FIELD_LABELS, SIGNER_AUTHORITIES
    from app.services.rows import MAX_TEXT

    def text(field: str, item: str) -> None:
        if len(item or "") > MAX_TEXT:
            label = FIELD_NAMES.get(field, field)
            raise InvalidInputError(f"«{label}» quá dài ({len(item)} ký tự; tối đa {MAX_TEXT}).")

    if name == "year":
        check_year(int(value))
    elif name == "start" and value is not None and not isinstance(value, date):
        raise InvalidInputError("Ngày bắt đầu thực hiện không hợp lệ.")
    elif name == "kind" and value not in PLAN_PRESETS:
        raise InvalidInputError(f"Loại kế hoạch không hợp lệ: «{value}» (dùng: {', '.join(PLAN_PRESETS)}).")
    elif name in ("issue_day", "issue_month", "issue_year") and value is not None:
        low, high = {"issue_day": (1, 31), "issue_month": (1, 12), "issue_year": (MIN_PLAN_YEAR, MAX_PLAN_YEAR)}[name]
        label = {"issue_day": "Ngày", "issue_month": "Tháng", "issue_year": "Năm"}[name]
        if not isinstance(value, int) or not low <= value <= high:
            raise InvalidInputError(f"{label} ban hành không hợp lệ: {value} (từ {low} đến {high}, hoặc để trống).")
    elif name == "signer":
        if value.authority not in SIGNER_AUTHORITIES:
            raise InvalidInputError(f"Thẩm quyền ký không hợp lệ: «{value.authority}» "
                                    f"(dùng: {', '.join(a for a in SIGNER_AUTHORITIES if a)} hoặc để trống).")
        for item in (value.authority_of, value.deputy_line, value.title, value.name):
            text("signer", item)
    elif name == "columns":
        if not value:
            raise InvalidInputError("Phụ lục cần ít nhất một cột.")
        unknown = [c.field for c in value if c.field not in FIELD_LABELS]
        if unknown:
            raise InvalidInputError(f"Cột không hợp lệ: {', '.join(unknown)} (dùng: {', '.join(FIELD_LABELS)}).")
    elif name == "sections":
        for section in value:
            text("sections", section.heading)
            text("sections", section.text)
    elif name in ("legal_bases", "recipients"):
        for item in value:
            text(name, item)
    elif isinstance(value, str):
        text(name, value)


def check_issue_date(plan: PlanDoc) -> None:
    """Day, month and year, when all three are given, make a real date."""
    if plan.issue_day and plan.issue_month and plan.issue_year and plan.issue_date is None:
        raise InvalidInputError(f"Ngày ban hành không tồn tại: {plan.issue_day}/{plan.issue_month}/{plan.issue_year}.")


class PlanService:
    def __init__(self, db: Database, settings: SettingsService):
        self.db = db
        self.settings = settings

    def list(self) -> list[PlanSummary]:
        """Every plan, newest year first."""
        with self.db.reading() as s:
            counts = dict(
                s.execute(
                    select(AppendixRow.plan_id, func.count())
                    .where(AppendixRow.kind == RowKind.TASK.value)
                    .group_by(AppendixRow.plan_id)
                ).all()
            )
            plans = s.scalars(select(Plan).order_by(Plan.year.desc(), Plan.id)).all()
            return [
                PlanSummary(p.id, p.kind, p.year, p.title, p.number, p.symbol, counts.get(p.id, 0), p.is_sample)
                for p in plans
            ]

    def get(self, plan_id: int) -> PlanDoc:
        with self.db.reading() as s:
            return plan_to_doc(load_plan(s, plan_id))

    def create(self, kind: str, year: int, layout: str | None = None, with_areas: bool = True,
               start: date | None = None) -> int:
        """A new plan of ``kind`` for ``year`` from its preset; returns its id.
        ``start``: the day a plan issued mid-year takes effect."""
        check_start(start, year)
        with self.db.session() as s:
            plan = new_plan(s, self.settings, kind, year, layout, with_areas)
            plan.start_date = start
            return plan.id

    def update(self, plan_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Change document fields (checked as one: the window's form and
        ``cchc edit`` are refused alike); returns their previous values (for undo)."""
        unknown = set(changes) - set(PLAN_EDITABLE_FIELDS)
        if unknown:
            raise InvalidInputError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
        for name, value in changes.items():
            check_plan_value(name, value)
        with self.db.session() as s:
            plan = load_plan(s, plan_id)
            before = plan_to_doc(plan)
            check_issue_date(replace(before, **changes))
            if "start" in changes or "year" in changes:
                check_start(changes.get("start", before.start), int(changes.get("year", before.year)))
            old = {name: getattr(before, name) for name in changes}
            for name, value in changes.items():
                apply_plan_change(plan, name, value)
            return old

    def delete(self, plan_id: int) -> None:
        with self.db.session() as s:
            s.delete(load_plan(s, plan_id))

    def next_year_bases(self, plan_id: int) -> list[tuple[str, str]]:
        """The legal bases that cite a document of the plan's year, each with
        what it would say in next year's copy (the officer is asked)."""
        from app.core.legal_bases import next_year_basis

        plan = self.get(plan_id)
        out = []
        for basis in plan.legal_bases:
            moved = next_year_basis(basis, plan.year)
            if moved is not None and moved != basis:
                out.append((basis, moved))
        return out

    def copy_to_next_year(self, plan_id: int, legal_bases: "list[str] | tuple[str, ...] | None" = None) -> int:
        """A draft for the next year: same document and rows, years in texts
        and dates moved on by one, number and day left blank, no progress.
        ``legal_bases``: the bases of the copy (as the officer confirmed
        them); by default the same as this year's. A mid-year plan's copy
        runs the whole next year."""

        with self.db.session() as s:
            source = load_plan(s, plan_id)
            year = source.year + 1
            check_year(year)
            doc = plan_to_doc(source)
            copy = Plan(kind=source.kind, year=year, is_sample=False)
            for name in PLAN_EDITABLE_FIELDS:
                if name in ("kind", "year", "is_sample"):
                    continue
                apply_plan_change(copy, name, getattr(doc, name))
            copy.number = ""
            copy.start_date = None
            if legal_bases is not None:
                apply_plan_change(copy, "legal_bases", [b for b in legal_bases if b.strip()])
            copy.issue_day = copy.issue_month = None
            copy.issue_year = year
            copy.title = shift_year_phrases(source.title, source.year)
            copy.appendix_title = shift_year_phrases(source.appendix_title, source.year)
            copy.sections = sections_to_json(
                replace(sec, text=shift_year_phrases(sec.text, source.year)) for sec in doc.sections
            )
            s.add(copy)
            s.flush()
            copy_rows(s, source.id, copy.id, source.year)
            return copy.id

    @staticmethod
    def kind_label(kind: str) -> str:
        return KIND_LABELS.get(kind, kind)


def check_start(start: date | None, year: int) -> None:
    """A plan's start date falls within its own year."""
    if start is not None and start.year != year:
        raise InvalidInputError(f"Ngày bắt đầu thực hiện {short_date(start)} không thuộc năm kế hoạch {year}.")


def new_plan(session, settings: SettingsService, kind: str, year: int, layout: str | None = None,
             with_areas: bool = True) -> Plan:
    """Add a plan made from its preset to ``session`` (the caller's transaction):
    its issuing body, place, bases and recipients come from the unit's settings."""
    from app.services.unit_profile import UnitProfileService

    if kind not in PLAN_PRESETS:
        raise InvalidInputError(f"Loại kế hoạch không hợp lệ: «{kind}» (dùng: {', '.join(PLAN_PRESETS)}).")
    check_year(year)
    preset = PLAN_PRESETS[kind]
    layout_key = layout or preset.layout
    if layout_key not in LAYOUTS:
        raise InvalidInputError(f"Mẫu cột không hợp lệ: «{layout_key}» (dùng: {', '.join(LAYOUTS)}).")
    unit_profile = UnitProfileService(settings)
    profile = unit_profile.profile()
    fill = {"year": year, "unit": profile.unit or "đơn vị"}
    plan = Plan(
        kind=kind,
        year=year,
        number="",
        symbol="KH-UBND",
        parent_body=nfc(settings.get("parent_body")),
        issuing_body=nfc("\n".join(profile.header_lines)),
        place=nfc(profile.place_name),
        issue_year=year,
        doc_type="KẾ HOẠCH",
        title=nfc(preset.title.format(**fill)),
        legal_bases=[nfc(b) for b in unit_profile.bases_for_new_plan(year)] if kind == KIND_CCHC else [],
        sections=sections_to_json(replace(sec, text=sec.text.format(**fill)) for sec in preset.sections),
        recipients=[nfc(r) for r in profile.plan_recipients()],
        appendix_heading="Phụ lục",
        appendix_title=nfc(preset.appendix_title.format(**fill)),
        columns=columns_to_json(LAYOUTS[layout_key].columns),
    )
    apply_plan_change(plan, "signer", DEFAULT_SIGNER)
    session.add(plan)
    session.flush()
    if with_areas:
        for position, title in enumerate(preset.areas):
            session.add(AppendixRow(plan_id=plan.id, parent_id=None, position=position,
                                    kind=RowKind.AREA.value, task=title))
    return plan


_YEAR_TOKEN = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_YEAR_PHRASE = re.compile(r"(năm\s+)(\d{4})(?!\d)", re.IGNORECASE)


def shift_years(text: str, year: int) -> str:
    """For deadlines: move the plan's year (and the year before it, as in
    "tháng 12/2022" of a 2023 plan) forward by one; other numbers stay."""

    def bump(match: re.Match[str]) -> str:
        value = int(match.group(1))
        return str(value + 1) if value in (year - 1, year) else match.group(1)

    return _YEAR_TOKEN.sub(bump, text or "")


def shift_year_phrases(text: str, year: int) -> str:
    """For prose: only "năm 2023" of a 2023 plan becomes "năm 2024", so dates
    of documents cited ("ngày 17/01/2023") are never silently changed."""

    def bump(match: re.Match[str]) -> str:
        value = int(match.group(2))
        return match.group(1) + (str(value + 1) if value == year else match.group(2))

    return _YEAR_PHRASE.sub(bump, text or "")


def shift_date(value: date) -> date:
    try:
        return value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value.replace(year=value.year + 1, day=28)


def copy_rows(session, source_plan_id: int, target_plan_id: int, source_year: int) -> None:
    """Copy a plan's rows into another plan for the next year (no progress)."""
    rows = [dict(m) for m in session.execute(
        select(AppendixRow.__table__).where(AppendixRow.plan_id == source_plan_id)
    ).mappings()]
    ordered = preorder(row_from_mapping(r) for r in rows)
    new_ids: dict[int, int] = {}
    for row in ordered:
        texts = {name: shift_year_phrases(getattr(row, name), source_year) for name in ROW_TEXT_FIELDS}
        texts["timeframe"] = shift_years(row.timeframe, source_year)
        due = tuple(shift_date(d) for d in row.due_override) if row.due_override else None
        copy = AppendixRow(
            plan_id=target_plan_id,
            parent_id=new_ids.get(row.parent_id) if row.parent_id is not None else None,
            position=row.position,
            kind=row.kind.value,
            number_override=row.number_override,
            due_override=dates_to_json(due),
            **texts,
        )
        if row.uuid:  # the same task next year: the same id
            copy.uuid = row.uuid
        session.add(copy)
        session.flush()
        new_ids[row.id] = copy.id
