"""Entering the seed plans through the services, as an officer would by hand."""

from __future__ import annotations

from app.core.model import RowKind
from app.io.table_reader import parse_tsv, read_table
from tests.conftest import seed_table_tsv

SEED_LAYOUTS = {"000": ("tuyen-truyen", "tuyen-truyen-000"), "002": ("tuyen-truyen", "tuyen-truyen-002"),
                "004": ("cchc", "cchc-004")}


def enter_seed(services, name: str, year: int = 2023) -> int:
    """A plan holding the seed's appendix rows (read from its text)."""
    kind, layout = SEED_LAYOUTS[name]
    plan_id = services.plans.create(kind, year, layout, with_areas=False)
    reading = read_table(parse_tsv(seed_table_tsv(name)))
    services.rows.insert(plan_id, None, None, list(reading.rows))
    return plan_id


def structure(services, plan_id: int, fields=None) -> list[tuple]:
    """Rows as comparable tuples: kind, printed number, parent's number, texts."""
    from app.core.tree import numbers_for

    rows = services.rows.list(plan_id)
    numbers = numbers_for(rows)
    by_id = {r.id: r for r in rows}
    fields = fields or ("objective", "task", "activity", "form", "output", "lead", "support", "timeframe", "budget")
    out = []
    for row in rows:
        parent = numbers.get(row.parent_id, "") if row.parent_id else ""
        parent_kind = by_id[row.parent_id].kind.value if row.parent_id else ""
        out.append((row.kind.value, numbers[row.id], parent_kind, parent, *(getattr(row, f) for f in fields)))
    return out


def tasks_of(services, plan_id: int):
    return [r for r in services.rows.list(plan_id) if r.kind is RowKind.TASK]


def enter_seed_with_log(services) -> int:
    """Seed 004 with one progress entry: a data file worth keeping safe."""
    from datetime import date

    plan_id = enter_seed(services, "004")
    task = services.rows.find_by_number(plan_id, "3")
    services.progress.add(task.id, date=date(2023, 2, 1), status="hoan-thanh", result="Niêm yết 45 TTHC")
    return plan_id


def snapshot(services) -> tuple:
    """Every plan, its rows and its log, to compare a file before and after."""
    plans = services.plans.list()
    return plans, [structure(services, p.id) for p in plans], [services.progress.list(p.id) for p in plans]
