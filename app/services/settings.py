"""Settings stored in the data file, with the defaults of app.core.settings."""

from __future__ import annotations

from typing import Any

from app.core.errors import InvalidInputError
from app.core.periods import Period, WindowRule
from app.core.settings import SETTINGS
from app.core.text import clean_text
from app.models.database import Database
from app.models.schema import Setting


class SettingsService:
    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str) -> Any:
        spec = SETTINGS.get(key)
        if spec is None:
            raise InvalidInputError(f"Không có thiết lập «{key}».")
        with self.db.reading() as s:
            row = s.get(Setting, key)
            return spec.default if row is None else row.value

    def set(self, key: str, value: Any) -> Any:
        """Store a value; returns the previous one."""
        return self.set_many({key: value})[key]

    def set_many(self, values: dict[str, Any]) -> dict[str, Any]:
        """Store several values in one transaction (one user action, such as
        saving the unit page); returns the previous ones."""
        clean = {key: _coerce(key, value) for key, value in values.items()}
        old: dict[str, Any] = {}
        with self.db.session() as s:
            for key, value in clean.items():
                row = s.get(Setting, key)
                old[key] = SETTINGS[key].default if row is None else row.value
                if row is None:
                    s.add(Setting(key=key, value=value))
                else:
                    row.value = value
        return old

    def window_rule(self) -> WindowRule:
        return WindowRule(int(self.get("window_start_day")), int(self.get("window_end_day")))

    def report_deadline_days(self) -> dict[Period, int]:
        """Day of the period's last month each report is due upward."""
        return {p: int(self.get(f"report_deadline_day.{p.value}")) for p in Period}


def _coerce(key: str, value: Any) -> Any:
    spec = SETTINGS.get(key)
    if spec is None:
        raise InvalidInputError(f"Không có thiết lập «{key}».")
    if isinstance(value, str):
        value = clean_text(value)
    if isinstance(spec.default, bool):
        return bool(value)
    if isinstance(spec.default, int):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise InvalidInputError(f"«{spec.label}» phải là một số.") from None
    return value
