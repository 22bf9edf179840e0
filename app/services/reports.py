"""Periodic reports: saved per plan and period, their figures from the log
over the period's data window, and their PDF."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from sqlalchemy import select

from app.core.documents import long_date_or_blanks
from app.core.names import body_name
from app.core.errors import InvalidInputError, NotFoundError
from app.core.figures import Figures
from app.core.model import REPORT_EDITABLE_FIELDS, PlanDoc, ProgressEntry, ReportDoc
from app.core.dates import short_date
from app.core.periods import Period, WindowRule, data_window, parse_period, period_title
from app.core.report_text import TEXT_KEYS, default_texts
from app.core.text import clean_text
from app.core.tracking import PlanTracking, track_plan

if TYPE_CHECKING:
    from app.core.overview import Overview
    from app.services.output_guard import OutputGuard
from app.models.database import Database
from app.models.schema import Report
from app.services.plans import PlanService, check_year, load_plan
from app.services.progress import ProgressService
from app.services.rows import RowService
from app.services.settings import SettingsService


@dataclass(frozen=True)
class ReportData:
    """Everything the report PDF (and the overview) shows."""

    plan: PlanDoc
    report: ReportDoc
    period: Period
    window: tuple[date, date]
    as_of: date
    tracking: PlanTracking
    figures: Figures
    entries: tuple[ProgressEntry, ...] = ()     # the plan's log (reasons for the report's lists)
    suggested: dict[str, str] = field(default_factory=dict)  # the texts the figures give (default_texts)


def _to_doc(record: Report) -> ReportDoc:
    return ReportDoc(
        id=record.id, plan_id=record.plan_id, period=record.period, year=record.year, as_of=record.as_of,
        number=record.number, symbol=record.symbol, issue_day=record.issue_day, issue_month=record.issue_month,
        issue_year=record.issue_year, addressees=tuple(record.addressees or ()), texts=dict(record.texts or {}),
        recipients=tuple(record.recipients or ()), sent_on=record.sent_on,
    )


def plan_window(plan: PlanDoc, period: Period, year: int, rule: WindowRule) -> tuple[date, date]:
    """The period's data window, starting no earlier than the plan itself."""
    start, end = data_window(period, year, rule)
    if plan.start is not None and plan.start > start:
        start = min(plan.start, end)
    return start, end


def check_period_after_start(plan: PlanDoc, period: Period, year: int, rule: WindowRule) -> None:
    """A mid-year plan reports from the first period its start falls in."""
    end = data_window(period, year, rule)[1]
    if plan.start is not None and end < plan.start:
        raise InvalidInputError(
            f"Kế hoạch thực hiện từ ngày {short_date(plan.start)}: kỳ báo cáo {period_title(period, year)} "
            f"(số liệu đến ngày {short_date(end)}) kết thúc trước ngày đó.")


def _period(value: str) -> Period:
    try:
        return parse_period(value)
    except ValueError:
        raise InvalidInputError(f"Kỳ báo cáo không hợp lệ: «{value}» (dùng: q1, h1, q3, year).") from None


class ReportService:
    def __init__(self, db: Database, plans: PlanService, rows: RowService, progress: ProgressService,
                 settings: SettingsService, guard: "OutputGuard | None" = None):
        self.db, self.plans, self.rows, self.progress, self.settings = db, plans, rows, progress, settings
        self.guard = guard  # where a report PDF may not be written (the data file…)

    # -- saved reports -------------------------------------------------------

    def list(self, plan_id: int) -> list[ReportDoc]:
        with self.db.reading() as s:
            load_plan(s, plan_id)
            records = s.scalars(select(Report).where(Report.plan_id == plan_id).order_by(Report.year, Report.id))
            return [_to_doc(r) for r in records]

    def get(self, report_id: int) -> ReportDoc:
        with self.db.reading() as s:
            record = s.get(Report, report_id)
            if record is None:
                raise NotFoundError(f"Không có báo cáo số {report_id}.")
            return _to_doc(record)

    def find(self, plan_id: int, period: str, year: int) -> ReportDoc | None:
        value = _period(period).value
        return next((r for r in self.list(plan_id) if r.period == value and r.year == year), None)

    def create(self, plan_id: int, period: str, year: int | None = None, as_of: date | None = None) -> ReportDoc:
        """A new report for a period, its texts prefilled from the figures."""
        return self._insert(self._draft(plan_id, period, year, as_of))

    def _draft(self, plan_id: int, period: str, year: int | None, as_of: date | None) -> ReportDoc:
        """A new report as it would be saved (id 0): number blank, texts from the figures."""
        from app.services.unit_profile import UnitProfileService

        plan = self.plans.get(plan_id)
        value = _period(period)
        year = check_year(year or plan.year)
        check_period_after_start(plan, value, year, self.settings.window_rule())
        # Kính gửi and Nơi nhận name the province and its Sở Nội vụ (the unit's settings).
        profile = UnitProfileService(self.settings).profile()
        draft = ReportDoc(0, plan_id, value.value, year, as_of, symbol="BC-UBND", issue_year=year,
                          recipients=tuple(clean_text(r) for r in profile.report_recipients()))
        addressees = tuple(clean_text(a) for a in profile.report_addressees())
        return replace(draft, addressees=addressees, texts=self._data(plan, draft).suggested)

    def _insert(self, draft: ReportDoc) -> ReportDoc:
        with self.db.session() as s:
            record = Report(
                plan_id=draft.plan_id, period=draft.period, year=draft.year, as_of=draft.as_of, number=draft.number,
                symbol=draft.symbol, issue_year=draft.issue_year, addressees=list(draft.addressees),
                texts=dict(draft.texts), recipients=list(draft.recipients),
            )
            s.add(record)
            s.flush()
            return _to_doc(record)

    def export_period(self, plan_id: int, period: str, year: int | None, as_of: date | None,
                      target: Path | str, kind: str = "pdf") -> tuple[ReportDoc, Path]:
        """The report of a period as a PDF, or a Word file when ``kind`` is
        "docx" (``cchc report``): the saved one (with ``as_of`` when given) or
        a new one. A new report, or a changed date, is saved only once its
        file is written."""
        if kind == "docx":
            from app.io.docx_export import write_report_docx as write
        else:
            from app.io.pdf_report import write_report_pdf as write

        if self.guard is not None:
            target = self.guard.check(target)
        plan = self.plans.get(plan_id)
        year = check_year(year or plan.year)
        saved = self.find(plan_id, period, year)
        report = saved or self._draft(plan_id, period, year, as_of)
        if saved is not None and as_of and as_of != saved.as_of:
            report = replace(saved, as_of=as_of)
        path = write(self._data(plan, report), target)
        if saved is None:
            report = self._insert(report)
        elif report.as_of != saved.as_of:
            self.update(saved.id, {"as_of": report.as_of})
        return report, path

    def update(self, report_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        unknown = set(changes) - set(REPORT_EDITABLE_FIELDS)
        if unknown:
            raise InvalidInputError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
        with self.db.session() as s:
            record = s.get(Report, report_id)
            if record is None:
                raise NotFoundError(f"Không có báo cáo số {report_id}.")
            old = {name: getattr(_to_doc(record), name) for name in changes}
            for name, value in changes.items():
                if name in ("sent_on", "as_of") and value is not None and not isinstance(value, date):
                    raise InvalidInputError("Ngày không hợp lệ.")
                if name == "period":
                    value = _period(value).value
                elif name == "texts":
                    value = {k: clean_text(str(v)) for k, v in dict(value).items() if k in TEXT_KEYS}
                elif name in ("addressees", "recipients"):
                    value = [clean_text(v) for v in value]
                elif isinstance(value, str):
                    value = clean_text(value)
                setattr(record, name, value)
            return old

    def delete(self, report_id: int) -> None:
        with self.db.session() as s:
            record = s.get(Report, report_id)
            if record is not None:
                s.delete(record)

    # -- figures ---------------------------------------------------------------

    def data(self, report_id: int, as_of: date | None = None) -> ReportData:
        """The report's figures; ``as_of``: as of that day instead of the
        report's own (a submission package made before the period closes)."""
        report = self.get(report_id)
        if as_of is not None:
            report = replace(report, as_of=as_of)
        return self._data(self.plans.get(report.plan_id), report)

    def figures_for(self, plan_id: int, period: str, year: int | None = None, as_of: date | None = None) -> ReportData:
        """Figures of a period without a saved report (``period_data`` uses them)."""
        plan = self.plans.get(plan_id)
        return self._data(plan, ReportDoc(0, plan_id, _period(period).value, year or plan.year, as_of))

    def _data(self, plan: PlanDoc, report: ReportDoc) -> ReportData:
        period = _period(report.period)
        rule = self.settings.window_rule()
        window = plan_window(plan, period, report.year, rule)
        as_of = min(report.as_of or window[1], window[1])
        entries = tuple(self.progress.list(plan.id))
        tracking = track_plan(plan.year, self.rows.list(plan.id), entries, as_of,
                              window_start=window[0], rule=rule, window_end=window[1], start=plan.start)
        figures = tracking.figures()
        suggested = default_texts(body_name(plan.issuing_body).in_sentence, self._plan_reference(plan), period,
                                  report.year, figures, as_of)
        return ReportData(plan, report, period, window, as_of, tracking, figures, entries, suggested)

    def suggested_texts(self, report_id: int) -> dict[str, str]:
        """The texts the current figures give (the window's "Gợi ý lại nội dung")."""
        return self.data(report_id).suggested

    def period_data(self, plan_id: int, as_of: date | None = None) -> ReportData:
        """The figures of the report period that holds ``as_of`` (today), as
        that period's report gives them: the overview and ``show --json``
        show these, so the three never disagree for the same date."""
        from app.core.periods import plan_period

        plan = self.plans.get(plan_id)
        # A past year's plan is seen as of its last day, in its year report;
        # a plan that has not started yet, in the period of its first day.
        as_of = min(as_of or date.today(), date(plan.year, 12, 31))
        if plan.start and as_of < plan.start:
            as_of = plan.start
        period, year = plan_period(as_of, plan.year, self.settings.window_rule())
        return self.figures_for(plan_id, period.value, year, as_of)

    def overview(self, plan_id: int, as_of: date | None = None) -> "Overview":
        """The period's figures with the lists that need attention, worked out
        as the window's plan state does (``app.core.overview.plan_overview``)."""
        from app.core.overview import plan_overview

        plan = self.plans.get(plan_id)
        rows, entries, rule = self.rows.list(plan_id), self.progress.list(plan_id), self.settings.window_rule()

        def track(counted_to: date, window: tuple[date, date]) -> PlanTracking:
            return track_plan(plan.year, rows, entries, counted_to, window_start=window[0], rule=rule,
                              window_end=window[1], start=plan.start)

        return plan_overview(plan.year, track, as_of or date.today(), rule, self.settings.report_deadline_days(),
                             plan.start)

    def due_periods(self, plan_id: int) -> list[Period]:
        """The report periods of a plan's year (those ending before a mid-year
        plan starts are not owed)."""
        plan = self.plans.get(plan_id)
        rule = self.settings.window_rule()
        return [p for p in Period if plan.start is None or data_window(p, plan.year, rule)[1] >= plan.start]

    @staticmethod
    def _plan_reference(plan: PlanDoc) -> str:
        """"Kế hoạch số 01/KH-UBND ngày 05 tháng 3 năm 2023 của Ủy ban nhân dân phường Sông Cầu"."""
        number = plan.number.strip() or "     "
        when = long_date_or_blanks(plan.issue_day, plan.issue_month, plan.issue_year or plan.year)
        body = body_name(plan.issuing_body).in_sentence
        of_body = f" của {body}" if body else ""
        words = " ".join(plan.title.split())
        if words[1:2].islower():  # "Thực hiện …" → "về thực hiện …", but "CCHC …" stays
            words = words[:1].lower() + words[1:]
        about = f" về {words}" if words else ""
        return f"Kế hoạch số {number}/{plan.symbol} {when}{of_body}{about}"

    def export_pdf(self, report_id: int, target: Path | str, progress: Callable[[int], None] | None = None,
                   replace_read_only: bool = False, as_of: date | None = None) -> Path:
        from app.io.pdf_report import write_report_pdf

        if self.guard is not None:
            target = self.guard.check(target, replace_read_only)
        return write_report_pdf(self.data(report_id, as_of), target, progress)

    def export_docx(self, report_id: int, target: Path | str, progress: Callable[[int, int], None] | None = None,
                    replace_read_only: bool = False) -> Path:
        """The report as a Word document: what its PDF holds, to edit before signing."""
        from app.io.docx_export import write_report_docx

        if self.guard is not None:
            target = self.guard.check(target, replace_read_only)
        return write_report_docx(self.data(report_id), target, progress)
