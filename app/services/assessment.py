"""The self-assessment of a plan's year: its criteria (built-in or the
province's table), their scores, the tasks and entries linked to them, the
evidence, and the three outputs (table .xlsx, PDF, evidence .zip).

Every public method is one user action and one transaction; changes return
what they replaced, so the window can undo them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Sequence

from sqlalchemy import delete, select

from app.core.assessment.criteria import Criterion, CriterionSpec, Method, builtin_criteria, check_specs, parse_scale
from app.core.assessment.evidence import EvidenceItem, Suggestion, document_number, entry_evidence, suggest
from app.core.assessment.scoring import AssessmentFacts, AssessmentResult, ReportRecord, score_all
from app.core.dates import short_date
from app.core.errors import InvalidInputError, NotFoundError
from app.core.model import PlanDoc, ReportDoc
from app.core.periods import PERIOD_LABELS, Period, data_window, default_report_deadline
from app.core.text import clean_text
from app.core.tree import numbers_for
from app.core.unit import UnitProfile
from app.models.database import Database
from app.models.schema import Criterion as CriterionRecord
from app.models.schema import CriterionLink
from app.services.plans import load_plan

EDITABLE = ("content", "max_points", "method", "scale", "deadline", "manual_score", "explanation", "evidence_note")
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Link:
    criterion_id: int
    row_id: int | None = None
    entry_id: int | None = None


@dataclass(frozen=True)
class AssessmentData:
    """Everything the screen and the outputs show, as of one date."""

    plan: PlanDoc
    profile: UnitProfile
    criteria: tuple[Criterion, ...]
    facts: AssessmentFacts
    result: AssessmentResult
    evidence: dict[int, tuple[EvidenceItem, ...]] = field(default_factory=dict)   # by criterion id
    links: dict[int, tuple[Link, ...]] = field(default_factory=dict)
    reports: tuple[ReportDoc, ...] = ()          # the plan's saved reports (their PDFs go in the zip)

    @property
    def as_of(self) -> date:
        return self.facts.as_of


def _to_criterion(record: CriterionRecord) -> Criterion:
    return Criterion(
        code=record.code, content=record.content, max_points=float(record.max_points), method=Method(record.method),
        scale=record.scale, deadline=record.deadline, id=record.id, plan_id=record.plan_id, position=record.position,
        manual_score=record.manual_score, explanation=record.explanation, evidence_note=record.evidence_note,
    )


def _record_values(spec: CriterionSpec) -> dict[str, Any]:
    return {"code": clean_text(spec.code).strip(), "content": clean_text(spec.content).strip(),
            "max_points": float(spec.max_points), "method": spec.method.value, "scale": clean_text(spec.scale).strip(),
            "deadline": spec.deadline}


class AssessmentService:
    def __init__(self, db: Database, plans, rows, progress, reports, settings, attachments, exports, guard=None):
        self.db, self.plans, self.rows, self.progress = db, plans, rows, progress
        self.reports, self.settings, self.attachments, self.exports = reports, settings, attachments, exports
        self.guard = guard  # where an output may not be written (the data file, the managed folders)

    def check_output(self, target: Path | str, replace_read_only: bool = False) -> Path:
        return self.guard.check(target, replace_read_only) if self.guard is not None else Path(target)

    # -- criteria ------------------------------------------------------------------------

    def criteria(self, plan_id: int) -> list[Criterion]:
        with self.db.session() as s:
            load_plan(s, plan_id)
            records = s.scalars(select(CriterionRecord).where(CriterionRecord.plan_id == plan_id)
                                .order_by(CriterionRecord.position, CriterionRecord.id))
            return [_to_criterion(r) for r in records]

    def ensure_criteria(self, plan_id: int) -> list[Criterion]:
        """The plan's criteria; the built-in set the first time."""
        existing = self.criteria(plan_id)
        if existing:
            return existing
        plan = self.plans.get(plan_id)
        self.replace_criteria(plan_id, builtin_criteria(plan.year, plan.start))
        return self.criteria(plan_id)

    def use_builtin(self, plan_id: int) -> "Snapshot":
        plan = self.plans.get(plan_id)
        return self.replace_criteria(plan_id, builtin_criteria(plan.year, plan.start))

    def import_criteria(self, plan_id: int, path: Path | str) -> tuple[int, "Snapshot"]:
        """The province's table in place of the plan's criteria; returns how
        many and what was replaced. A refused file changes nothing."""
        from app.io.criteria_xlsx import read_criteria

        reading = read_criteria(path)
        return len(reading.specs), self.replace_criteria(plan_id, reading.specs)

    def replace_criteria(self, plan_id: int, specs: Sequence[CriterionSpec]) -> "Snapshot":
        """Put ``specs`` in place of the plan's criteria, in one transaction.
        Work done on a code that stays (score by hand, explanation, documents,
        links) is kept; a plan-issue criterion without a deadline keeps the
        one it had. Returns the previous state (for undo)."""
        check_specs(specs)
        before = self.snapshot(plan_id)
        old = {c["code"]: c for c in before.criteria}
        old_links = {}
        for link in before.links:
            old_links.setdefault(link["code"], []).append(link)
        with self.db.session() as s:
            load_plan(s, plan_id)
            s.execute(delete(CriterionRecord).where(CriterionRecord.plan_id == plan_id))
            s.flush()
            for position, spec in enumerate(specs):
                values = _record_values(spec)
                kept = old.get(values["code"], {})
                if spec.method is Method.PLAN_ON_TIME and spec.deadline is None:
                    values["deadline"] = kept.get("deadline")
                record = CriterionRecord(plan_id=plan_id, position=position, manual_score=kept.get("manual_score"),
                                         explanation=kept.get("explanation", ""),
                                         evidence_note=kept.get("evidence_note", ""), **values)
                s.add(record)
                s.flush()
                for link in old_links.get(values["code"], ()):
                    s.add(CriterionLink(criterion_id=record.id, row_id=link["row_id"], entry_id=link["entry_id"]))
        return before

    def snapshot(self, plan_id: int) -> "Snapshot":
        with self.db.session() as s:
            load_plan(s, plan_id)
            records = s.scalars(select(CriterionRecord).where(CriterionRecord.plan_id == plan_id)
                                .order_by(CriterionRecord.position)).all()
            codes = {r.id: r.code for r in records}
            criteria = tuple({name: getattr(r, name) for name in ("code", "position", *EDITABLE)} for r in records)
            links = tuple({"code": codes[l.criterion_id], "row_id": l.row_id, "entry_id": l.entry_id}
                          for l in s.scalars(select(CriterionLink).where(CriterionLink.criterion_id.in_(codes))))
            return Snapshot(plan_id, criteria, links)

    def restore(self, snapshot: "Snapshot") -> None:
        """Bring back a state saved by ``snapshot`` (undo of an import)."""
        with self.db.session() as s:
            load_plan(s, snapshot.plan_id)
            s.execute(delete(CriterionRecord).where(CriterionRecord.plan_id == snapshot.plan_id))
            s.flush()
            ids = {}
            for values in snapshot.criteria:
                record = CriterionRecord(plan_id=snapshot.plan_id, **values)
                s.add(record)
                s.flush()
                ids[record.code] = record.id
            for link in snapshot.links:
                s.add(CriterionLink(criterion_id=ids[link["code"]], row_id=link["row_id"], entry_id=link["entry_id"]))

    def update(self, criterion_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Change a criterion (a score by hand, an explanation…); returns the
        previous values."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InvalidInputError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
        with self.db.session() as s:
            record = self._load(s, criterion_id)
            current = _to_criterion(record)
            old = {name: getattr(current, name) for name in changes}
            if "method" in old:
                old["method"] = current.method.value
            values = _clean(current, changes)
            merged = replace(current, **{k: (Method(v) if k == "method" else v) for k, v in values.items()})
            check_specs([merged])
            if merged.manual_score is not None and not 0 <= merged.manual_score <= merged.max_points + 1e-9:
                raise InvalidInputError(f"Điểm tự đánh giá của tiêu chí {merged.code} phải từ 0 đến "
                                        f"{merged.max_points:g}.")
            for name, value in values.items():
                setattr(record, name, value)
            return old

    @staticmethod
    def _load(session, criterion_id: int) -> CriterionRecord:
        record = session.get(CriterionRecord, criterion_id)
        if record is None:
            raise NotFoundError(f"Không có tiêu chí số {criterion_id}.")
        return record

    # -- links ---------------------------------------------------------------------------

    def links(self, plan_id: int) -> dict[int, tuple[Link, ...]]:
        with self.db.session() as s:
            query = (select(CriterionLink).join(CriterionRecord, CriterionRecord.id == CriterionLink.criterion_id)
                     .where(CriterionRecord.plan_id == plan_id).order_by(CriterionLink.id))
            out: dict[int, list[Link]] = {}
            for link in s.scalars(query):
                out.setdefault(link.criterion_id, []).append(Link(link.criterion_id, link.row_id, link.entry_id))
            return {k: tuple(v) for k, v in out.items()}

    def link(self, criterion_id: int, row_id: int | None = None, entry_id: int | None = None) -> bool:
        """The officer confirms a task or an entry as evidence; False when it was linked already."""
        if (row_id is None) == (entry_id is None):
            raise InvalidInputError("Chọn một nhiệm vụ hoặc một mục tiến độ để liên kết.")
        with self.db.session() as s:
            criterion = self._load(s, criterion_id)
            self._check_belongs(criterion.plan_id, row_id, entry_id)
            existing = s.scalar(_same_link(select(CriterionLink), criterion_id, row_id, entry_id))
            if existing is not None:
                return False
            s.add(CriterionLink(criterion_id=criterion_id, row_id=row_id, entry_id=entry_id))
            return True

    def unlink(self, criterion_id: int, row_id: int | None = None, entry_id: int | None = None) -> bool:
        with self.db.session() as s:
            query = _same_link(delete(CriterionLink), criterion_id, row_id, entry_id)
            return s.execute(query).rowcount > 0

    def _check_belongs(self, plan_id: int, row_id: int | None, entry_id: int | None) -> None:
        if row_id is not None and row_id not in {r.id for r in self.rows.list(plan_id)}:
            raise NotFoundError(f"Không có nhiệm vụ số {row_id} trong kế hoạch này.")
        if entry_id is not None and entry_id not in {e.id for e in self.progress.list(plan_id)}:
            raise NotFoundError(f"Không có mục tiến độ số {entry_id} trong kế hoạch này.")

    def suggestions(self, plan_id: int, criterion_id: int) -> list[Suggestion]:
        """Tasks and entries that may speak for the criterion (not yet linked)."""
        criteria = self.criteria(plan_id)
        criterion = next((c for c in criteria if c.id == criterion_id), None)
        if criterion is None:
            raise NotFoundError(f"Không có tiêu chí số {criterion_id} trong kế hoạch này.")
        from app.core.assessment.criteria import parents

        ups = parents([c.code for c in criteria])
        index = criteria.index(criterion)
        group = criteria[ups[index]].content if ups[index] is not None else ""
        linked = self.links(plan_id).get(criterion_id, ())
        return suggest(criterion, group, self.rows.list(plan_id), self.progress.list(plan_id),
                       [l.row_id for l in linked if l.row_id], [l.entry_id for l in linked if l.entry_id])

    # -- the figures -------------------------------------------------------------------

    def default_as_of(self, plan: PlanDoc, today: date | None = None) -> date:
        """The year's cut-off (14/12), or today while the year runs."""
        cut_off = data_window(Period.YEAR, plan.year, self.settings.window_rule())[1]
        return min(today or date.today(), cut_off)

    def owed_reports(self, plan: PlanDoc, as_of: date, saved: Sequence[ReportDoc]) -> tuple[ReportRecord, ...]:
        """The plan year's periodic reports whose deadline has come by ``as_of``."""
        out = []
        for period in self.reports.due_periods(plan.id):
            day = int(self.settings.get(f"report_deadline_day.{period.value}"))
            deadline = default_report_deadline(period, plan.year, day)
            if deadline > as_of:
                continue
            report = next((r for r in saved if r.period == period.value and r.year == plan.year), None)
            if report is None:
                out.append(ReportRecord(period, plan.year, deadline))
            else:
                number = f"{report.number.strip()}/{report.symbol}" if report.number.strip() else ""
                out.append(ReportRecord(period, plan.year, deadline, True, number, report.issue_date, report.sent_on))
        return tuple(out)

    def facts(self, plan: PlanDoc, as_of: date, saved: Sequence[ReportDoc]) -> AssessmentFacts:
        total = self.reports.figures_for(plan.id, Period.YEAR.value, plan.year, as_of).figures.total
        number = f"{plan.number.strip()}/{plan.symbol}" if plan.number.strip() else ""
        return AssessmentFacts(as_of, number, plan.issue_date, total.total, total.done, total.percent_done,
                               self.owed_reports(plan, as_of, saved))

    def data(self, plan_id: int, as_of: date | None = None) -> AssessmentData:
        """Criteria, scores and evidence as of ``as_of`` (the year's cut-off by default)."""
        from app.services.unit_profile import UnitProfileService

        plan = self.plans.get(plan_id)
        criteria = tuple(self.ensure_criteria(plan_id))
        as_of = as_of or self.default_as_of(plan)
        saved = tuple(self.reports.list(plan_id))
        facts = self.facts(plan, as_of, saved)
        result = score_all(criteria, facts)
        links = self.links(plan_id)
        rows = self.rows.list(plan_id)
        entries = self.progress.list(plan_id)
        numbers = numbers_for(rows)
        by_id = {r.id: r for r in rows}
        profile = UnitProfileService(self.settings).profile()
        evidence = {}
        for criterion in criteria:
            linked = links.get(criterion.id, ())
            items = _computed_evidence(criterion, plan, facts, saved)
            items += entry_evidence(entries, numbers, by_id, [l.row_id for l in linked if l.row_id],
                                    [l.entry_id for l in linked if l.entry_id])
            items += [EvidenceItem(line, document_number(line), source="ghi thêm")
                      for line in (l.strip(" -") for l in criterion.evidence_note.splitlines()) if line]
            evidence[criterion.id] = tuple(items)
        return AssessmentData(plan, profile, criteria, facts, result, evidence, links, saved)

    # -- outputs -------------------------------------------------------------------------

    def export_xlsx(self, plan_id: int, target: Path | str, as_of: date | None = None,
                    replace_read_only: bool = False) -> Path:
        from app.io.assessment_xlsx import write_assessment_xlsx

        target = self.check_output(target, replace_read_only)
        return write_assessment_xlsx(self.data(plan_id, as_of), target)

    def export_pdf(self, plan_id: int, target: Path | str, as_of: date | None = None,
                   progress: Callable[[int], None] | None = None, replace_read_only: bool = False) -> Path:
        from app.io.assessment_pdf import write_assessment_pdf

        target = self.check_output(target, replace_read_only)
        return write_assessment_pdf(self.data(plan_id, as_of), target, progress)

    def export_evidence(self, plan_id: int, target: Path | str, as_of: date | None = None,
                        progress: Callable[[int, int], None] | None = None, replace_read_only: bool = False) -> Path:
        """The evidence folder as a .zip: one folder per criterion code, each
        file named by its document number; each attachment once per criterion."""
        from app.services.evidence_package import write_evidence_package

        target = self.check_output(target, replace_read_only)
        return write_evidence_package(self, self.data(plan_id, as_of), target, progress)


def _same_link(query, criterion_id: int, row_id: int | None, entry_id: int | None):
    query = query.where(CriterionLink.criterion_id == criterion_id)
    query = query.where(CriterionLink.row_id == row_id if row_id is not None else CriterionLink.row_id.is_(None))
    return query.where(CriterionLink.entry_id == entry_id if entry_id is not None else CriterionLink.entry_id.is_(None))


@dataclass(frozen=True)
class Snapshot:
    """The criteria of a plan and their links, to put back (undo)."""

    plan_id: int
    criteria: tuple[dict, ...]
    links: tuple[dict, ...]


def _clean(current: Criterion, changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("content", "scale", "explanation", "evidence_note"):
            value = clean_text(str(value or "")).strip()
            if len(value) > MAX_TEXT:
                raise InvalidInputError(f"Nội dung quá dài ({len(value)} ký tự; tối đa {MAX_TEXT}).")
            if name == "scale":
                try:
                    parse_scale(value)
                except InvalidInputError as error:
                    raise InvalidInputError(f"Tiêu chí {current.code}: {error}.") from None
        elif name == "method":
            value = Method(value).value if not isinstance(value, Method) else value.value
        elif name in ("max_points", "manual_score"):
            if value is not None:
                try:
                    value = round(float(str(value).replace(",", ".")), 2)
                except ValueError:
                    raise InvalidInputError(f"Điểm «{value}» không phải là số.") from None
            elif name == "max_points":
                raise InvalidInputError("Điểm tối đa không được để trống.")
        elif name == "deadline":
            if value is not None and not isinstance(value, date):
                raise InvalidInputError("Hạn ban hành không hợp lệ.")
        out[name] = value
    return out


def _computed_evidence(criterion: Criterion, plan: PlanDoc, facts: AssessmentFacts,
                       saved: Sequence[ReportDoc]) -> list[EvidenceItem]:
    """The plan and the reports, for the criteria computed from them."""
    items: list[EvidenceItem] = []
    if criterion.method in (Method.PLAN_ON_TIME, Method.COMPLETION):
        items.append(plan_evidence(plan))
    if criterion.method is Method.COMPLETION:
        year_report = next((r for r in saved if r.period == Period.YEAR.value and r.year == plan.year), None)
        if year_report is not None:
            items.append(report_evidence(year_report))
    if criterion.method is Method.REPORTS_ON_TIME:
        owed = {(r.period.value, r.year) for r in facts.reports}
        items += [report_evidence(r) for r in saved if (r.period, r.year) in owed]
    return items


def plan_evidence(plan: PlanDoc) -> EvidenceItem:
    number = f"{plan.number.strip()}/{plan.symbol}" if plan.number.strip() else ""
    when = f" ngày {short_date(plan.issue_date)}" if plan.issue_date else ""
    label = f"Kế hoạch số {number}{when}" if number else f"Kế hoạch (dự thảo, chưa có số){when}"
    if plan.title:
        label += f" về {plan.title[:1].lower()}{plan.title[1:]}"
    return EvidenceItem(label, number, plan.issue_date, "kế hoạch", makes="plan")


def report_evidence(report: ReportDoc) -> EvidenceItem:
    number = f"{report.number.strip()}/{report.symbol}" if report.number.strip() else ""
    period = PERIOD_LABELS[Period(report.period)]
    when = f" ngày {short_date(report.issue_date)}" if report.issue_date else ""
    sent = f", gửi ngày {short_date(report.sent_on)}" if report.sent_on else ""
    name = f"Báo cáo số {number}{when}" if number else "Báo cáo (dự thảo, chưa có số)"
    return EvidenceItem(f"{name} kết quả CCHC {period} {report.year}{sent}", number, report.issue_date,
                        f"báo cáo {period}", makes=f"report:{report.id}")
