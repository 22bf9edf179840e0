"""Errors the user is meant to read.

A ``UserError`` carries one Vietnamese sentence that the command line prints
and the window shows in a message box. Anything else reaching the top is a
bug: it is logged with its traceback and the user gets a generic message.
"""


class UserError(Exception):
    """A problem the user can act on; ``str(error)`` is the message to show."""


class NotFoundError(UserError):
    """The plan, row or entry asked for does not exist."""


class InvalidInputError(UserError):
    """A value typed by the user cannot be used (bad date, unknown status…)."""


class DataFileError(UserError):
    """The data file cannot be opened or written safely."""


class FileWriteError(UserError):
    """An export could not be written (folder read-only, file open elsewhere, disk full)."""


class DiskFullError(DataFileError, FileWriteError):
    """No space left where a file had to be written: free space, then retry
    (never "damaged", never a restore)."""


class FileReadError(UserError):
    """A file to import cannot be read (corrupt, wrong format, protected)."""
