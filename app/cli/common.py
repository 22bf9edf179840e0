"""What every command group shares: exit codes and opening the data file."""

from __future__ import annotations

EXIT_OK, EXIT_FAILURE, EXIT_USER_ERROR = 0, 1, 2


def open_services(args):
    """The services over ``--db`` (a file or a ``postgresql://`` address),
    ``CCHC_DATABASE_URL``, or the default data file."""
    from app.services import Services

    return Services.open(args.db)
