"""The unit the officer works for, once: what it is called, which province
it answers to, and every phrase documents and mail build from it.

Since 1 July 2025 (Luật Tổ chức chính quyền địa phương số 72/2025/QH15) a
xã, phường or đặc khu answers directly to the province: its plan cites the
province's plan, its reports go to UBND tỉnh/thành phố through the Sở Nội
vụ. No phrase here names a district or an anonymous "upper level".

The unit and the province are kept as kind + name ("phường" + "Hồng Hải"),
so every form is composed, never guessed from typed text: the header
("ỦY BAN NHÂN DÂN" / "PHƯỜNG HỒNG HẢI"), running text ("Ủy ban nhân dân
phường Hồng Hải") and the short form ("UBND phường Hồng Hải").
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.names import syllable_case
from app.core.text import fold, nfc

UNIT_KINDS: tuple[str, ...] = ("phường", "xã", "đặc khu")
PROVINCE_KINDS: tuple[str, ...] = ("tỉnh", "thành phố")
ORGAN = "Ủy ban nhân dân"
ORGAN_SHORT = "UBND"
HOME_AFFAIRS = "Sở Nội vụ"


def proper_name(text: str) -> str:
    """A place's own name as official names write it (app.core.names): every
    syllable with a capital ("hồng hải" → "Hồng Hải", "PHAN RANG - THÁP CHÀM"
    → "Phan Rang - Tháp Chàm"); a name typed in mixed case is the officer's
    choice: kept."""
    text = " ".join(nfc(text).split())
    if text != text.lower() and text != text.upper():
        return text
    return " ".join(syllable_case(w) for w in text.split(" ")) if text else ""


def split_kind(text: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """"phường Sông Cầu" → ("phường", "Sông Cầu"); a name without its kind
    word gives ("", name). The longest kind matches first ("thành phố")."""
    text = " ".join(nfc(text).split())
    folded = fold(text)
    for kind in sorted(kinds, key=len, reverse=True):
        if folded.startswith(fold(kind) + " "):
            return kind, text[len(kind) + 1:].strip()
    return "", text


@dataclass(frozen=True)
class UnitProfile:
    """The unit and its upper bodies, as the settings page keeps them.

    Empty texts mean "the usual": the upper body is UBND of the province, the
    home-affairs body its Sở Nội vụ, the report goes to the first through
    the second."""

    unit_kind: str = ""          # "phường", "xã", "đặc khu"
    unit_name: str = ""          # "Hồng Hải"
    province_kind: str = "tỉnh"  # "tỉnh" or "thành phố"
    province_name: str = ""      # "Quảng Ninh"
    upper_body: str = ""         # typed, or "" for "Ủy ban nhân dân tỉnh Quảng Ninh"
    home_affairs_body: str = ""  # typed, or "" for "Sở Nội vụ tỉnh Quảng Ninh"
    addressees: tuple[str, ...] = ()  # the report's "Kính gửi", typed, or () for the usual
    home_affairs_email: str = ""
    place: str = ""              # địa danh of the date line, or "" for the unit's name

    @property
    def configured(self) -> bool:
        return bool(self.unit_name.strip())

    # -- the unit ------------------------------------------------------------------

    @property
    def kind(self) -> str:
        """The unit's kind word, "phường" when not chosen (for phrases that need one)."""
        return self.unit_kind or "phường"

    @property
    def unit(self) -> str:
        """"phường Hồng Hải" (lower-case kind, as inside a sentence)."""
        name = proper_name(self.unit_name)
        return f"{self.kind} {name}" if name else ""

    @property
    def unit_body(self) -> str:
        """"Ủy ban nhân dân phường Hồng Hải" (running text)."""
        return f"{ORGAN} {self.unit}" if self.unit else ORGAN

    @property
    def unit_short(self) -> str:
        """"UBND phường Hồng Hải" (mail subject, lists)."""
        return f"{ORGAN_SHORT} {self.unit}" if self.unit else ORGAN_SHORT

    @property
    def header_lines(self) -> tuple[str, ...]:
        """The issuing body as the header prints it: organ, then the unit."""
        lines = [ORGAN.upper()]
        if self.unit:
            lines.append(nfc(self.unit).upper())
        return tuple(lines)

    @property
    def place_name(self) -> str:
        """Địa danh of the date line: typed, or the unit's own name."""
        return proper_name(self.place) or proper_name(self.unit_name)

    # -- the province --------------------------------------------------------------

    @property
    def province(self) -> str:
        """"tỉnh Quảng Ninh", or just "tỉnh" when the name is not known yet
        (as documents write "UBND tỉnh")."""
        name = proper_name(self.province_name)
        kind = self.province_kind or "tỉnh"
        return f"{kind} {name}" if name else kind

    @property
    def upper(self) -> str:
        """"Ủy ban nhân dân tỉnh Quảng Ninh"."""
        return nfc(self.upper_body.strip()) or f"{ORGAN} {self.province}"

    @property
    def upper_short(self) -> str:
        """"UBND tỉnh Quảng Ninh"."""
        typed = nfc(self.upper_body.strip())
        if typed:
            folded = fold(typed)
            organ = fold(ORGAN)
            return ORGAN_SHORT + typed[len(ORGAN):] if folded.startswith(organ) else typed
        return f"{ORGAN_SHORT} {self.province}"

    @property
    def home_affairs(self) -> str:
        """"Sở Nội vụ tỉnh Quảng Ninh"."""
        typed = nfc(self.home_affairs_body.strip())
        if typed:
            return typed
        return f"{HOME_AFFAIRS} {self.province}" if self.province_name.strip() else HOME_AFFAIRS

    # -- what documents and mail take from it --------------------------------------

    def report_addressees(self) -> tuple[str, ...]:
        """The report's "Kính gửi": typed, or UBND of the province through its Sở Nội vụ."""
        typed = tuple(a for a in (nfc(x).strip() for x in self.addressees) if a)
        return typed or (f"{self.upper} (qua {HOME_AFFAIRS})",)

    def plan_recipients(self) -> tuple[str, ...]:
        """Nơi nhận of a new plan."""
        kind = self.kind
        return (
            f"{self.upper_short} (b/c);",
            f"{self.home_affairs} (b/c);",
            f"TT Đảng ủy, TT HĐND {kind};",
            f"CT, các PCT UBND {kind};",
            f"Các ban, ngành, đoàn thể {kind};",
            "Lưu: VT.",
        )

    def report_recipients(self) -> tuple[str, ...]:
        """Nơi nhận of a new report: the addressees ("Như trên"), the Sở Nội
        vụ when it is not one of them, the unit's own leaders, the archive."""
        lines = ["Như trên;"]
        named = {fold(a.rstrip(";.").strip()) for a in self.report_addressees()}
        if fold(self.home_affairs) not in named:
            lines.append(f"{self.home_affairs} (để tổng hợp);")
        kind = self.kind
        lines += [f"TT Đảng ủy, TT HĐND {kind};", f"CT, các PCT UBND {kind};", "Lưu: VT."]
        return tuple(lines)

    def mail_recipient(self) -> str:
        """"Sở Nội vụ tỉnh Quảng Ninh <snv@quangninh.gov.vn>", or "" without an address."""
        email = self.home_affairs_email.strip()
        if not email:
            return ""
        return f"{self.home_affairs} <{email}>"
