"""Copying a plan to the next year from the window: the bases that cite a
document of this year are offered moved on to the next (the officer ticks)."""

from __future__ import annotations


def copy_to_next_year(parent, services, plan_id: int) -> int | None:
    """The copy's id, or None when the officer cancelled."""
    from app.ui.legal_bases import NextYearBases

    plan = services.plans.get(plan_id)
    offers = services.plans.next_year_bases(plan_id)
    bases = None
    if offers:
        dialog = NextYearBases(offers, plan.year, parent)
        if not dialog.exec():
            return None
        bases = dialog.bases(plan.legal_bases)
    return services.plans.copy_to_next_year(plan_id, bases)
