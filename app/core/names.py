"""Names of bodies as a clerk writes them (Nghị định 30/2020, Phụ lục II).

The issuing body is typed once, in any case, on one line or two, with or
without the usual abbreviations: "UBND PHƯỜNG HỒNG HẢI", "ỦY BAN NHÂN DÂN\\n
PHƯỜNG SÔNG CẦU", "Ủy ban nhân dân phường Hồng Hải", "hđnd xã Định Hưng".
Every document derives its forms from ``body_name``:

- the header, in capitals, the body on its own line: "ỦY BAN NHÂN DÂN" /
  "PHƯỜNG HỒNG HẢI";
- running text: "Ủy ban nhân dân phường Hồng Hải";
- where short (mail subject, file names): "UBND phường Hồng Hải".

Writing rules (Phụ lục II): the common noun of an administrative unit is in
lower case and every syllable of its proper name takes a capital ("thành phố
Phan Rang - Tháp Chàm", "xã Ea Yông"); when the name is a number the common
noun takes the capital too ("Phường 15", "Quận 1").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.text import fold, nfc

# Bodies written out in full in documents, with their usual abbreviations;
# folded (no diacritics, lower case) to recognise any spelling of "Ủy/Uỷ".
_ORGANS = (
    ("uy ban nhan dan", "ubnd", "Ủy ban nhân dân", "UBND"),
    ("hoi dong nhan dan", "hdnd", "Hội đồng nhân dân", "HĐND"),
)

# Common nouns of administrative units, longest first ("thị xã" before "xã").
UNIT_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "xã", "quận", "huyện", "tỉnh")
_UNIT_FOLDED = sorted(((fold(w), w) for w in UNIT_WORDS), key=lambda p: -len(p[0]))
_UNIT_ABBREVIATIONS = {"tp": "thành phố", "tp.": "thành phố", "tx": "thị xã", "tx.": "thị xã",
                       "tt": "thị trấn", "tt.": "thị trấn"}

# Words that open the name of an agency: the word after them starts its
# function and is written with a capital ("Phòng Nội vụ", "Sở Tài chính").
_AGENCY_HEADS = ("văn phòng", "trung tâm", "chi cục", "tổng cục", "bộ phận", "phòng", "sở", "ban", "bộ", "cục",
                 "viện", "đảng ủy", "công an", "ủy ban mặt trận tổ quốc")
# Abbreviations kept in capitals inside a name.
_ABBREVIATIONS = {"ubnd", "hdnd", "cchc", "tthc", "mttq", "ubmttq", "cntt", "vhxh", "bcd", "tn&mt", "lđtb&xh",
                  "ldtb&xh", "tnmt", "vn", "dvc", "hcc", "gddt", "gd&dt", "ct", "pct"}


@dataclass(frozen=True)
class BodyName:
    """One body, in the forms documents need. ``organ`` is "" when the typed
    text names no known organ (an agency such as "Phòng Nội vụ" is then in
    ``agency``)."""

    organ: str = ""        # "Ủy ban nhân dân"
    organ_short: str = ""  # "UBND"
    unit: str = ""         # "phường Hồng Hải" (running-text form), may be ""
    agency: str = ""       # "Phòng Nội vụ": a body that is not UBND/HĐND
    typed_lines: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.organ or self.unit or self.agency)

    @property
    def in_sentence(self) -> str:
        """"Ủy ban nhân dân phường Hồng Hải" (inside a sentence or a caption)."""
        return " ".join(p for p in (self.agency or self.organ, self.unit) if p)

    @property
    def short(self) -> str:
        """"UBND phường Hồng Hải" (mail subject, lists, places short of room)."""
        return " ".join(p for p in (self.agency or self.organ_short, self.unit) if p)

    @property
    def header_lines(self) -> list[str]:
        """The header's lines, in capitals: the organ on the first line, the
        unit on the second (as in every ward's documents); an agency keeps
        the lines it was typed in."""
        if self.organ and len(self.typed_lines) > 1 and _take_organ(self.typed_lines[0].split(" "))[2] == []:
            # The organ alone on the first line, as typed: keep the clerk's line breaks.
            return [self.organ.upper()] + [upper(line) for line in self.typed_lines[1:]]
        if self.organ:
            return [line for line in (self.organ.upper(), upper(self.unit)) if line]
        return [upper(line) for line in self.typed_lines]

    @property
    def unit_title(self) -> str:
        """The unit with a capital first letter, for file names: "Phường Hồng Hải"."""
        text = self.unit or self.agency or self.organ
        return text[:1].upper() + text[1:]


def upper(text: str) -> str:
    return nfc(text).upper()


def body_name(typed: str) -> BodyName:
    """Read a body's name as typed (one or two lines, any case)."""
    lines = tuple(" ".join(line.split()) for line in nfc(typed or "").splitlines() if line.strip())
    if not lines:
        return BodyName()
    words = " ".join(lines).split(" ")
    organ, organ_short, rest = _take_organ(words)
    if organ:
        return BodyName(organ, organ_short, _unit_phrase(rest), typed_lines=lines)
    # No UBND/HĐND: an agency, perhaps followed by its unit ("Phòng Nội vụ quận 1").
    split = _first_unit_word(words)
    agency_words, unit_words = (words[:split], words[split:]) if split else (words, [])
    return BodyName(agency=agency_case(" ".join(agency_words)), unit=_unit_phrase(unit_words), typed_lines=lines)


def _take_organ(words: list[str]) -> tuple[str, str, list[str]]:
    folded = [fold(w) for w in words]
    for long_form, abbreviation, written, short in _ORGANS:
        size = len(long_form.split())
        if " ".join(folded[:size]) == long_form:
            return written, short, words[size:]
        if folded and folded[0] == abbreviation:
            return written, short, words[1:]
    return "", "", words


def _match_unit_word(words: list[str], at: int) -> tuple[str, int] | None:
    """The unit noun starting at ``at`` and how many words it takes."""
    key = fold(words[at]).rstrip(",")
    if key in _UNIT_ABBREVIATIONS:
        return _UNIT_ABBREVIATIONS[key], 1
    for folded, written in _UNIT_FOLDED:
        size = len(folded.split())
        if " ".join(fold(w) for w in words[at:at + size]) == folded:
            return written, size
    return None


def _first_unit_word(words: list[str]) -> int:
    """Index of a unit noun that starts the rest of an agency's name (0: none)."""
    for at in range(1, len(words) - 1):
        if _match_unit_word(words, at):
            return at
    return 0


def _unit_phrase(words: list[str]) -> str:
    """"PHƯỜNG HỒNG HẢI, THÀNH PHỐ HẠ LONG" → "phường Hồng Hải, thành phố Hạ Long".

    A unit noun counts as such at the start and after a comma; the words of
    a name take a capital on every syllable."""
    out: list[str] = []
    at, segment_start = 0, True
    while at < len(words):
        match = _match_unit_word(words, at) if segment_start else None
        if match and at + match[1] < len(words):
            noun, size = match
            name = words[at + size:]
            end = next((i for i, w in enumerate(name) if w.endswith(",")), len(name) - 1)
            name_words = [syllable_case(w) for w in name[:end + 1]]
            if name_words and name_words[0].rstrip(",").isdigit():
                noun = noun[:1].upper() + noun[1:]  # "Phường 15", "Quận 1"
            out += [noun] + name_words
            at += size + end + 1
            segment_start = True
            continue
        out.append(syllable_case(words[at]))
        segment_start = words[at].endswith(",")
        at += 1
    return " ".join(out)


def syllable_case(word: str) -> str:
    """"HỒNG" → "Hồng"; "H'LEO" → "H'leo" (as official names write it); numbers and dashes kept."""
    lowered = word.lower()
    return re.sub(r"(^|[-(])(\w)", lambda m: m.group(1) + m.group(2).upper(), lowered)


def agency_case(text: str) -> str:
    """"PHÒNG NỘI VỤ" → "Phòng Nội vụ"; "VĂN PHÒNG HĐND VÀ UBND" → "Văn phòng
    HĐND và UBND". Text typed in mixed case is the clerk's choice: kept."""
    text = " ".join(text.split())
    if not text or (text != text.upper() and text != text.lower()):
        return text
    words = text.lower().split(" ")
    out: list[str] = []
    capital_next = True
    at = 0
    while at < len(words):
        head = next((h for h in _AGENCY_HEADS if words[at:at + len(h.split())] == h.split()), None)
        if head:
            size = len(head.split())
            piece = words[at:at + size]
            if capital_next:
                piece[0] = piece[0][:1].upper() + piece[0][1:]
            out += piece
            at += size
            capital_next = True
            continue
        word = words[at]
        if fold(word) in _ABBREVIATIONS:
            out.append(word.upper())
            capital_next = False
        elif capital_next:
            out.append(word[:1].upper() + word[1:])
            capital_next = False
        else:
            out.append(word)
        at += 1
    return " ".join(out)
