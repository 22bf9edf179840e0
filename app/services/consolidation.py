"""Consolidation ("Tổng hợp") at the province: read many ward packages,
keep the latest per unit and period, and write the consolidated table.

The packages stay files (the officer keeps the folder the mail brought
them in); the data file keeps only the officer's list of expected units
and each period's deadline.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Sequence

from app.core.consolidation import Consolidation, ExpectedUnit, PeriodTable, Skipped, Submission, consolidate
from app.core.errors import InvalidInputError
from app.core.periods import Period, default_report_deadline
from app.core.text import clean_text
from app.io.submission_package import SUFFIX, PackageError, read_package
from app.io.submission_snapshot import submission_from_package

Progress = Callable[[int, int], None]
MAX_EXPECTED_UNITS = 2000


@dataclass(frozen=True)
class OpenedPackages:
    """What a set of files and folders gave: the readable packages and the
    files that were skipped (with the reason)."""

    submissions: tuple[Submission, ...]
    skipped: tuple[Skipped, ...]

    def plus(self, other: "OpenedPackages") -> "OpenedPackages":
        return OpenedPackages(self.submissions + other.submissions, self.skipped + other.skipped)


def package_files(inputs: Iterable[Path | str]) -> list[Path]:
    """Files named, and every ``.cchc`` file inside the folders named (all
    levels), in a stable order. A folder's other files (the mail's PDFs…)
    are not packages and are left alone; a file named on its own is tried
    whatever its name, so a foreign file is reported, not ignored."""
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = []
            for folder, _dirs, files in os.walk(path):
                found += [Path(folder) / f for f in files if f.lower().endswith(SUFFIX)]
            out += sorted(found)
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def open_packages(inputs: Iterable[Path | str], progress: Progress | None = None) -> OpenedPackages:
    """Read and check every package; a broken or foreign file is skipped
    with its reason, never fatal. ``progress(done, total)`` may raise to cancel."""
    files = package_files(inputs)
    submissions: list[Submission] = []
    skipped: list[Skipped] = []
    for done, path in enumerate(files, start=1):
        try:
            submissions.append(submission_from_package(read_package(path)))
        except PackageError as error:
            skipped.append(Skipped(str(path), str(error)))
        if progress is not None:
            progress(done, len(files))
    return OpenedPackages(tuple(submissions), tuple(skipped))


def deadline_key(period: Period, year: int) -> str:
    return f"{period.value}-{year}"


class ConsolidationService:
    def __init__(self, settings, guard=None):
        self.settings = settings
        self.guard = guard

    # -- the officer's list and deadlines ------------------------------------------

    def expected_units(self) -> list[ExpectedUnit]:
        return [ExpectedUnit(str(u.get("name", "")), str(u.get("code", "")))
                for u in self.settings.get("consolidation_expected_units") or [] if isinstance(u, dict)]

    def set_expected_units(self, units: Sequence[ExpectedUnit]) -> list[ExpectedUnit]:
        """Replace the list (one action); returns the previous one."""
        clean = check_expected_units(units)
        before = self.expected_units()
        self.settings.set("consolidation_expected_units", [{"name": u.name, "code": u.code} for u in clean])
        return before

    def deadline(self, period: Period, year: int) -> date:
        """The deadline the officer set for the period, else the usual day of its last month."""
        stored = (self.settings.get("consolidation_deadlines") or {}).get(deadline_key(period, year))
        if stored:
            try:
                return date.fromisoformat(stored)
            except ValueError:
                pass
        day = int(self.settings.get(f"report_deadline_day.{period.value}"))
        return default_report_deadline(period, year, day)

    def set_deadline(self, period: Period, year: int, value: date) -> date:
        before = self.deadline(period, year)
        stored = dict(self.settings.get("consolidation_deadlines") or {})
        stored[deadline_key(period, year)] = value.isoformat()
        self.settings.set("consolidation_deadlines", stored)
        return before

    # -- consolidating ---------------------------------------------------------------

    def consolidate(self, opened: OpenedPackages, expected: Sequence[ExpectedUnit] | None = None) -> Consolidation:
        """The tables of every period in ``opened`` against the expected
        units (the stored list by default) and the stored deadlines."""
        units = self.expected_units() if expected is None else list(expected)
        keys = {s.key for s in opened.submissions}
        deadlines = {key: self.deadline(*key) for key in keys}
        return consolidate(opened.submissions, units, deadlines, opened.skipped)

    def export_xlsx(self, tables: Sequence[PeriodTable], target: Path | str, replace_read_only: bool = False) -> Path:
        """The consolidated table of each period as a workbook in the appendix layout."""
        from app.io.consolidation_xlsx import write_consolidation_xlsx

        return write_consolidation_xlsx(list(tables), self._checked(target, replace_read_only))

    def export_pdf(self, tables: Sequence[PeriodTable], target: Path | str, replace_read_only: bool = False) -> Path:
        from app.io.consolidation_pdf import write_consolidation_pdf

        return write_consolidation_pdf(list(tables), self._checked(target, replace_read_only))

    def _checked(self, target: Path | str, replace_read_only: bool) -> Path:
        """Never over the data file (and a read-only file only when allowed)."""
        return self.guard.check(target, replace_read_only) if self.guard is not None else Path(target)


def check_expected_units(units: Sequence[ExpectedUnit]) -> list[ExpectedUnit]:
    """Names cleaned, empty lines dropped, one unit listed once."""
    from app.core.consolidation import name_key
    from app.services.submission import check_unit_code

    if len(units) > MAX_EXPECTED_UNITS:
        raise InvalidInputError(f"Danh sách quá dài ({len(units)} đơn vị; tối đa {MAX_EXPECTED_UNITS}).")
    out: list[ExpectedUnit] = []
    seen: set[str] = set()
    for unit in units:
        name = " ".join(clean_text(unit.name).split())
        code = check_unit_code(unit.code)
        if not name and not code:
            continue
        if len(name) > 200:
            raise InvalidInputError(f"Tên đơn vị quá dài: «{name[:40]}…».")
        key = code or name_key(name)
        if key in seen:
            raise InvalidInputError(f"Đơn vị «{name or code}» có hai lần trong danh sách.")
        seen.add(key)
        out.append(ExpectedUnit(name or code, code))
    return out


def read_expected_units(path: Path | str) -> list[ExpectedUnit]:
    """A list of units from a file: .txt/.csv (one unit a line: "mã; tên",
    "tên; mã" or just the name; tab, semicolon or comma between) or .xlsx
    (the first sheet, the same columns). A header line is skipped."""
    from app.io.unit_list import read_unit_list

    return check_expected_units([ExpectedUnit(name, code) for name, code in read_unit_list(Path(path))])
