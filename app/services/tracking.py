"""Status of a plan's tasks as of a date, read from the store."""

from __future__ import annotations

from datetime import date

from app.core.dates import short_date
from app.core.errors import InvalidInputError
from app.core.status import OccurrenceState
from app.core.tracking import PlanTracking, track_plan
from app.services.plans import PlanService
from app.services.progress import ProgressService
from app.services.rows import RowService
from app.services.settings import SettingsService


class TrackingService:
    def __init__(self, plans: PlanService, rows: RowService, progress: ProgressService, settings: SettingsService):
        self.plans = plans
        self.rows = rows
        self.progress = progress
        self.settings = settings

    def track(self, plan_id: int, as_of: date | None = None, window_start: date | None = None) -> PlanTracking:
        plan = self.plans.get(plan_id)
        return track_plan(
            plan.year,
            self.rows.list(plan_id),
            self.progress.list(plan_id),
            as_of or date.today(),
            window_start,
            self.settings.window_rule(),
            start=plan.start,
        )

    def occurrences_for(self, plan_id: int, row_id: int, as_of: date | None = None) -> tuple[OccurrenceState, ...]:
        """The occurrences an entry logged on ``row_id`` may name: the row's
        own (a sub-row's, or every one of a task)."""
        return self.track(plan_id, as_of).occurrences_for(row_id)

    def check_occurrence(self, plan_id: int, row_id: int, due: date, label: str) -> None:
        """Refuse naming a due date the row does not have (``label``: how the
        officer calls the row, "nhiệm vụ 3")."""
        states = self.occurrences_for(plan_id, row_id)
        if any(s.due == due for s in states):
            return
        if not states:
            raise InvalidInputError(f"{label[:1].upper()}{label[1:]} không có lần đến hạn nào để chọn "
                                    "(làm thường xuyên); bỏ --occurrence.")
        listed = ", ".join(short_date(s.due) for s in states)
        raise InvalidInputError(f"{label[:1].upper()}{label[1:]} không có lần đến hạn ngày {short_date(due)} "
                                f"(các lần đến hạn: {listed}).")

