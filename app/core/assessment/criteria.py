"""Criteria of the province's CCHC index as data: code, content, maximum
points, how a criterion is computed, and its scale.

A scale is written as the province's tables write it, steps tried in
order, the first that holds giving the points: ``>=90:2;>=70:1;0`` reads
"90 or more: 2 points; 70 or more: 1; otherwise 0". Thresholds apply to
the criterion's value: a percentage for the completion rate and for the
reports sent, the days late for the plan's issue. Decimal commas are
accepted ("0,5").
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from app.core.errors import InvalidInputError


class Method(str, enum.Enum):
    MANUAL = ""
    PLAN_ON_TIME = "ban-hanh-ke-hoach-dung-han"
    COMPLETION = "ty-le-hoan-thanh"
    REPORTS_ON_TIME = "bao-cao-dung-han"


METHOD_LABELS = {
    Method.MANUAL: "Chấm tay",
    Method.PLAN_ON_TIME: "Ban hành kế hoạch đúng hạn",
    Method.COMPLETION: "Tỷ lệ hoàn thành kế hoạch",
    Method.REPORTS_ON_TIME: "Báo cáo định kỳ đầy đủ, đúng hạn",
}
# What a computed criterion's scale is applied to.
METHOD_VALUES = {
    Method.PLAN_ON_TIME: "số ngày trễ hạn",
    Method.COMPLETION: "tỷ lệ % nhiệm vụ hoàn thành",
    Method.REPORTS_ON_TIME: "tỷ lệ % báo cáo gửi đầy đủ, đúng hạn",
}


def parse_method(text: str) -> Method:
    key = (text or "").strip().lower()
    for method in Method:
        if key in (method.value, METHOD_LABELS[method].lower()):
            return method
    if key in ("tay", "thu-cong", "cham-tay"):
        return Method.MANUAL
    allowed = ", ".join(m.value for m in Method if m.value)
    raise InvalidInputError(f"Cách tính «{text}» không hợp lệ (dùng: {allowed}, hoặc để trống để chấm tay).")


# -- scales -------------------------------------------------------------------------

_OPERATORS = (">=", "<=", ">", "<", "=")
_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
_STEP = re.compile(rf"^\s*(?:(>=|<=|>|<|=|≥|≤)\s*({_NUMBER})\s*%?\s*:)?\s*({_NUMBER})\s*(?:điểm|đ)?\s*$",
                   re.IGNORECASE)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


@dataclass(frozen=True)
class ScaleStep:
    operator: str | None   # None: "otherwise"
    threshold: float | None
    points: float

    def holds(self, value: float) -> bool:
        if self.operator is None:
            return True
        t = self.threshold
        return {">=": value >= t, "<=": value <= t, ">": value > t, "<": value < t, "=": value == t}[self.operator]


@dataclass(frozen=True)
class Scale:
    steps: tuple[ScaleStep, ...] = ()

    def points(self, value: float) -> float:
        for step in self.steps:
            if step.holds(value):
                return step.points
        return 0.0

    @property
    def top(self) -> float:
        return max((s.points for s in self.steps), default=0.0)

    def __bool__(self) -> bool:
        return bool(self.steps)


def parse_scale(text: str) -> Scale:
    """``>=90:2;>=70:1;0`` → a Scale; an empty text is an empty Scale.
    Raises InvalidInputError saying which step could not be read."""
    text = (text or "").strip()
    if not text:
        return Scale()
    steps = []
    parts = [p for p in re.split(r"[;\n]", text)]
    for index, part in enumerate(parts):
        if not part.strip():
            if index == len(parts) - 1:
                continue  # a trailing ";"
            raise InvalidInputError(f"thang điểm «{text}» có một bậc trống (ví dụ đúng: >=90:2;>=70:1;0)")
        match = _STEP.match(part)
        if not match:
            raise InvalidInputError(f"thang điểm «{text}»: không đọc được «{part.strip()}» "
                                    "(ví dụ đúng: >=90:2;>=70:1;0)")
        operator, threshold, points = match.groups()
        operator = {"≥": ">=", "≤": "<="}.get(operator, operator)
        step = ScaleStep(operator, _number(threshold) if threshold else None, _number(points))
        if step.points < 0:
            raise InvalidInputError(f"thang điểm «{text}»: điểm không được âm")
        if steps and steps[-1].operator is None:
            raise InvalidInputError(f"thang điểm «{text}»: bậc «{steps[-1].points:g}» (còn lại) phải đứng cuối")
        steps.append(step)
    return Scale(tuple(steps))


def format_points(value: float | None) -> str:
    """Points as Vietnamese tables print them: "1", "0,5", "1,75"; None: ""."""
    if value is None:
        return ""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


# -- criteria ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionSpec:
    """A criterion as the province defines it (a row of its table)."""

    code: str
    content: str
    max_points: float
    method: Method = Method.MANUAL
    scale: str = ""
    deadline: date | None = None   # the plan's issue deadline (ban-hanh-ke-hoach-dung-han)


@dataclass(frozen=True)
class Criterion(CriterionSpec):
    """A criterion stored with a plan, with the officer's work on it."""

    id: int = 0
    plan_id: int = 0
    position: int = 0
    manual_score: float | None = None
    explanation: str = ""
    evidence_note: str = ""


_ROMAN = re.compile(r"^[IVXLC]+\.?$")


def code_level(code: str) -> int:
    """Depth of a code: "I" 0, "1" 1, "1.1" 2, "1.1.2" 3 ("1.1.a" 3 too)."""
    code = code.strip().rstrip(".")
    if _ROMAN.match(code):
        return 0
    return len([p for p in re.split(r"[.]", code) if p])


def parents(codes: Sequence[str]) -> list[int | None]:
    """Index of each criterion's parent in the table's order: the nearest
    earlier row of a lower level ("1.1" under "1", "1" under "I")."""
    out: list[int | None] = []
    stack: list[tuple[int, int]] = []  # (level, index)
    for index, code in enumerate(codes):
        level = code_level(code)
        while stack and stack[-1][0] >= level:
            stack.pop()
        out.append(stack[-1][1] if stack else None)
        stack.append((level, index))
    return out


def check_specs(specs: Sequence[CriterionSpec], row_numbers: Sequence[int] | None = None) -> None:
    """Refuse a set of criteria no table could hold, naming the row: a code
    given twice, a maximum below what the scale can give, a negative maximum."""
    rows = list(row_numbers) if row_numbers is not None else [i + 1 for i in range(len(specs))]
    seen: dict[str, int] = {}
    for spec, row in zip(specs, rows):
        where = f"Dòng {row}"
        code = spec.code.strip()
        if not code:
            raise InvalidInputError(f"{where}: thiếu mã tiêu chí.")
        if code in seen:
            raise InvalidInputError(f"{where}: mã «{code}» trùng với dòng {seen[code]}.")
        seen[code] = row
        if spec.max_points < 0:
            raise InvalidInputError(f"{where}: điểm tối đa không được âm.")
        try:
            scale = parse_scale(spec.scale)
        except InvalidInputError as error:
            raise InvalidInputError(f"{where} (mã {code}): {error}.") from None
        if scale and scale.top > spec.max_points + 1e-9:
            raise InvalidInputError(
                f"{where} (mã {code}): thang điểm cho tới {format_points(scale.top)} điểm, "
                f"lớn hơn điểm tối đa {format_points(spec.max_points)}.")
        if scale and spec.method is Method.MANUAL:
            raise InvalidInputError(f"{where} (mã {code}): có thang điểm nhưng không có cách tính "
                                    "(ghi cách tính, hoặc bỏ thang điểm để chấm tay).")


def builtin_criteria(year: int, start: date | None = None) -> tuple[CriterionSpec, ...]:
    """The plan-and-report criteria that recur in every province's index
    (the officer adjusts points, scales and deadline to the province's table).
    The plan is due by the end of January, or by the day a mid-year plan starts."""
    deadline = start if start is not None and start > date(year, 1, 31) else date(year, 1, 31)
    return (
        CriterionSpec("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 6),
        CriterionSpec("1.1", "Ban hành kế hoạch cải cách hành chính năm đúng thời hạn", 1, Method.PLAN_ON_TIME,
                      "<=0:1;0", deadline),
        CriterionSpec("1.2", "Mức độ hoàn thành kế hoạch cải cách hành chính năm (tại thời điểm chốt số liệu)", 2,
                      Method.COMPLETION, ">=100:2;>=80:1,5;>=70:1;0"),
        CriterionSpec("1.3", "Thực hiện chế độ báo cáo cải cách hành chính định kỳ đầy đủ, đúng thời hạn", 1,
                      Method.REPORTS_ON_TIME, ">=100:1;>=75:0,5;0"),
        CriterionSpec("1.4", "Công tác kiểm tra cải cách hành chính: thực hiện kế hoạch kiểm tra; xử lý các vấn đề "
                      "phát hiện qua kiểm tra", 1),
        CriterionSpec("1.5", "Công tác thông tin, tuyên truyền cải cách hành chính: thực hiện kế hoạch tuyên truyền", 1),
    )
