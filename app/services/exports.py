"""Gathering a plan for its printed forms and writing them (Excel, PDF, Word)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from app.core.errors import InvalidInputError
from app.core.presets import FIELD_LABELS
from app.io.appendix_grid import AppendixExport, export_columns
from app.services.output_guard import OutputGuard
from app.services.plans import PlanService
from app.services.tracking import TrackingService

# openpyxl and reportlab are imported when an export runs, not when the
# program starts: together they cost the window a fifth of a second.


class ExportService:
    def __init__(self, plans: PlanService, tracking: TrackingService, guard: OutputGuard | None = None):
        self.plans = plans
        self.tracking = tracking
        self.guard = guard

    def _checked(self, target: Path | str, replace_read_only: bool) -> Path:
        """Never over the data file (and a read-only file only when allowed)."""
        return self.guard.check(target, replace_read_only) if self.guard is not None else Path(target)

    def appendix(self, plan_id: int, columns: Sequence[str] | None = None,
                 progress_as_of: date | None = None) -> AppendixExport:
        plan = self.plans.get(plan_id)
        if columns:
            unknown = [c for c in columns if c not in FIELD_LABELS]
            if unknown:
                raise InvalidInputError(
                    f"Cột không hợp lệ: {', '.join(unknown)} (dùng: {', '.join(FIELD_LABELS)}).")
        chosen = export_columns(plan, columns)
        if not chosen:
            raise InvalidInputError("Chưa chọn cột nào để xuất.")
        as_of = progress_as_of or min(date.today(), date(plan.year, 12, 31))
        tracking = self.tracking.track(plan_id, as_of)
        return AppendixExport(plan, tracking.rows, tracking.numbers, tracking, progress_as_of, chosen)

    def export_xlsx(self, plan_id: int, target: Path | str, columns: Sequence[str] | None = None,
                    progress_as_of: date | None = None,
                    progress: Callable[[int, int], None] | None = None, replace_read_only: bool = False) -> Path:
        """The appendix workbook; with ``progress_as_of`` also the "Tiến độ" sheet."""
        from app.io.xlsx_export import write_appendix_xlsx

        target = self._checked(target, replace_read_only)
        return write_appendix_xlsx(self.appendix(plan_id, columns, progress_as_of), target, progress)

    def export_plan_pdf(self, plan_id: int, target: Path | str, columns: Sequence[str] | None = None,
                        progress: Callable[[int], None] | None = None, document: bool = True,
                        appendix: bool = True, replace_read_only: bool = False) -> Path:
        """The plan PDF: the document (portrait) then its appendix (landscape)."""
        from app.io.pdf_plan import write_plan_pdf

        target = self._checked(target, replace_read_only)
        return write_plan_pdf(self.appendix(plan_id, columns), target, progress, document, appendix)

    def export_plan_docx(self, plan_id: int, target: Path | str, columns: Sequence[str] | None = None,
                         progress: Callable[[int, int], None] | None = None, document: bool = True,
                         appendix: bool = True, replace_read_only: bool = False) -> Path:
        """The plan as a Word document: what the PDF holds, for the last edits before signing."""
        from app.io.docx_export import write_plan_docx

        target = self._checked(target, replace_read_only)
        return write_plan_docx(self.appendix(plan_id, columns), target, progress, document, appendix)
