"""Column widths of the matrix, and a header whose titles wrap instead of
being cut.

Every column is at least as wide as its title needs (on up to two lines) and
as its fixed content needs ("12.10", "30/06/2025"); what is left of the
window's width goes to the text columns in proportion to how much text they
hold, so the rows come out as short as they can — and the window is filled.
"""

from __future__ import annotations

from app.core.model import RowKind
from app.ui.qt import QFontMetrics, QHeaderView, QRect, QStyle, QStyleOptionHeader, Qt

HEADER_LINES = 2      # fitted columns show every title on two lines
MAX_HEADER_LINES = 5  # however narrow a column is made by hand
PAD = 14              # cell padding and the grid line, both sides
MIN_TEXT_WIDTH = 90   # a text column is never squeezed below this
SAMPLE_ROWS = 400     # rows measured to weigh the columns (evenly spread)
# What a fixed-content column must show on one line.
FIXED_SAMPLES = {"number": "12.10", "due": "30/06/2025", "status": "Hoàn thành đúng hạn"}


class WrappingHeader(QHeaderView):
    """A horizontal header drawing each title wrapped within its column: two
    lines when the columns are fitted, more (up to MAX_HEADER_LINES) when the
    officer narrows a column by hand — a title is never cut."""

    def __init__(self, parent=None):
        super().__init__(Qt.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignCenter)
        self.sectionResized.connect(self._grow_to_titles)

    def sizeHint(self):
        size = super().sizeHint()
        size.setHeight(self.fontMetrics().lineSpacing() * self._lines_needed() + 10)
        return size

    def _lines_needed(self) -> int:
        model, metrics = self.model(), self.fontMetrics()
        lines = HEADER_LINES
        if model is None:
            return lines
        for section in range(self.count()):
            if self.isSectionHidden(section):
                continue
            text = model.headerData(section, Qt.Horizontal, Qt.DisplayRole) or ""
            room = QRect(0, 0, max(self.sectionSize(section) - 8, 1), 10_000)
            height = metrics.boundingRect(room, int(Qt.AlignCenter | Qt.TextWordWrap), text).height()
            lines = max(lines, -(-height // metrics.lineSpacing()))
        return min(lines, MAX_HEADER_LINES)

    def _grow_to_titles(self, *_args) -> None:
        if self.height() != self.sizeHint().height():
            self.updateGeometry()
            self.geometriesChanged.emit()  # the view lays its header out again

    def paintSection(self, painter, rect, logical_index) -> None:
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        option.state |= QStyle.State_Enabled
        self.style().drawControl(QStyle.CE_Header, option, painter, self)
        text = self.model().headerData(logical_index, Qt.Horizontal, Qt.DisplayRole) if self.model() else ""
        painter.save()
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(QRect(rect).adjusted(4, 2, -4, -2), int(Qt.AlignCenter | Qt.TextWordWrap), text or "")
        painter.restore()


def header_width(metrics: QFontMetrics, title: str) -> int:
    """The narrowest width showing ``title`` whole on at most two lines."""
    words = title.split()
    if not words:
        return PAD
    longest = max(metrics.horizontalAdvance(w) for w in words)
    best = metrics.horizontalAdvance(title)
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        best = min(best, max(metrics.horizontalAdvance(first), metrics.horizontalAdvance(second)))
    return max(best, longest) + PAD


def fit_widths(model, body: QFontMetrics, head: QFontMetrics, available: int) -> list[int]:
    """Widths for every column of ``model`` sharing ``available`` pixels."""
    state, columns = model.state, model.columns
    if state is None or not columns:
        return []
    rows = [r for r in state.ordered_rows() if r.kind is not RowKind.AREA]
    if len(rows) > SAMPLE_ROWS:
        rows = rows[:: len(rows) // SAMPLE_ROWS + 1]
    need, cap, weight = [], [], []
    char_width = body.averageCharWidth()
    for column in columns:
        title = header_width(head, column.header)
        if column.field in FIXED_SAMPLES:
            fixed = max(title, body.horizontalAdvance(FIXED_SAMPLES[column.field]) + PAD)
            need.append(fixed)
            cap.append(fixed)
            weight.append(0.0)
            continue
        # How much text: measured in characters (thousands of cells), the
        # longest line alone in pixels.
        lines = [_longest_line(_text(state, row, column.field)) for row in rows]
        longest = max(lines, key=len, default="")
        widest = body.horizontalAdvance(longest) if longest else 0
        need.append(max(title, min(MIN_TEXT_WIDTH, widest + PAD)))
        cap.append(max(title, widest + PAD))
        weight.append(sum(map(len, lines)) * char_width / len(rows) if rows else 1.0)
    return _share(need, cap, weight, available)


def _text(state, row, name: str) -> str:
    if name == "units":
        return f"{row.lead}\n{row.support}"
    return getattr(row, name, "") or ""


def _longest_line(text: str) -> str:
    return max(text.split("\n"), key=len) if text else ""


def _share(need: list[int], cap: list[int], weight: list[float], available: int) -> list[int]:
    """Start from what each column needs; share the rest by weight, no column
    beyond what its longest line needs; anything still left goes to the
    column with the most text, so the table always fills the window."""
    widths = list(need)
    spare = available - sum(widths)
    open_columns = {i for i, w in enumerate(weight) if w > 0 and widths[i] < cap[i]}
    while spare > 0 and open_columns:
        total = sum(weight[i] for i in open_columns)
        given = 0
        for i in sorted(open_columns):
            share = int(spare * weight[i] / total)
            room = cap[i] - widths[i]
            widths[i] += min(share, room)
            given += min(share, room)
            if widths[i] >= cap[i]:
                open_columns.discard(i)
        if given == 0:
            break
        spare -= given
    if spare > 0:
        heaviest = max(range(len(widths)), key=lambda i: (weight[i], i == 0))
        widths[heaviest] += spare
    return widths
