"""Scoring the self-assessment: computed criteria from the plan's data,
the others from the officer's hand, groups as the sum of their parts.

The completion rate is the year report's own figure (``Figures``), so the
self-assessment, the year report and the overview never disagree; reports
are judged from their records: issued (number and date), and sent by the
deadline of their period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from app.core.assessment.criteria import METHOD_LABELS, Criterion, Method, format_points, parents, parse_scale
from app.core.dates import short_date
from app.core.figures import format_percent
from app.core.periods import PERIOD_LABELS, Period


@dataclass(frozen=True)
class ReportRecord:
    """A periodic report owed by the assessment's date, as the log of
    reports holds it (``number`` "" and no dates when none was made)."""

    period: Period
    year: int
    deadline: date
    made: bool = False
    number: str = ""            # "12/BC-UBND"
    issued: date | None = None
    sent_on: date | None = None

    @property
    def complete(self) -> bool:
        """Issued as a document: it has a number and a date."""
        return self.made and bool(self.number.split("/")[0].strip()) and self.issued is not None

    @property
    def on_time(self) -> bool:
        return self.sent_on is not None and self.sent_on <= self.deadline

    def describe(self) -> str:
        name = f"Báo cáo {PERIOD_LABELS[self.period]} {self.year}"
        if not self.made:
            return f"{name}: chưa lập (hạn gửi {short_date(self.deadline)})"
        number = f" số {self.number}" if self.complete else " (chưa có số, ngày)"
        if self.sent_on is None:
            return f"{name}{number}: chưa ghi ngày gửi (hạn {short_date(self.deadline)})"
        when = "đúng hạn" if self.on_time else "trễ hạn"
        return f"{name}{number}: gửi ngày {short_date(self.sent_on)}, {when} (hạn {short_date(self.deadline)})"


@dataclass(frozen=True)
class AssessmentFacts:
    """What the computed criteria read, gathered by the service."""

    as_of: date
    plan_number: str = ""           # "01/KH-UBND" ("" while a draft)
    plan_issued: date | None = None
    tasks_total: int = 0
    tasks_done: int = 0
    percent_done: float = 0.0       # the year report's "Tỷ lệ hoàn thành"
    reports: tuple[ReportRecord, ...] = ()


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    level: int
    parent: int | None          # index in the results
    is_group: bool
    value: float | None = None  # the computed value the scale reads
    value_text: str = ""        # the computed value in words (goes into Giải trình)
    computed: float | None = None
    score: float | None = None  # Điểm tự đánh giá
    by_hand: bool = False

    @property
    def explanation(self) -> str:
        """Giải trình as printed: the computed finding, then the officer's words."""
        parts = [p for p in (self.value_text, self.criterion.explanation.strip()) if p]
        return "\n".join(parts)

    @property
    def needs(self) -> str:
        """What is still missing before the table can be sent ("" when nothing)."""
        if self.is_group:
            return ""
        if self.score is None:
            return "chưa chấm điểm"
        if self.by_hand and not self.criterion.explanation.strip():
            return "chưa có giải trình"
        return ""


@dataclass(frozen=True)
class AssessmentResult:
    results: tuple[CriterionResult, ...]
    as_of: date

    @property
    def total_max(self) -> float:
        return sum(r.criterion.max_points for r in self.results if r.parent is None)

    @property
    def total_score(self) -> float:
        return round(sum(r.score or 0 for r in self.results if r.parent is None), 2)

    @property
    def missing(self) -> list[CriterionResult]:
        return [r for r in self.results if r.needs]


def score_all(criteria: Sequence[Criterion], facts: AssessmentFacts) -> AssessmentResult:
    """Every criterion's score, in the table's order."""
    ups = parents([c.code for c in criteria])
    has_children = {p for p in ups if p is not None}
    results: list[CriterionResult] = []
    for index, criterion in enumerate(criteria):
        level = _level(ups, index)
        if index in has_children:
            results.append(CriterionResult(criterion, level, ups[index], True))
            continue
        value, text = _value(criterion, facts)
        computed = _points(criterion, value) if criterion.method is not Method.MANUAL else None
        by_hand = criterion.manual_score is not None or criterion.method is Method.MANUAL
        score = criterion.manual_score if criterion.manual_score is not None else computed
        results.append(CriterionResult(criterion, level, ups[index], False, value, text, computed, score, by_hand))
    # Groups add up their parts (deepest first), never above their maximum.
    for index in sorted(has_children, key=lambda i: -results[i].level):
        parts = [r.score for r in results if r.parent == index and r.score is not None]
        group = results[index]
        total = min(sum(parts), group.criterion.max_points) if parts else None
        results[index] = CriterionResult(group.criterion, group.level, group.parent, True,
                                         score=round(total, 2) if total is not None else None)
    return AssessmentResult(tuple(results), facts.as_of)


def _level(ups: Sequence[int | None], index: int) -> int:
    level = 0
    while ups[index] is not None:
        index = ups[index]
        level += 1
    return level


def _points(criterion: Criterion, value: float | None) -> float:
    """The scale's points for ``value``; without a scale, all or nothing for
    the plan's issue and points in proportion for a percentage."""
    if value is None:
        return 0.0
    scale = parse_scale(criterion.scale)
    if scale:
        points = scale.points(value)
    elif criterion.method is Method.PLAN_ON_TIME:
        points = criterion.max_points if value <= 0 else 0.0
    else:
        points = criterion.max_points * max(0.0, min(value, 100.0)) / 100
    return round(min(points, criterion.max_points), 2)


def _value(criterion: Criterion, facts: AssessmentFacts) -> tuple[float | None, str]:
    method = criterion.method
    if method is Method.PLAN_ON_TIME:
        return _plan_on_time(criterion, facts)
    if method is Method.COMPLETION:
        if not facts.tasks_total:
            return None, "Kế hoạch chưa có nhiệm vụ nào."
        return facts.percent_done, (
            f"Hoàn thành {facts.tasks_done}/{facts.tasks_total} nhiệm vụ của kế hoạch "
            f"({format_percent(facts.percent_done)}) tính đến ngày {short_date(facts.as_of)}.")
    if method is Method.REPORTS_ON_TIME:
        owed = facts.reports
        if not owed:
            return None, f"Chưa có kỳ báo cáo nào đến hạn tính đến ngày {short_date(facts.as_of)}."
        good = [r for r in owed if r.complete and r.on_time]
        percent = 100.0 * len(good) / len(owed)
        lines = [f"{len(good)}/{len(owed)} báo cáo định kỳ đã ban hành và gửi đúng hạn "
                 f"({format_percent(percent)}):"]
        lines += [f"- {r.describe()}." for r in owed]
        return percent, "\n".join(lines)
    return None, ""


def _plan_on_time(criterion: Criterion, facts: AssessmentFacts) -> tuple[float | None, str]:
    deadline = criterion.deadline
    if facts.plan_issued is None:
        return None, "Kế hoạch chưa có số, ngày ban hành."
    issued = f"Kế hoạch số {facts.plan_number} ban hành ngày {short_date(facts.plan_issued)}"
    if deadline is None:
        return None, f"{issued}; chưa có hạn ban hành trong tiêu chí."
    late = (facts.plan_issued - deadline).days
    if late <= 0:
        return 0.0, f"{issued}, đúng hạn (hạn {short_date(deadline)})."
    return float(late), f"{issued}, trễ {late} ngày so với hạn {short_date(deadline)}."


def method_summary(criterion: Criterion) -> str:
    """"Tỷ lệ hoàn thành kế hoạch, thang điểm >=100:2;…" for the window."""
    label = METHOD_LABELS[criterion.method]
    if criterion.method is Method.MANUAL:
        return label
    scale = criterion.scale.strip() or "không có (tính theo tỷ lệ)"
    deadline = f"; hạn {short_date(criterion.deadline)}" if criterion.deadline else ""
    return f"{label}; thang điểm {scale}{deadline}"


__all__ = ["AssessmentFacts", "AssessmentResult", "CriterionResult", "ReportRecord", "score_all",
           "format_points", "method_summary"]
