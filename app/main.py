"""Entry point of the ``cchc`` command and ``python -m app``.

Qt is imported only when a window is wanted, so the command line starts fast
and runs where no display exists.
"""

from __future__ import annotations

import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from app.cli import run
    from app.logging_setup import setup_logging

    setup_logging()
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
