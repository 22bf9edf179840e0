"""Synthetic wards for the consolidation tests: each the real seed plan 004
(30 tasks, 8 activities) with its own progress log, packaged for quý I 2023
as the ward's officer would (``SubmissionService.build``)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.core.model import RowKind
from app.core.status import TaskStatus
from tests.seeds import enter_seed

YEAR = 2023
AS_OF = date(2023, 3, 10)
WINDOW_START = date(2022, 12, 15)
WARD_NAMES = (
    "phường Sông Cầu", "phường Đức Xuân", "phường Nguyễn Thị Minh Khai", "phường Huyền Tụng", "phường Xuất Hóa",
    "phường Phùng Chí Kiên", "xã Dương Quang", "xã Nông Thượng", "xã Thanh Vận", "xã Mai Lạp",
    "phường Hồng Hải", "phường Hà Tu", "phường Cao Xanh", "phường Bạch Đằng", "phường Trần Hưng Đạo",
    "xã Quảng La", "xã Tân Dân", "xã Lê Lợi", "phường Hoành Bồ", "phường Việt Hưng",
    "phường Đại Yên", "phường Tuần Châu", "xã Kỳ Thượng", "xã Đồng Lâm", "xã Đồng Sơn",
    "phường Cẩm Phả", "phường Mông Dương", "phường Quang Hanh", "đặc khu Cô Tô", "đặc khu Vân Đồn",
)
RESULTS = ("Đã ban hành văn bản triển khai", "Niêm yết công khai 45 TTHC tại Bộ phận một cửa",
           "Tổ chức hội nghị quán triệt", "Đang rà soát, tổng hợp số liệu")


@dataclass(frozen=True)
class Ward:
    name: str
    code: str
    plan_id: int
    package: Path
    by_status: dict      # the ward's own figures for the period (its report's)
    total: int
    percent_done: float


def add_random_log(services, plan_id: int, rng: random.Random) -> None:
    """Each task: nothing, under way, done (on time or late) or dropped, on
    dates inside quý I's data window — in one transaction."""
    from sqlalchemy import insert

    from app.models.schema import ProgressEntry

    values = []
    for row in services.rows.list(plan_id):
        if row.kind is not RowKind.TASK:
            continue
        roll = rng.random()
        when = WINDOW_START + timedelta(days=rng.randrange((AS_OF - WINDOW_START).days + 1))
        if roll < 0.25:
            continue
        status = "dang-thuc-hien" if roll < 0.5 else ("hoan-thanh" if roll < 0.92 else "khong-thuc-hien")
        values.append({"row_id": row.id, "date": when, "status": status, "percent": 100 if status == "hoan-thanh" else None,
                       "result": rng.choice(RESULTS), "evidence": f"{rng.randrange(1, 300)}/BC-UBND",
                       "reason": "Không còn phù hợp" if status == "khong-thuc-hien" else ""})
    with services.db.session() as s:
        s.execute(insert(ProgressEntry.__table__), values)


def make_wards(services, folder: Path, count: int, seed: int = 21) -> list[Ward]:
    """``count`` wards in one data file (the unit name and code set before
    each package, as each ward's own settings would be)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    wards = []
    for index in range(count):
        name = WARD_NAMES[index % len(WARD_NAMES)] + (f" {index // len(WARD_NAMES) + 1}" if index >= len(WARD_NAMES) else "")
        code = f"{20000 + 7 * index:05d}"
        plan_id = enter_seed(services, "004", YEAR)
        add_random_log(services, plan_id, rng)
        services.submissions.set_unit_name(name)
        services.submissions.set_unit_code(code)
        package = folder / f"ward-{index:03d}.cchc"
        services.submissions.build(plan_id, package, "q1", YEAR, AS_OF)
        figures = services.reports.figures_for(plan_id, "q1", YEAR, AS_OF).figures.total
        wards.append(Ward(name, code, plan_id, package, {s.value: figures[s] for s in TaskStatus},
                          figures.total, figures.percent_done))
    return wards
