"""ORM rows to plain data and back. Nothing outside the data layer sees an
ORM object, so no lazy load can fire on a closed session."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.core.model import (
    Attachment, Column, PlanDoc, ProgressEntry, RowData, RowKind, Section, Signer,
)
from app.core.text import clean_text, nfc
from app.models import schema


def columns_from_json(items: list[dict[str, Any]] | None) -> tuple[Column, ...]:
    out = []
    for item in items or []:
        out.append(Column(
            field=str(item.get("field", "")),
            header=nfc(str(item.get("header", ""))),
            width=float(item.get("width", 20.0)),
            export=bool(item.get("export", True)),
        ))
    return tuple(out)


def columns_to_json(columns: tuple[Column, ...] | list[Column]) -> list[dict[str, Any]]:
    return [
        {"field": c.field, "header": clean_text(c.header), "width": c.width, "export": c.export}
        for c in columns
    ]


def sections_from_json(items: list[dict[str, str]] | None) -> tuple[Section, ...]:
    return tuple(Section(nfc(i.get("heading", "")), nfc(i.get("text", ""))) for i in items or [])


def sections_to_json(sections) -> list[dict[str, str]]:
    return [{"heading": clean_text(s.heading), "text": clean_text(s.text)} for s in sections]


def plan_to_doc(plan: schema.Plan) -> PlanDoc:
    return PlanDoc(
        id=plan.id,
        kind=plan.kind,
        year=plan.year,
        number=plan.number,
        symbol=plan.symbol,
        parent_body=plan.parent_body,
        issuing_body=plan.issuing_body,
        place=plan.place,
        issue_day=plan.issue_day,
        issue_month=plan.issue_month,
        issue_year=plan.issue_year,
        doc_type=plan.doc_type,
        title=plan.title,
        legal_bases=tuple(plan.legal_bases or ()),
        sections=sections_from_json(plan.sections),
        recipients=tuple(plan.recipients or ()),
        signer=Signer(
            plan.signer_authority, plan.signer_authority_of, plan.signer_deputy_line,
            plan.signer_title, plan.signer_name,
        ),
        appendix_heading=plan.appendix_heading,
        appendix_title=plan.appendix_title,
        columns=columns_from_json(plan.columns),
        hide_empty_columns=bool(plan.hide_empty_columns),
        is_sample=plan.is_sample,
        uuid=plan.uuid or "",
        start=plan.start_date,
    )


def apply_plan_change(plan: schema.Plan, name: str, value: Any) -> None:
    """Write one PlanDoc field onto the ORM plan (every text cleaned: NFC, no control characters)."""
    if name == "signer":
        plan.signer_authority = clean_text(value.authority)
        plan.signer_authority_of = clean_text(value.authority_of)
        plan.signer_deputy_line = clean_text(value.deputy_line)
        plan.signer_title = clean_text(value.title)
        plan.signer_name = clean_text(value.name)
    elif name == "sections":
        plan.sections = sections_to_json(value)
    elif name == "columns":
        plan.columns = columns_to_json(value)
    elif name in ("legal_bases", "recipients"):
        setattr(plan, name, [clean_text(v) for v in value])
    elif name == "start":
        plan.start_date = value
    elif isinstance(value, str):
        setattr(plan, name, clean_text(value))
    else:
        setattr(plan, name, value)


def dates_from_json(items: list[str] | None) -> tuple[date, ...] | None:
    if items is None:
        return None
    return tuple(date.fromisoformat(d) for d in items)


def dates_to_json(dates) -> list[str] | None:
    if dates is None:
        return None
    return [d.isoformat() for d in sorted(set(dates))]


ROW_COLUMNS = (
    "objective", "task", "activity", "form", "output",
    "lead", "support", "timeframe", "budget", "note",
)


def row_to_data(row: schema.AppendixRow) -> RowData:
    return RowData(
        id=row.id,
        plan_id=row.plan_id,
        parent_id=row.parent_id,
        position=row.position,
        kind=RowKind(row.kind),
        number_override=row.number_override,
        due_override=dates_from_json(row.due_override),
        uuid=row.uuid or "",
        **{name: getattr(row, name) for name in ROW_COLUMNS},
    )


def row_from_mapping(values: dict[str, Any]) -> RowData:
    """A row from a Core query result (fast path for large plans)."""
    return RowData(
        id=values["id"],
        plan_id=values["plan_id"],
        parent_id=values["parent_id"],
        position=values["position"],
        kind=RowKind(values["kind"]),
        number_override=values["number_override"],
        due_override=dates_from_json(values["due_override"]),
        uuid=values.get("uuid") or "",
        **{name: values[name] for name in ROW_COLUMNS},
    )


def entry_to_data(entry: schema.ProgressEntry) -> ProgressEntry:
    return ProgressEntry(
        id=entry.id,
        row_id=entry.row_id,
        date=entry.entry_date,
        status=entry.status,
        percent=entry.percent,
        result=entry.result,
        evidence=entry.evidence,
        reason=entry.reason,
        occurrence=entry.occurrence,
        attachments=tuple(
            Attachment(a.id, a.entry_id, a.file_name, a.sha256, a.size) for a in entry.attachments
        ),
    )
