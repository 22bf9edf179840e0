"""The plan open in the window, and its one "plan changed" signal.

``OpenPlan`` holds the ``PlanState`` of the chosen plan (rows, numbers, log,
statuses) and its undo stack. Undo commands (``app.ui.commands``) call a
service, then hand what it wrote to ``apply``; every tab listens to
``changed`` and refreshes itself from what it carries, so no window method
needs to know which tab to reload after which action.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.core.plan_state import PlanChanges, PlanState, StateUpdate
from app.ui.qt import QObject, QUndoStack, Signal

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services


class OpenPlan(QObject):
    changed = Signal(object)  # a StateUpdate: what changed

    def __init__(self, services: Services | None = None, parent=None):
        super().__init__(parent)
        self.services = services
        self.state: PlanState | None = None
        self.stack: QUndoStack | None = None

    @property
    def plan_id(self) -> int | None:
        return self.state.plan_id if self.state is not None else None

    def load(self, plan_id: int | None, stack: QUndoStack | None = None) -> None:
        """Read the plan once; from now on only the changes come back."""
        self.stack = stack
        if plan_id is None or self.services is None:
            self.state = None
        else:
            services = self.services
            self.state = PlanState(
                services.plans.get(plan_id), services.rows.tree(plan_id), services.progress.list(plan_id),
                rule=services.settings.window_rule(), report_days=services.settings.report_deadline_days(),
            )
        self.changed.emit(StateUpdate(reset=True, structure=True, numbers=True, tracking=True, entries=True,
                                      document=True))

    def reload(self) -> None:
        """After a change made outside the undo stack (an import, a restore)."""
        self.load(self.plan_id, self.stack)

    def apply(self, changes: PlanChanges) -> StateUpdate | None:
        """Fold in what a service wrote and tell every view."""
        if self.state is None or changes.empty:
            return None
        update = self.state.apply(changes)
        self.changed.emit(update)
        return update

    def set_as_of(self, as_of: date) -> None:
        """Statuses as of another day (tests, and a past year's plan)."""
        if self.state is not None:
            self.changed.emit(self.state.set_as_of(as_of))
