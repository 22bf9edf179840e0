"""The snapshot of a submission package: built on ``show --json``, read back
for consolidation.

The snapshot IS ``plan_to_json`` (what ``cchc show --json --as-of DAY``
prints for the same day) with three keys added: ``format``/``format_version``
and ``in_period`` — each task's status as the period's figures count it, the
period's missed due dates, and which progress entries fall in the period.
Building both from one function means the two cannot disagree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Sequence

from app.core.consolidation import Submission, SubmittedRow
from app.core.figures import StatusCounts
from app.core.model import PlanDoc, ProgressEntry
from app.core.periods import Period
from app.core.status import TASK_STATUS_LABELS, TaskStatus, in_period
from app.core.text import clean_text
from app.core.tracking import PlanTracking
from app.io.plan_json import plan_to_json
from app.io.submission_package import FORMAT_VERSION, Package, PackageError

if TYPE_CHECKING:
    from app.services.reports import ReportData

SNAPSHOT_FORMAT = "cchc-snapshot"
ADDED_KEYS = ("format", "format_version", "in_period")


def build_snapshot(plan: PlanDoc, tracking: PlanTracking, entries: Sequence[ProgressEntry], as_of: date,
                   period: "ReportData") -> dict[str, Any]:
    """``show --json`` for ``as_of`` with the figures of ``period``, plus the period's task statuses."""
    data = plan_to_json(plan, tracking, entries, as_of, period)
    start, end = period.window[0], min(period.window[1], period.as_of)
    tasks = []
    for task in period.tracking.tasks.values():
        missed = [s.due for s in task.status.missed if in_period(s, start, end)]
        tasks.append({
            "row_id": task.row.id,
            "uuid": task.row.uuid,
            "status": task.period_status.value,
            "status_label": TASK_STATUS_LABELS[task.period_status],
            "missed": [d.isoformat() for d in missed],
            "latest_entry_id": task.latest.id if task.latest else None,
        })
    progress = [e.id for e in entries if start <= e.date <= end]
    return {"format": SNAPSHOT_FORMAT, "format_version": FORMAT_VERSION, **data,
            "in_period": {"tasks": tasks, "progress": progress}}


def show_part(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot without its added keys: exactly ``show --json``."""
    return {k: v for k, v in snapshot.items() if k not in ADDED_KEYS}


# ---------------------------------------------------------------------------
# Reading a checked package into what consolidation needs


def submission_from_package(package: Package) -> Submission:
    """The consolidation's view of a package; PackageError (naming the
    field) when the manifest or the snapshot lacks what it needs."""
    manifest, snapshot = package.manifest, package.snapshot
    try:
        return _submission(package, manifest, snapshot)
    except _Missing as missing:
        raise PackageError(f"thiếu hoặc sai trường «{missing}» ({missing.where}).") from None


class _Missing(Exception):
    def __init__(self, name: str, where: str):
        super().__init__(name)
        self.where = where


def _get(data: Any, path: str, kind: type, where: str) -> Any:
    value = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise _Missing(path, where)
        value = value[part]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _Missing(path, where)
    return value


def _date(text: Any, path: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise _Missing(path, where) from None


def _created(text: Any) -> datetime:
    """The moment the package was made, in local time (naive) so packages
    from anywhere compare and print alike."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise _Missing("created_at", "manifest.json") from None
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _submission(package: Package, manifest: dict, snapshot: dict) -> Submission:
    m, s = "manifest.json", "snapshot.json"
    if snapshot.get("format") != SNAPSHOT_FORMAT:
        raise _Missing("format", s)
    period_text = _get(manifest, "period.period", str, m)
    try:
        period = Period(period_text)
    except ValueError:
        raise _Missing("period.period", m) from None
    year = _get(manifest, "period.year", int, m)
    window = _get(manifest, "period.window", list, m)
    if len(window) != 2:
        raise _Missing("period.window", m)
    as_of = _date(_get(manifest, "period.as_of", str, m), "period.as_of", m)
    figures_period = _get(snapshot, "figures.period", dict, s)
    if (figures_period.get("period"), figures_period.get("year"), figures_period.get("as_of")) != \
            (period.value, year, as_of.isoformat()):
        raise PackageError("kỳ báo cáo trong manifest.json và snapshot.json không khớp nhau.")
    by_status = _get(snapshot, "figures.total.by_status", dict, s)
    counts = {}
    for status in TaskStatus:
        value = by_status.get(status.value, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _Missing(f"figures.total.by_status.{status.value}", s)
        if value:
            counts[status] = value
    return Submission(
        file=str(package.path),
        file_sha256=package.file_sha256,
        package_id=_get(manifest, "package_id", str, m),
        created_at=_created(_get(manifest, "created_at", str, m)),
        unit_name=clean_text(_get(manifest, "unit.name", str, m)).strip(),
        unit_code=clean_text(_get(manifest, "unit.code", str, m)).strip(),
        plan_uuid=_get(manifest, "plan.uuid", str, m),
        plan_title=clean_text(_get(manifest, "plan.title", str, m)),
        period=period,
        year=year,
        window=(_date(window[0], "period.window", m), _date(window[1], "period.window", m)),
        as_of=as_of,
        counts=StatusCounts(counts),
        rows=_rows(snapshot),
    )


def _rows(snapshot: dict) -> tuple[SubmittedRow, ...]:
    s = "snapshot.json"
    rows = _get(snapshot, "rows", list, s)
    tasks = {t.get("row_id"): t for t in _get(snapshot, "in_period.tasks", list, s) if isinstance(t, dict)}
    results = {e.get("id"): e.get("result", "") for e in _get(snapshot, "progress", list, s) if isinstance(e, dict)}
    out = []
    for row in rows:
        if not isinstance(row, dict):
            raise _Missing("rows", s)
        task = tasks.get(row.get("id"))
        status = None
        missed: tuple[date, ...] = ()
        result = ""
        if task is not None:
            try:
                status = TaskStatus(task.get("status"))
            except ValueError:
                raise _Missing("in_period.tasks.status", s) from None
            missed = tuple(_date(d, "in_period.tasks.missed", s) for d in task.get("missed") or ())
            result = str(results.get(task.get("latest_entry_id")) or "")
        elif row.get("status"):  # a sub-row with a deadline of its own
            try:
                status = TaskStatus(row["status"])
            except ValueError:
                raise _Missing("rows.status", s) from None
        text = row.get("task") or row.get("activity") or ""
        out.append(SubmittedRow(
            kind=str(row.get("kind", "")), number=str(row.get("number") or ""), text=clean_text(str(text)),
            lead=clean_text(str(row.get("lead") or "")), timeframe=clean_text(str(row.get("timeframe") or "")),
            status=status, missed=missed, result=clean_text(result),
        ))
    return tuple(out)
