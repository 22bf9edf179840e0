"""Status of a plan's tasks as of a date, read from the store."""

from __future__ import annotations

from datetime import date

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
        )
