"""The submission package of a plan for one report period (``.cchc``):
``cchc package`` and the "Gửi lên tỉnh" dialog make it, the province's
"Tổng hợp" reads it (``app.services.consolidation``)."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from app import APP_DISPLAY_NAME, __version__
from app.core.dates import short_date
from app.core.file_names import document_file_name
from app.core.names import body_name
from app.core.errors import InvalidInputError
from app.core.model import PlanDoc, ReportDoc
from app.core.periods import Period, parse_period, plan_period
from app.core.text import clean_text
from app.io.submission_package import SUFFIX, Document, write_package
from app.io.submission_snapshot import build_snapshot
from app.services.plans import check_year
from app.services.reports import check_period_after_start, plan_window
from app.models.database import SCHEMA_HEAD

APPENDIX_NAME = "phu-luc.xlsx"
REPORT_NAME = "bao-cao.pdf"


@dataclass(frozen=True)
class UnitIdentity:
    """Who sends: the unit's name as a sentence writes it ("phường Sông Cầu")
    and its administrative code ("" when the officer has not given it)."""

    name: str
    code: str


@dataclass(frozen=True)
class PackagePeriod:
    period: Period
    year: int
    window: tuple[date, date]
    as_of: date
    report: ReportDoc | None  # the saved report of the period, if any


@dataclass(frozen=True)
class PackageResult:
    path: Path
    package_id: str
    unit: UnitIdentity
    period: Period
    year: int
    as_of: date
    report_id: int


def unit_identity(settings, plan: PlanDoc) -> UnitIdentity:
    """THE unit a package is sent for: the unit of Thiết lập › Đơn vị
    ("phường Hồng Hải", as every document names it), else the unit line of
    the plan's issuing body; the code from the settings."""
    from app.services.unit_profile import UnitProfileService

    name = UnitProfileService(settings).profile().unit
    if not name:
        # "ỦY BAN NHÂN DÂN\nPHƯỜNG SÔNG CẦU" → "phường Sông Cầu" (nothing for the organ alone).
        name = body_name(plan.issuing_body).unit
    return UnitIdentity(name, clean_text(settings.get("unit_code") or "").strip())


def check_unit_code(code: str) -> str:
    """Mã đơn vị hành chính: digits (5 for a xã/phường), as the province's list writes it."""
    code = clean_text(code).strip()
    if code and (not code.isdigit() or len(code) > 10):
        raise InvalidInputError(f"Mã đơn vị không hợp lệ: «{code}» (chỉ gồm chữ số, ví dụ 22345).")
    return code


class SubmissionService:
    def __init__(self, plans, tracking, progress, reports, exports, settings, guard=None):
        self.plans, self.tracking, self.progress = plans, tracking, progress
        self.reports, self.exports, self.settings, self.guard = reports, exports, settings, guard

    def unit(self, plan_id: int) -> UnitIdentity:
        return unit_identity(self.settings, self.plans.get(plan_id))

    def set_unit_code(self, code: str) -> str:
        """Store the unit's code; returns the previous one."""
        return self.settings.set("unit_code", check_unit_code(code))

    def set_unit_name(self, name: str) -> str:
        """Store the unit's name ("phường Sông Cầu"); returns the previous one."""
        name = " ".join(clean_text(name).split())
        if len(name) > 200:
            raise InvalidInputError(f"Tên đơn vị quá dài ({len(name)} ký tự; tối đa 200).")
        return self.settings.set("unit_name", name)

    def period_of(self, plan_id: int, period: str | Period | None = None, year: int | None = None,
                  as_of: date | None = None, report_id: int | None = None) -> PackagePeriod:
        """The period a package is for and the day its figures are taken:
        a chosen report's period, else ``period`` (else the one holding
        today); by default as of the saved report's day, else today, never
        past the period's closing day. A day outside the period is refused."""
        plan = self.plans.get(plan_id)
        rule = self.settings.window_rule()
        report = self.reports.get(report_id) if report_id else None
        if report is not None:
            if report.plan_id != plan_id:
                raise InvalidInputError(f"Báo cáo số {report_id} không thuộc kế hoạch {plan_id}.")
            chosen, year = Period(report.period), report.year
        else:
            if period is None:
                chosen, year = plan_period(min(date.today(), date(plan.year, 12, 31)), plan.year, rule)
            else:
                chosen = period if isinstance(period, Period) else _parse(period)
                year = check_year(year) if year else plan.year
            report = self.reports.find(plan_id, chosen.value, year)
        # A plan carried out from mid-year counts from its start, as its report does.
        check_period_after_start(plan, chosen, year, rule)
        window = plan_window(plan, chosen, year, rule)
        if as_of is None:
            as_of = min((report.as_of if report is not None and report.as_of else None) or date.today(), window[1])
            as_of = max(as_of, window[0])
        elif not window[0] <= as_of <= window[1]:
            raise InvalidInputError(
                f"Ngày tính số liệu {short_date(as_of)} nằm ngoài kỳ {_label(chosen, year)} "
                f"({short_date(window[0])}–{short_date(window[1])}).")
        return PackagePeriod(chosen, year, window, as_of, report)

    def file_name(self, plan_id: int, period: Period, year: int, keep_vietnamese: bool = False) -> str:
        """"BC-CCHC-Quy-I-2025-Phuong-Song-Cau.cchc": the period's report's name, for the unit that sends it."""
        plan = self.plans.get(plan_id)
        unit = unit_identity(self.settings, plan).name
        report = document_file_name("report-pdf", plan.kind, plan.year, unit or plan.issuing_body, period.value, year,
                                    keep_vietnamese)
        return report.removesuffix(".pdf") + SUFFIX

    def build(self, plan_id: int, target: Path | str, period: str | Period | None = None, year: int | None = None,
              as_of: date | None = None, report_id: int | None = None,
              progress: Callable[[int, int], None] | None = None, replace_read_only: bool = False) -> PackageResult:
        """Write the package of ``plan_id`` for a period to ``target``. The
        period's report is the saved one (made now, as ``cchc report``
        does, when there is none), printed as of the package's day."""
        if Path(target).suffix.lower() != SUFFIX:  # the province finds packages in a folder by it
            raise InvalidInputError(f"Tên tệp gói nộp báo cáo phải có đuôi {SUFFIX}: «{target}».")
        if self.guard is not None:
            target = self.guard.check(target, replace_read_only)
        target = Path(target)
        chosen = self.period_of(plan_id, period, year, as_of, report_id)
        plan = self.plans.get(plan_id)
        unit = unit_identity(self.settings, plan)
        if not unit.name:
            raise InvalidInputError("Chưa có tên đơn vị để ghi vào gói: hãy nhập tên đơn vị (ví dụ «phường Sông Cầu») "
                                    "trong Thiết lập hoặc trong hộp thoại Gửi lên tỉnh (dòng lệnh: --unit-name).")
        step = progress or (lambda done, total: None)
        tracking = self.tracking.track(plan_id, chosen.as_of)
        entries = self.progress.list(plan_id)
        period_data = self.reports.figures_for(plan_id, chosen.period.value, chosen.year, chosen.as_of)
        snapshot = build_snapshot(plan, tracking, entries, chosen.as_of, period_data)
        step(1, 4)
        report = chosen.report or self.reports.create(plan_id, chosen.period.value, chosen.year, as_of)
        work = Path(tempfile.mkdtemp(prefix="cchc-goi-"))
        try:
            appendix = self.exports.export_xlsx(plan_id, work / APPENDIX_NAME, progress_as_of=chosen.as_of)
            step(2, 4)
            report_pdf = self.reports.export_pdf(report.id, work / REPORT_NAME, as_of=chosen.as_of)
            step(3, 4)
            package_id = str(uuid.uuid4())
            manifest = {
                "package_id": package_id,
                "created_at": datetime.now().astimezone().isoformat(timespec="milliseconds"),
                "program": {"name": APP_DISPLAY_NAME, "version": __version__},
                "data_schema": SCHEMA_HEAD,
                "unit": {"name": unit.name, "code": unit.code},
                "plan": {"uuid": plan.uuid, "id": plan.id, "kind": plan.kind, "year": plan.year,
                         "number": plan.number, "symbol": plan.symbol, "title": plan.title},
                "period": {"period": chosen.period.value, "label": _label(chosen.period, chosen.year),
                           "year": chosen.year, "window": [d.isoformat() for d in chosen.window],
                           "as_of": chosen.as_of.isoformat(), "report_id": report.id},
            }
            documents = [Document(appendix, APPENDIX_NAME, "appendix-xlsx"),
                         Document(report_pdf, REPORT_NAME, "report-pdf")]
            write_package(target, manifest, snapshot, documents)
            step(4, 4)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return PackageResult(target, package_id, unit, chosen.period, chosen.year, chosen.as_of, report.id)


def _parse(text: str) -> Period:
    try:
        return parse_period(text)
    except ValueError:
        raise InvalidInputError(f"Kỳ báo cáo không hợp lệ: «{text}» (dùng: q1, h1, q3, year).") from None


def _label(period: Period, year: int) -> str:
    from app.core.consolidation import period_label

    return period_label(period, year)
