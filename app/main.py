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

    _give_streams_to_a_windowed_build()
    setup_logging()
    return run(argv)


def _give_streams_to_a_windowed_build() -> None:
    """The Windows build without a console has no stdout/stderr (None);
    printing a message there must not fail. Scripts use cchc-cli.exe."""
    import os

    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main())
