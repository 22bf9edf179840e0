"""The numbers Word draws before numbered paragraphs ("I.", "1.", "a)", "-").

They are not in the paragraph's text: Word counts them from numbering.xml
as it lays the document out. A plan whose parts are numbered this way ("I.
MỤC TIÊU" typed as an automatic list) must still show "I." to be read as a
part, so the reader counts them the same way: per list (numId), each level
restarting under the level above, numbers formatted as the level says.
"""

from __future__ import annotations

from app.core.numbering import to_roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(node, default: str = "") -> str:
    return node.get(f"{W}val", default) if node is not None else default


def _int(text: str, default: int) -> int:
    return int(text) if text.isdigit() else default


def _format(number: int, kind: str) -> str:
    if kind in ("upperRoman", "lowerRoman"):
        roman = to_roman(number)
        return roman if kind == "upperRoman" else roman.lower()
    if kind in ("upperLetter", "lowerLetter"):
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if kind == "upperLetter" else letters
    if kind == "decimalZero":
        return f"{number:02d}"
    if kind == "none":
        return ""
    return str(number)


class ListNumbers:
    """Gives each numbered paragraph, in document order, its drawn label."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}   # numId → ilvl → (format, text, start)
        self.style_lists: dict[str, tuple[str, int]] = {}              # style id → (numId, ilvl)
        self.counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError):
            numbering = None
        if numbering is not None:
            self._read_numbering(numbering)
        self._read_styles(document.styles.element)

    def _read_numbering(self, numbering) -> None:
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in numbering.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{W}lvl"):
                levels[_int(lvl.get(f"{W}ilvl", "0"), 0)] = (
                    _val(lvl.find(f"{W}numFmt"), "decimal"), _val(lvl.find(f"{W}lvlText")),
                    _int(_val(lvl.find(f"{W}start"), "1"), 1))
            abstract[node.get(f"{W}abstractNumId", "")] = levels
        for num in numbering.findall(f"{W}num"):
            levels = dict(abstract.get(_val(num.find(f"{W}abstractNumId")), {}))
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl", "0"), 0)
                start = override.find(f"{W}startOverride")
                if start is not None and ilvl in levels:
                    kind, text, _ = levels[ilvl]
                    levels[ilvl] = (kind, text, _int(_val(start), 1))
            self.levels[num.get(f"{W}numId", "")] = levels

    def _read_styles(self, styles) -> None:
        found: dict[str, tuple[str | None, str | None, str | None]] = {}
        for style in styles.findall(f"{W}style"):
            num = style.find(f"{W}pPr/{W}numPr")
            found[style.get(f"{W}styleId", "")] = (
                _val(num.find(f"{W}numId")) if num is not None else None,
                _val(num.find(f"{W}ilvl"), "0") if num is not None else None,
                _val(style.find(f"{W}basedOn")) or None)
        for style_id in found:
            seen, current = set(), style_id
            while current and current not in seen:  # follow basedOn to the style that numbers
                seen.add(current)
                num_id, ilvl, based_on = found.get(current, (None, None, None))
                if num_id is not None:
                    self.style_lists[style_id] = (num_id, _int(ilvl or "0", 0))
                    break
                current = based_on

    def label(self, p) -> str | None:
        """The label Word draws before paragraph ``p`` ("I.", "-"), or None."""
        num = p.find(f"{W}pPr/{W}numPr")
        num_id, ilvl = None, 0
        if num is not None:
            num_id, ilvl = _val(num.find(f"{W}numId")) or None, _int(_val(num.find(f"{W}ilvl"), "0"), 0)
        if num_id is None:
            style = _val(p.find(f"{W}pPr/{W}pStyle"))
            num_id, ilvl = self.style_lists.get(style, (None, 0))
        if not num_id or num_id == "0":
            return None
        levels = self.levels.get(num_id)
        if not levels:
            return "-"
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            counters.append(0)
        counters[ilvl] = (counters[ilvl] or levels.get(ilvl, ("", "", 1))[2] - 1) + 1
        del counters[ilvl + 1:]
        kind, text, _start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        if kind == "bullet":
            return "-"
        for level in range(ilvl, -1, -1):
            value = counters[level] if level < len(counters) and counters[level] else levels.get(level, ("", "", 1))[2]
            text = text.replace(f"%{level + 1}", _format(value, levels.get(level, ("decimal",))[0]))
        return text.strip() or None
