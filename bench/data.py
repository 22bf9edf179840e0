"""Synthetic plans made of real Vietnamese text taken from the seed plans."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from app.core.model import NewRow, RowKind
from app.core.presets import CCHC_AREAS
from app.io.table_reader import parse_tsv, read_table

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
TIMEFRAMES = ("Quý II/{y}", "Thường xuyên", "trước 30/01/{y}", "Trong năm {y}", "Quý III,IV/{y}",
              "Định kỳ hàng quý", "06 tháng/cuộc", "Ban hành Kế hoạch tháng 12/{p}; Triển khai thực hiện trong năm {y}")


def _seed_tasks() -> list[dict[str, str]]:
    """Every task and activity of seeds 002 and 004, as dictionaries of texts."""
    out = []
    for name in ("004", "002"):
        text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
        reading = read_table(parse_tsv("\n".join(line for line in text.split("\n") if "\t" in line)))

        def walk(rows):
            for row in rows:
                if row.kind is not RowKind.AREA:
                    out.append(dict(row.texts))
                walk(row.children)

        walk(reading.rows)
    return out


def synthetic_rows(tasks: int, year: int = 2025, seed: int = 7) -> list[NewRow]:
    """Seven areas holding ``tasks`` tasks; every fourth task has two activities."""
    rng = random.Random(seed)
    pool = _seed_tasks()
    per_area = [tasks // len(CCHC_AREAS) + (1 if i < tasks % len(CCHC_AREAS) else 0) for i in range(len(CCHC_AREAS))]
    areas = []
    counter = 0
    for title, count in zip(CCHC_AREAS, per_area):
        children = []
        for _ in range(count):
            counter += 1
            texts = dict(rng.choice(pool))
            texts["task"] = f"{texts.get('task') or texts.get('activity', '')} (nhiệm vụ {counter})"
            texts["timeframe"] = rng.choice(TIMEFRAMES).format(y=year, p=year - 1)
            activities = ()
            if counter % 4 == 0:
                activities = tuple(
                    NewRow(RowKind.ACTIVITY, {"activity": rng.choice(pool).get("activity", "") or "Triển khai",
                                              "lead": texts.get("lead", ""), "timeframe": "Thường xuyên"})
                    for _ in range(2))
            children.append(NewRow(RowKind.TASK, texts, children=activities))
        areas.append(NewRow(RowKind.AREA, {"task": title}, children=tuple(children)))
    return areas


def make_plan(services, tasks: int, entries: int = 0, year: int = 2025, seed: int = 7) -> int:
    """A CCHC plan with ``tasks`` tasks and ``entries`` progress entries."""
    plan_id = services.plans.create("cchc", year, with_areas=False)
    services.rows.insert(plan_id, None, None, synthetic_rows(tasks, year, seed))
    if entries:
        add_entries(services, plan_id, entries, year, seed)
    return plan_id


def add_entries(services, plan_id: int, count: int, year: int, seed: int = 7) -> None:
    """Progress entries spread over the year, written in one transaction."""
    from sqlalchemy import insert

    from app.models.schema import ProgressEntry

    rng = random.Random(seed)
    task_ids = [r.id for r in services.rows.list(plan_id) if r.kind is RowKind.TASK]
    statuses = ("dang-thuc-hien", "hoan-thanh", "dang-thuc-hien", "chua-trien-khai")
    start = date(year - 1, 12, 15)
    values = [{
        "row_id": rng.choice(task_ids), "date": start + timedelta(days=rng.randrange(360)),
        "status": rng.choice(statuses), "percent": rng.choice((None, 30, 60, 100)),
        "result": "Đã ban hành văn bản triển khai, niêm yết công khai và báo cáo kết quả",
        "evidence": f"{rng.randrange(1, 300)}/BC-UBND", "reason": "",
    } for _ in range(count)]
    with services.db.session() as s:
        s.execute(insert(ProgressEntry.__table__), values)


def make_packages(services, folder: Path, count: int, tasks: int = 40, entries: int = 60, year: int = 2025) -> Path:
    """``count`` wards' submission packages for quý I (one plan each, its
    own log), as each ward's "Gửi cấp trên" makes them."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        plan_id = make_plan(services, tasks, entries, year, seed=index)
        services.submissions.set_unit_name(f"phường Thử Nghiệm {index + 1}")
        services.submissions.set_unit_code(f"{30000 + index:05d}")
        services.submissions.build(plan_id, folder / f"phuong-{index + 1:03d}.cchc", "q1", year, date(year, 3, 10))
    return folder
