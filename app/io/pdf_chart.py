"""The report's chart: how the tasks of each area stand, one bar per area.

Documents go up in black and white (and are photocopied), so the parts of
each bar are told apart by black, greys and hatching, never by colour; the
legend shows the same fills. Drawn with reportlab's graphics shapes in the
document font.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.core.figures import AreaFigures, StatusCounts, format_percent
from app.core.status import TaskStatus

BLACK = colors.black
DARK_GREY = colors.Color(0.45, 0.45, 0.45)
LIGHT_GREY = colors.Color(0.82, 0.82, 0.82)
WHITE = colors.white


@dataclass(frozen=True)
class Part:
    label: str
    statuses: tuple[TaskStatus, ...]
    fill: colors.Color
    hatch: str = ""  # "diagonal" or "cross": black lines over the fill


PARTS = (
    Part("Hoàn thành", (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE), BLACK),
    Part("Đang thực hiện", (TaskStatus.IN_PROGRESS, TaskStatus.RECURRING_ACTIVE), DARK_GREY),
    Part("Quá hạn", (TaskStatus.OVERDUE,), WHITE, "diagonal"),
    Part("Chưa triển khai", (TaskStatus.NOT_STARTED, TaskStatus.RECURRING_IDLE), LIGHT_GREY),
    Part("Không thực hiện", (TaskStatus.CANCELLED,), WHITE, "cross"),
)

BAR, GAP, LABEL_WIDTH, VALUE_WIDTH = 13.0, 7.0, 30.0, 34.0
HATCH_STEP = 3.5


def part_shares(counts: StatusCounts) -> list[float]:
    """Each part's share of the area's tasks, in percent (they add up to 100)."""
    if not counts.total:
        return [0.0] * len(PARTS)
    return [100.0 * sum(counts[s] for s in part.statuses) / counts.total for part in PARTS]


def _hatched(x: float, y: float, width: float, height: float, kind: str) -> Group:
    """Lines at 45° (and at -45° for "cross") clipped to the rectangle."""
    group = Group()
    directions = (1, -1) if kind == "cross" else (1,)
    for direction in directions:
        offset = -height
        while offset < width:
            t0, t1 = max(0.0, -offset), min(height, width - offset)
            if t0 < t1:
                if direction == 1:
                    group.add(Line(x + offset + t0, y + t0, x + offset + t1, y + t1,
                                   strokeColor=BLACK, strokeWidth=0.4))
                else:
                    group.add(Line(x + offset + t0, y + height - t0, x + offset + t1, y + height - t1,
                                   strokeColor=BLACK, strokeWidth=0.4))
            offset += HATCH_STEP
    return group


def _box(x: float, y: float, width: float, height: float, part: Part) -> Group:
    group = Group(Rect(x, y, width, height, fillColor=part.fill, strokeColor=BLACK, strokeWidth=0.5))
    if part.hatch and width > 0.5:
        group.add(_hatched(x, y, width, height, part.hatch))
    return group


def status_chart(areas: Sequence[AreaFigures], width: float, font: str, italic: str) -> Drawing:
    """Stacked bars (0–100 %) per area, the % done written at the bar's end,
    a scale and a legend."""
    areas = [a for a in areas if a.counts.total] or []
    rows = max(len(areas), 1)
    legend_height, scale_height, title_height = 18.0, 16.0, 20.0
    plot_height = rows * (BAR + GAP)
    height = legend_height + scale_height + plot_height + title_height
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=10)
    x0, x1 = LABEL_WIDTH, width - VALUE_WIDTH
    span = x1 - x0
    base = legend_height + scale_height
    for tick in range(0, 101, 20):  # the scale and its light grid
        x = x0 + span * tick / 100
        drawing.add(Line(x, base - 2, x, base + plot_height, strokeColor=LIGHT_GREY, strokeWidth=0.4))
        drawing.add(String(x, base - 12, f"{tick}%", fontName=font, fontSize=9, textAnchor="middle"))
    for index, area in enumerate(areas):
        y = base + plot_height - (index + 1) * (BAR + GAP) + GAP / 2
        drawing.add(String(x0 - 6, y + 3, area.label or "–", fontName=font, fontSize=10, textAnchor="end"))
        x = x0
        for part, share in zip(PARTS, part_shares(area.counts)):
            if share > 0:
                drawing.add(_box(x, y, span * share / 100, BAR, part))
                x += span * share / 100
        drawing.add(String(x1 + 4, y + 3, format_percent(area.counts.percent_done), fontName=font, fontSize=9))
    drawing.add(Line(x0, base, x0, base + plot_height, strokeColor=BLACK, strokeWidth=0.6))
    x = x0
    for part in PARTS:  # the legend
        drawing.add(_box(x, 3, 10, 8, part))
        drawing.add(String(x + 13, 4, part.label, fontName=font, fontSize=9))
        x += 13 + stringWidth(part.label, font, 9) + 14
    drawing.add(String(width / 2, height - 12,
                       "Tình hình thực hiện nhiệm vụ theo lĩnh vực (tỷ lệ % số nhiệm vụ; số cuối dòng: % hoàn thành)",
                       fontName=italic, fontSize=10, textAnchor="middle"))
    return drawing
