"""Every path the program uses, resolved in one place.

Order of precedence for the data folder:
1. the ``CCHC_DATA_DIR`` environment variable (tests, support, scripted use);
2. portable mode: a folder named ``data`` next to the executable
   (a frozen build carried on a USB stick);
3. the per-user data folder from appdirs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import appdirs

APP_NAME = "SoKeHoachCCHC"
APP_AUTHOR = "CCHC"
ENV_DATA_DIR = "CCHC_DATA_DIR"
DB_FILE_NAME = "so-ke-hoach-cchc.sqlite3"


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def portable_data_dir() -> Path | None:
    """The ``data`` folder next to the frozen executable, if the user made one.

    For an AppImage the executable lives in a temporary mount; the folder
    that counts is the one next to the ``.AppImage`` file itself (``$APPIMAGE``).
    """
    if not is_frozen():
        return None
    beside = [Path(sys.executable).resolve().parent]
    if os.environ.get("APPIMAGE"):
        beside.insert(0, Path(os.environ["APPIMAGE"]).resolve().parent)
    for folder in beside:
        if (folder / "data").is_dir():
            return folder / "data"
    return None


def data_dir() -> Path:
    """Folder holding the database, backups, attachments, outbox and logs."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    portable = portable_data_dir()
    if portable is not None:
        return portable
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        # appdirs' own folder, without its short-name downgrade: for a user
        # named "Nguyễn Văn A" it returns C:\Users\NGUY~1\…, which the
        # officer would then read in every message naming the data folder.
        return Path(os.environ["LOCALAPPDATA"]) / APP_AUTHOR / APP_NAME
    return Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME


def logs_dir() -> Path:
    return data_dir() / "logs"


def resources_dir() -> Path:
    """Fonts and icons: in the bundle, inside an installed wheel, or in the repository."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates.append(package_dir / "resources")
    candidates.append(package_dir.parent / "resources")
    for candidate in candidates:
        if (candidate / "fonts").is_dir():
            return candidate
    return candidates[-1]


def fonts_dir() -> Path:
    return resources_dir() / "fonts"
