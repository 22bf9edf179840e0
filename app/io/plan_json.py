"""A plan as JSON (``cchc show --json``): every field, row, due date and status."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any, Sequence

from app.core.deadlines import read_deadline
from app.core.model import PlanDoc, ProgressEntry, RowKind
from app.core.status import LOG_STATUS_LABELS, TASK_STATUS_LABELS, LogStatus, OccurrenceState
from app.core.tracking import PlanTracking

if TYPE_CHECKING:
    from app.services.reports import ReportData

ROW_TEXT = ("objective", "task", "activity", "form", "output", "lead", "support", "timeframe", "budget", "note")


def plan_to_json(plan: PlanDoc, tracking: PlanTracking, entries: Sequence[ProgressEntry], as_of: date,
                 period: "ReportData | None" = None) -> dict[str, Any]:
    """``period``: the figures of the report period holding ``as_of`` (as the
    overview and that period's report give them); without it, the figures
    of ``tracking``."""
    figures = period.figures if period is not None else tracking.figures()
    out_figures: dict[str, Any] = {
        "total": _counts(figures.total),
        "areas": [{"number": a.label, "title": a.title, **_counts(a.counts)} for a in figures.areas],
    }
    if period is not None:
        out_figures["period"] = {
            "period": period.period.value, "year": period.report.year,
            "window": [period.window[0].isoformat(), period.window[1].isoformat()],
            "as_of": period.as_of.isoformat(),
        }
    return {
        "as_of": as_of.isoformat(),
        "plan": _plan_fields(plan),
        "rows": [_row(row, tracking, plan.year) for row in tracking.rows],
        "progress": [_entry(e) for e in entries],
        "figures": out_figures,
    }


def _plan_fields(plan: PlanDoc) -> dict[str, Any]:
    data = asdict(plan)
    data["issue_date"] = plan.issue_date.isoformat() if plan.issue_date else None
    data["start"] = plan.start.isoformat() if plan.start else None  # a mid-year plan's first day
    data["legal_bases"] = list(plan.legal_bases)
    data["recipients"] = list(plan.recipients)
    return data


def _row(row, tracking: PlanTracking, year: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "uuid": row.uuid,
        "number": tracking.numbers.get(row.id, ""),
        "kind": row.kind.value,
        "parent_id": row.parent_id,
        "number_override": row.number_override,
        **{name: getattr(row, name) for name in ROW_TEXT},
        "due_override": [d.isoformat() for d in row.due_override] if row.due_override else None,
    }
    if row.kind is RowKind.AREA:
        out["occurrences"] = []
        return out
    reading = read_deadline(row.timeframe, year)
    out["timeframe_reading"] = {
        "dates": [d.isoformat() for d in reading.dates],
        "recurrence": asdict(reading.recurrence) if reading.recurrence else None,
        "continuous": reading.continuous,
        "unread": reading.unread,
    }
    tracked = tracking.tasks.get(row.id)
    if tracked is not None:
        out.update({
            "due_dates": [d.isoformat() for d in tracked.due.dates],
            "final_due": tracked.due.final.isoformat() if tracked.due.final else None,
            "periodic": tracked.due.periodic,
            "status": tracked.status.status.value,
            "status_label": TASK_STATUS_LABELS[tracked.status.status],
            "days_left": tracked.status.days_left,
            "completed_on": tracked.status.completed_on.isoformat() if tracked.status.completed_on else None,
        })
    own = tracking.row_status(row.id)
    if own is not None and tracked is None:  # a sub-row with a deadline of its own
        out.update({"status": own.status.value, "status_label": TASK_STATUS_LABELS[own.status],
                    "days_left": own.days_left})
    out["occurrences"] = [_occurrence(s) for s in own.occurrences] if own is not None else []
    return out


def _occurrence(state: OccurrenceState) -> dict[str, Any]:
    return {
        "due": state.due.isoformat(),
        "kind": state.kind.value,
        "status": state.status.value,
        "done_on": state.done_on.isoformat() if state.done_on else None,
    }


def _entry(entry: ProgressEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "row_id": entry.row_id,
        "date": entry.date.isoformat(),
        "status": entry.status,
        "status_label": LOG_STATUS_LABELS.get(LogStatus(entry.status), entry.status),
        "percent": entry.percent,
        "result": entry.result,
        "evidence": entry.evidence,
        "reason": entry.reason,
        "attachments": [{"file_name": a.file_name, "sha256": a.sha256, "size": a.size} for a in entry.attachments],
        "occurrence": entry.occurrence.isoformat() if entry.occurrence else None,
    }


def _counts(counts) -> dict[str, Any]:
    return {
        "total": counts.total,
        "done": counts.done,
        "percent_done": counts.percent_done,
        "by_status": {status.value: counts[status] for status in TASK_STATUS_LABELS},
    }
