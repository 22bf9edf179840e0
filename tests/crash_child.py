"""Random edits through the services, printing each one as soon as its call
has returned; the crash test kills this process at random moments."""

import random
import sys
from datetime import date
from pathlib import Path

from app.core.model import RowKind
from app.services import Services


def main() -> None:
    db, data, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    services = Services.open(db, data)
    plan_id = services.plans.list()[0].id
    tasks = [r.id for r in services.rows.list(plan_id) if r.kind is RowKind.TASK]
    area = services.rows.find_area(plan_id, "II").id
    print("ready", flush=True)
    for step in range(100_000):
        tag = f"{seed}-{step}"
        choice = rng.random()
        if choice < 0.4 or not tasks:
            row = services.rows.add(plan_id, RowKind.TASK, area, texts={"task": f"edit {tag}"})
            tasks.append(row.id)
            print(f"add {row.id} {tag}", flush=True)
        elif choice < 0.7:
            row_id = rng.choice(tasks)
            services.rows.update(row_id, {"note": f"note {tag}"})
            print(f"note {row_id} {tag}", flush=True)
        else:
            row_id = rng.choice(tasks)
            services.progress.add(row_id, date=date(2025, 3, 1), status="dang-thuc-hien", result=f"log {tag}")
            print(f"log {row_id} {tag}", flush=True)


if __name__ == "__main__":
    main()
