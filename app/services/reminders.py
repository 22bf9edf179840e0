"""The start-up reminder: at most once a day, and never once turned off."""

from __future__ import annotations

from datetime import date

from app.core.overview import reminder_text


class ReminderService:
    def __init__(self, settings, plans, reports):
        self.settings, self.plans, self.reports = settings, plans, reports

    def due_today(self, today: date) -> bool:
        return bool(self.settings.get("reminders_enabled")) and self.settings.get("last_reminder_date") != today.isoformat()

    def message(self, plan_id: int, today: date) -> str:
        """What to say about this plan today ("" when nothing needs saying)."""
        plan = self.plans.get(plan_id)
        return reminder_text(self.reports.overview(plan_id, today), plan.title)

    def shown(self, today: date) -> None:
        self.settings.set("last_reminder_date", today.isoformat())

    def stop(self) -> None:
        self.settings.set("reminders_enabled", False)
