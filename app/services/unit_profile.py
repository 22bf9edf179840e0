"""The unit, set once (first-start welcome, settings page), and the library
of legal bases: read from and saved to the data file's settings."""

from __future__ import annotations

from typing import Sequence

from app.core.errors import InvalidInputError
from app.core.legal_bases import LibraryBasis, fill, library_from_json, library_to_json
from app.core.text import clean_text
from app.core.unit import PROVINCE_KINDS, UNIT_KINDS, UnitProfile, proper_name, split_kind
from app.services.settings import SettingsService

MAX_NAME = 200


class UnitProfileService:
    def __init__(self, settings: SettingsService):
        self.settings = settings

    def profile(self) -> UnitProfile:
        get = self.settings.get
        unit_kind, unit_name = split_kind(get("unit_name") or "", UNIT_KINDS)
        province_kind, province_name = split_kind(get("province") or "", PROVINCE_KINDS)
        return UnitProfile(
            unit_kind=unit_kind, unit_name=unit_name,
            province_kind=province_kind or "tỉnh", province_name=province_name,
            upper_body=get("upper_body") or "", home_affairs_body=get("home_affairs_body") or "",
            addressees=tuple(get("report_addressees") or ()),
            home_affairs_email=get("home_affairs_email") or "", place=get("place") or "",
        )

    def save(self, profile: UnitProfile, library: Sequence[LibraryBasis] | None = None,
             other: dict | None = None) -> UnitProfile:
        """Store the unit page (and, from the settings dialog, the bases
        library and the other settings) in one transaction; returns the
        previous profile."""
        before = self.profile()
        values = self.settings_for(profile)
        if library is not None:
            values["legal_basis_library"] = self._checked_library(library)
        self.settings.set_many({**(other or {}), **values})
        return before

    def settings_for(self, profile: UnitProfile) -> dict:
        """The stored values of a profile. A text equal to what the
        province's name gives is stored empty, so it follows the name when
        the name is corrected later."""
        check_profile(profile)
        unit_kind, name = _without_kind(profile.unit_kind, profile.unit_name, UNIT_KINDS)
        province_kind, province = _without_kind(profile.province_kind, profile.province_name, PROVINCE_KINDS)
        usual = UnitProfile(province_kind=province_kind, province_name=province)
        addressees = tuple(a for a in (clean_text(x).strip() for x in profile.addressees) if a)
        return {
            "unit_name": f"{unit_kind} {name}" if name else "",
            "province": f"{province_kind} {province}" if province else "",
            "upper_body": _unless_usual(profile.upper_body, usual.upper),
            "home_affairs_body": _unless_usual(profile.home_affairs_body, usual.home_affairs),
            "report_addressees": [] if addressees == usual.report_addressees() else list(addressees),
            "home_affairs_email": profile.home_affairs_email.strip(),
            "place": _unless_usual(profile.place, name),
        }

    # -- legal bases --------------------------------------------------------------------

    def library(self) -> tuple[LibraryBasis, ...]:
        return library_from_json(self.settings.get("legal_basis_library"))

    def set_library(self, bases: Sequence[LibraryBasis]) -> tuple[LibraryBasis, ...]:
        """Replace the library; returns the previous one."""
        before = self.library()
        self.settings.set("legal_basis_library", self._checked_library(bases))
        return before

    @staticmethod
    def _checked_library(bases: Sequence[LibraryBasis]) -> list[dict]:
        for basis in bases:
            if len(basis.text) > 2000:
                raise InvalidInputError(f"Căn cứ quá dài ({len(basis.text)} ký tự; tối đa 2000).")
        return library_to_json(bases)

    def add_to_library(self, texts: Sequence[str]) -> int:
        """Keep bases typed in a plan for the years to come; returns how many were new."""
        library = list(self.library())
        known = {" ".join(b.text.split()) for b in library}
        new = [LibraryBasis(" ".join(clean_text(t).split())) for t in texts
               if t.strip() and " ".join(clean_text(t).split()) not in known]
        if new:
            self.set_library(library + new)
        return len(new)

    def filled(self, bases: Sequence[LibraryBasis], year: int) -> list[str]:
        """Library bases as a plan of ``year`` prints them."""
        profile = self.profile()
        return [fill(b.text, profile, year) for b in bases]

    def bases_for_new_plan(self, year: int) -> list[str]:
        return self.filled([b for b in self.library() if b.default], year)


def _without_kind(kind: str, name: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """A name typed with its kind word ("phường Hồng Hải") is taken apart."""
    typed_kind, rest = split_kind(name, kinds)
    return (typed_kind or kind or kinds[0]), proper_name(rest if typed_kind else name)


def _unless_usual(typed: str, usual: str) -> str:
    typed = " ".join(clean_text(typed).split())
    return "" if typed == usual else typed


def check_profile(profile: UnitProfile) -> None:
    if profile.unit_kind and profile.unit_kind not in UNIT_KINDS:
        raise InvalidInputError(f"Loại đơn vị không hợp lệ: «{profile.unit_kind}» (dùng: {', '.join(UNIT_KINDS)}).")
    if profile.province_kind and profile.province_kind not in PROVINCE_KINDS:
        raise InvalidInputError(f"Tỉnh, thành phố không hợp lệ: «{profile.province_kind}».")
    for label, text in (("Tên đơn vị", profile.unit_name), ("Tên tỉnh, thành phố", profile.province_name),
                        ("Ủy ban nhân dân tỉnh", profile.upper_body), ("Sở Nội vụ", profile.home_affairs_body),
                        ("Địa danh", profile.place)):
        if len(text or "") > MAX_NAME:
            raise InvalidInputError(f"«{label}» quá dài ({len(text)} ký tự; tối đa {MAX_NAME}).")
        if "\n" in (text or ""):
            raise InvalidInputError(f"«{label}» chỉ gồm một dòng.")
    if profile.home_affairs_email.strip():
        from app.io.mail_draft import parse_address

        parse_address(profile.home_affairs_email)
