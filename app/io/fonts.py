"""The serif font documents are printed in.

Nghị định 30 asks for Times New Roman. Where the system has it (every
Windows PC) it is embedded; otherwise the bundled Liberation Serif, which has
the same metrics, so line breaks and page breaks do not change.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from app import paths

log = logging.getLogger(__name__)

FAMILY = "DocSerif"
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
_TIMES_FILES = {
    "Regular": ("times.ttf", "Times_New_Roman.ttf", "Times New Roman.ttf"),
    "Bold": ("timesbd.ttf", "Times_New_Roman_Bold.ttf", "Times New Roman Bold.ttf"),
    "Italic": ("timesi.ttf", "Times_New_Roman_Italic.ttf", "Times New Roman Italic.ttf"),
    "BoldItalic": ("timesbi.ttf", "Times_New_Roman_Bold_Italic.ttf", "Times New Roman Bold Italic.ttf"),
}
_SYSTEM_DIRS = (
    Path("C:/Windows/Fonts"),
    Path("/usr/share/fonts/truetype/msttcorefonts"),
    Path("/usr/share/fonts/TTF"),
    Path("/Library/Fonts"),
    Path.home() / ".fonts",
)


@dataclass(frozen=True)
class FontSet:
    """Names registered with reportlab, and where their files came from."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    source: str  # "Times New Roman" or "Liberation Serif"
    files: tuple[Path, ...]


def _times_files() -> dict[str, Path] | None:
    for folder in _SYSTEM_DIRS:
        found = {}
        for style, names in _TIMES_FILES.items():
            match = next((folder / n for n in names if (folder / n).is_file()), None)
            if match is None:
                break
            found[style] = match
        if len(found) == len(STYLES):
            return found
    return None


def _bundled_files() -> dict[str, Path]:
    folder = paths.fonts_dir()
    return {style: folder / f"LiberationSerif-{style}.ttf" for style in STYLES}


@functools.lru_cache(maxsize=None)
def document_fonts(prefer_system: bool = True) -> FontSet:
    """Register the four styles with reportlab (once) and return their names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = _times_files() if prefer_system else None
    source = "Times New Roman"
    if files is None:
        files, source = _bundled_files(), "Liberation Serif"
    names = {style: f"{FAMILY}-{style}" for style in STYLES}
    for style, path in files.items():
        pdfmetrics.registerFont(TTFont(names[style], str(path)))
    addMapping(names["Regular"], 0, 0, names["Regular"])
    addMapping(names["Regular"], 1, 0, names["Bold"])
    addMapping(names["Regular"], 0, 1, names["Italic"])
    addMapping(names["Regular"], 1, 1, names["BoldItalic"])
    log.info("document font: %s", source)
    return FontSet(names["Regular"], names["Bold"], names["Italic"], names["BoldItalic"], source,
                   tuple(files[s] for s in STYLES))


@functools.lru_cache(maxsize=65536)
def text_width(text: str, bold: bool = False, size: float = 12.0) -> float:
    """Width in points of ``text`` in the document font (words recur across
    a plan, so their widths are remembered)."""
    from reportlab.pdfbase import pdfmetrics

    fonts = document_fonts()
    return pdfmetrics.stringWidth(text, fonts.bold if bold else fonts.regular, size)


def wrapped_lines(text: str, width: float, bold: bool = False, size: float = 12.0) -> int:
    """How many lines ``text`` takes when wrapped at word boundaries into
    ``width`` points (words longer than a line are broken)."""
    if width <= 1:
        return max(1, len(text.splitlines()))
    space = text_width(" ", bold, size)
    total = 0
    for paragraph in (text or "").split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split():
            w = text_width(word, bold, size)
            if w > width:  # a long word (a URL, "1180/STTTT-CNTT") is broken anywhere
                extra = int(w // width)
                lines += extra + (1 if used else 0)
                used = w - extra * width
                continue
            needed = w if used == 0 else used + space + w
            if needed <= width:
                used = needed
            else:
                lines += 1
                used = w
        total += lines
    return max(total, 1)


def line_breaks(text: str, width: float, bold: bool = False, size: float = 12.0) -> list[str]:
    """The lines of ``text`` wrapped as ``wrapped_lines`` counts them (words
    longer than a line are cut where the line is full)."""
    space = text_width(" ", bold, size)
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            w = text_width(word, bold, size)
            while w > width and width > 1:  # a long word: as much as fits on each line
                if line:
                    lines.append(line)
                    line, used = "", 0.0
                cut = 1
                while cut < len(word) and text_width(word[:cut + 1], bold, size) <= width:
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
                w = text_width(word, bold, size)
            if not word:
                continue
            needed = w if not line else used + space + w
            if needed <= width or not line:
                line = word if not line else f"{line} {word}"
                used = needed
            else:
                lines.append(line)
                line, used = word, w
        lines.append(line)
    return lines
