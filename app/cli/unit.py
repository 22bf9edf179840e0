"""``cchc unit [--set FIELD=VALUE …] [--json]``: the unit, as the window's
Thiết lập › Đơn vị keeps it, from the command line (a fresh machine set up
by a script, or support reading what a document will print).

Without ``--set`` it prints the unit and what documents and mail take from
it. Fields: unit (``phường Hồng Hải``: kind and name), province
(``tỉnh Quảng Ninh``), upper_body, home_affairs_body, addressees (one per
line), home_affairs_email, place, code (the administrative code a
submission package carries, kept on Thiết lập's report page); an empty
value goes back to the usual text. Every value goes through the settings page's checks in one
transaction: one bad field and nothing is written (exit 2).
"""

from __future__ import annotations

import json
from dataclasses import replace

from app.cli.common import EXIT_OK, open_services
from app.core.errors import InvalidInputError
from app.core.unit import PROVINCE_KINDS, UNIT_KINDS, UnitProfile, split_kind
from app.services.submission import check_unit_code

TEXT_FIELDS = ("upper_body", "home_affairs_body", "home_affairs_email", "place")
FIELDS = ("unit", "province", *TEXT_FIELDS, "addressees", "code")


def register(sub, common) -> dict:
    p = sub.add_parser("unit", parents=[common],
                       help="đơn vị (xã, phường, đặc khu), tỉnh, nơi nhận báo cáo: xem hoặc sửa (như Thiết lập › Đơn vị)")
    p.add_argument("--set", dest="assignments", action="append", default=[], metavar="TRƯỜNG=GIÁ_TRỊ",
                   help=f"trường cần sửa (lặp lại được): {', '.join(FIELDS)}; ví dụ unit=\"phường Hồng Hải\", "
                        "province=\"tỉnh Quảng Ninh\"; addressees: mỗi dòng một nơi; code: mã đơn vị hành chính "
                        "(ghi trong gói nộp báo cáo); để trống: như mặc định")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    return {"unit": _cmd_unit}


def _cmd_unit(args, out) -> int:
    assignments = [_split(text) for text in args.assignments]
    codes = [value for name, value in assignments if name == "code"]
    other = {"unit_code": check_unit_code(codes[-1])} if codes else None
    services = open_services(args)
    try:
        profile = services.unit_profile.profile()
        if assignments:
            profile = apply_assignments(profile, [a for a in assignments if a[0] != "code"])
            services.unit_profile.save(profile, other=other)  # the code with the unit: one transaction
            profile = services.unit_profile.profile()
        code = services.settings.get("unit_code") or ""
    finally:
        services.close()
    if args.json:
        json.dump({**unit_json(profile), "code": code}, out, ensure_ascii=False, indent=2)
        print(file=out)
    else:
        if assignments:
            print(f"Đã sửa đơn vị: {', '.join(name for name, _value in assignments)}.", file=out)
        print(unit_text(profile), file=out)
        if code:
            print(f"Mã đơn vị hành chính: {code}", file=out)
    return EXIT_OK


def _split(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise InvalidInputError(f"Cần dạng TRƯỜNG=GIÁ_TRỊ: «{text}».")
    if name not in FIELDS:
        raise InvalidInputError(f"Không có trường «{name}» (dùng: {', '.join(FIELDS)}).")
    return name, value


def apply_assignments(profile: UnitProfile, assignments: list[tuple[str, str]]) -> UnitProfile:
    for name, value in assignments:
        value = value.strip()
        if name == "unit":
            # A name alone keeps the kind already set (a renamed ward stays a ward).
            kind, unit_name = split_kind(value, UNIT_KINDS)
            kind = kind or profile.unit_kind
            if value and not kind:
                raise InvalidInputError(
                    f"Cần ghi cả loại đơn vị ({', '.join(UNIT_KINDS)}) trước tên: «{value}».")
            profile = replace(profile, unit_kind=kind, unit_name=unit_name)
        elif name == "province":
            kind, province_name = split_kind(value, PROVINCE_KINDS)
            profile = replace(profile, province_kind=kind or profile.province_kind or "tỉnh",
                              province_name=province_name)
        elif name == "addressees":
            profile = replace(profile, addressees=tuple(line.strip() for line in value.splitlines() if line.strip()))
        else:
            profile = replace(profile, **{name: value})
    return profile


def unit_json(profile: UnitProfile) -> dict:
    """What is kept (as typed, empty for "the usual") and what documents print."""
    return {
        "unit": profile.unit, "unit_kind": profile.unit_kind, "unit_name": profile.unit_name,
        "province": profile.province if profile.province_name else "",
        "upper_body": profile.upper_body, "home_affairs_body": profile.home_affairs_body,
        "addressees": list(profile.addressees), "home_affairs_email": profile.home_affairs_email,
        "place": profile.place,
        "printed": {
            "header": list(profile.header_lines), "unit_body": profile.unit_body, "upper": profile.upper,
            "home_affairs": profile.home_affairs, "report_addressees": list(profile.report_addressees()),
            "report_recipients": list(profile.report_recipients()), "plan_recipients": list(profile.plan_recipients()),
            "mail_recipient": profile.mail_recipient(), "place": profile.place_name,
        },
    }


def unit_text(profile: UnitProfile) -> str:
    if not profile.configured:
        return ("Chưa đặt đơn vị: dùng cchc unit --set unit=\"phường …\" --set province=\"tỉnh …\" "
                "(hoặc Tệp › Thiết lập › Đơn vị).")
    lines = [
        f"Đơn vị: {profile.unit} ({profile.unit_body})",
        f"Trực thuộc: {profile.upper}",
        f"Sở Nội vụ: {profile.home_affairs}" + (f" <{profile.home_affairs_email}>" if profile.home_affairs_email else ""),
        "Báo cáo kính gửi: " + "; ".join(profile.report_addressees()),
        "Văn bản in: " + " / ".join(profile.header_lines),
        f"Địa danh: {profile.place_name}",
    ]
    return "\n".join(lines)
