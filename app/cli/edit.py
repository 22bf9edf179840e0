"""``cchc edit PLAN_ID --set FIELD=VALUE …``: a plan's document fields from
the command line, for scripts and support.

Field names are those of ``cchc show --json``'s "plan" object. Lists
(legal_bases, recipients) are one item per line; sections, signer and
columns are given as the JSON ``show --json`` prints (or, for the signer,
one part at a time: ``signer.name=…``); ``issue_date=YYYY-MM-DD`` sets day,
month and year at once (empty: a draft's blank day and month);
``start=YYYY-MM-DD`` the first day of a plan issued mid-year (empty: the whole year). Every value
goes through the same checks as the window's form, all in one transaction:
one bad field and nothing is written (exit 2).
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import date
from typing import Any

from app.cli.common import EXIT_OK, open_services
from app.cli.parser import record_id
from app.core.errors import InvalidInputError
from app.core.model import PLAN_EDITABLE_FIELDS, Column, Section, Signer

TEXT_FIELDS = ("number", "symbol", "parent_body", "issuing_body", "place", "doc_type", "title",
               "appendix_heading", "appendix_title", "kind")
NUMBER_FIELDS = ("year", "issue_day", "issue_month", "issue_year")
LIST_FIELDS = ("legal_bases", "recipients")
FLAG_FIELDS = ("hide_empty_columns", "is_sample")
SIGNER_PARTS = tuple(f.name for f in fields(Signer))
_TRUE, _FALSE = ("1", "true", "yes", "co", "có"), ("0", "false", "no", "khong", "không", "")


def register(sub, common) -> dict:
    p = sub.add_parser("edit", parents=[common], help="sửa các trường văn bản của kế hoạch (như trong show --json)")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("--set", dest="assignments", action="append", required=True, metavar="TRƯỜNG=GIÁ_TRỊ",
                   help="trường cần sửa, tên như trong show --json (lặp lại được); danh sách: mỗi dòng một mục; "
                        "issue_date=YYYY-MM-DD; signer.name=…")
    return {"edit": _cmd_edit}


def _cmd_edit(args, out) -> int:
    assignments = [_split(text) for text in args.assignments]
    services = open_services(args)
    try:
        plan = services.plans.get(args.plan_id)
        changes = parse_changes(plan, assignments)
        services.plans.update(args.plan_id, changes)
    finally:
        services.close()
    print(f"Đã sửa kế hoạch {args.plan_id}: {', '.join(name for name, _value in assignments)}.", file=out)
    return EXIT_OK


def _split(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise InvalidInputError(f"Cần dạng TRƯỜNG=GIÁ_TRỊ: «{text}».")
    return name.strip(), value


def parse_changes(plan, assignments: list[tuple[str, str]]) -> dict[str, Any]:
    """The typed changes for ``PlanService.update`` from FIELD=VALUE texts."""
    changes: dict[str, Any] = {}
    for name, value in assignments:
        if name == "issue_date":
            changes.update(_issue_date(value))
        elif name == "start":
            changes[name] = _start(value)
        elif name.startswith("signer."):
            part = name.split(".", 1)[1]
            if part not in SIGNER_PARTS:
                raise InvalidInputError(f"Không có trường «{name}» (dùng: "
                                        f"{', '.join('signer.' + p for p in SIGNER_PARTS)}).")
            signer = changes.get("signer", plan.signer)
            changes["signer"] = replace(signer, **{part: value.strip()})
        elif name in TEXT_FIELDS:
            changes[name] = value.strip()
        elif name in NUMBER_FIELDS:
            changes[name] = _number(name, value)
        elif name in LIST_FIELDS:
            changes[name] = tuple(line.strip() for line in value.splitlines() if line.strip())
        elif name in FLAG_FIELDS:
            changes[name] = _flag(name, value)
        elif name == "sections":
            changes[name] = tuple(Section(str(s.get("heading", "")), str(s.get("text", "")))
                                  for s in _json(name, value, list))
        elif name == "signer":
            data = _json(name, value, dict)
            unknown = set(data) - set(SIGNER_PARTS)
            if unknown:
                raise InvalidInputError(f"signer: trường không hợp lệ {', '.join(sorted(unknown))}.")
            changes[name] = Signer(**{k: str(v) for k, v in data.items()})
        elif name == "columns":
            changes[name] = tuple(_column(item) for item in _json(name, value, list))
        elif name in ("id",):
            raise InvalidInputError("Không sửa được số của kế hoạch (id).")
        else:
            known = sorted(set(PLAN_EDITABLE_FIELDS) | {"issue_date"})
            raise InvalidInputError(f"Không có trường «{name}» (dùng: {', '.join(known)}).")
    return changes


def _issue_date(value: str) -> dict[str, Any]:
    if not value.strip():
        return {"issue_day": None, "issue_month": None}
    try:
        when = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInputError(f"issue_date không hợp lệ: «{value}» (viết YYYY-MM-DD, ví dụ 2025-03-05).") from None
    return {"issue_day": when.day, "issue_month": when.month, "issue_year": when.year}


def _start(value: str) -> date | None:
    """A mid-year plan's first day; empty: the whole year."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInputError(f"start không hợp lệ: «{value}» (viết YYYY-MM-DD, ví dụ 2025-08-01; "
                                "để trống: cả năm).") from None


def _number(name: str, value: str) -> int | None:
    if not value.strip() and name != "year":
        return None  # a draft: the number is left blank
    try:
        return int(value.strip())
    except ValueError:
        raise InvalidInputError(f"{name} phải là một số: «{value}».") from None


def _flag(name: str, value: str) -> bool:
    key = value.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise InvalidInputError(f"{name} nhận true hoặc false: «{value}».")


def _json(name: str, value: str, kind: type):
    try:
        data = json.loads(value)
    except ValueError:
        raise InvalidInputError(f"{name}: cần JSON như trong show --json.") from None
    if not isinstance(data, kind) or (kind is list and not all(isinstance(i, dict) for i in data)):
        raise InvalidInputError(f"{name}: cần JSON như trong show --json.")
    return data


def _column(item: dict) -> Column:
    try:
        return Column(str(item["field"]), str(item.get("header", "")), float(item.get("width", 20.0)),
                      bool(item.get("export", True)))
    except (KeyError, TypeError, ValueError):
        raise InvalidInputError("columns: mỗi cột cần \"field\", \"header\", \"width\", \"export\".") from None
