"""Report figures: tasks counted per status, per area and in total."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from app.core.status import DONE_STATUSES, TaskStatus


@dataclass(frozen=True)
class StatusCounts:
    """How many tasks stand at each status, with the derived totals."""

    counts: dict[TaskStatus, int] = field(default_factory=dict)

    def __getitem__(self, status: TaskStatus) -> int:
        return self.counts.get(status, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return sum(self[s] for s in DONE_STATUSES)

    @property
    def recurring(self) -> int:
        return self[TaskStatus.RECURRING_ACTIVE] + self[TaskStatus.RECURRING_IDLE]

    def percent(self, value: int) -> float:
        return round(100.0 * value / self.total, 1) if self.total else 0.0

    @property
    def percent_done(self) -> float:
        return self.percent(self.done)


@dataclass(frozen=True)
class AreaFigures:
    label: str          # "I", or "" for tasks outside any area
    title: str
    counts: StatusCounts


@dataclass(frozen=True)
class Figures:
    areas: tuple[AreaFigures, ...]
    total: StatusCounts


@dataclass(frozen=True)
class TaskForFigures:
    """One counted task: its area and its status."""

    area_key: int | None
    area_label: str
    area_title: str
    status: TaskStatus


def compute_figures(
    tasks: Iterable[TaskForFigures],
    areas: Iterable[tuple[int | None, str, str]] = (),
) -> Figures:
    """Counts per area and in total. ``areas`` (key, label, title) lists the
    areas to show even when they hold no task, in their order; areas met only
    among the tasks follow in the order they first appear."""
    per_area: dict[int | None, dict[TaskStatus, int]] = {}
    names: dict[int | None, tuple[str, str]] = {}
    for key, label, title in areas:
        names[key] = (label, title)
        per_area[key] = {}
    total: dict[TaskStatus, int] = {}
    for task in tasks:
        names.setdefault(task.area_key, (task.area_label, task.area_title))
        bucket = per_area.setdefault(task.area_key, {})
        bucket[task.status] = bucket.get(task.status, 0) + 1
        total[task.status] = total.get(task.status, 0) + 1
    areas = tuple(
        AreaFigures(names[key][0], names[key][1], StatusCounts(counts))
        for key, counts in per_area.items()
    )
    return Figures(areas, StatusCounts(total))


def format_percent(value: float) -> str:
    """66.7 → "66,7%" (Vietnamese decimal comma); whole numbers lose the decimals."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"
