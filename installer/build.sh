#!/usr/bin/env bash
# Build the packages, and check each one. Runs on Linux.
#
#   installer/build.sh [--check]            the Linux packages
#   installer/build.sh --windows [--check]  the Windows packages, built with Wine
#
# Linux:
#  1. the one-folder bundle with PyInstaller          -> build/dist/cchc
#  2. the smoke test of the frozen program, headless   (installer/smoke_test.py)
#  3. .tar.gz, AppDir (+ .AppImage where appimagetool is installed), .deb
#                                                      -> build/packages
#  --check: light compression (.ci/run: the packages are checked, not published).
#
# Windows (installer/windows/build.sh): python.org's Windows CPython and the
# Windows wheels from PyPI, PyInstaller run under Wine with the same spec,
# then the NSIS setup .exe and the portable .zip -> build/packages.
#  --check: then install, run, and uninstall them in a fresh Wine prefix
#           (installer/wine_check.sh). The packages are the release ones.
#
# PYTHON:  the Python that has the program and PyInstaller installed
#          (default: .venv's, else python3). pip install -e ".[build,test]"
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CHECK=""
TARGET=linux
for argument in "$@"; do
  case "$argument" in
    --check) CHECK="--check" ;;
    --windows) TARGET=windows ;;
    *) echo "usage: installer/build.sh [--windows] [--check]" >&2; exit 2 ;;
  esac
done
if [ "$(uname -s)" != "Linux" ]; then
  echo "The packages are built on Linux (the Windows ones with Wine: installer/build.sh --windows)." >&2
  exit 2
fi
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
export PYTHON
VERSION=$("$PYTHON" -c "import app; print(app.__version__)")
PACKAGES=$ROOT/build/packages
mkdir -p "$PACKAGES"

if [ "$TARGET" = windows ]; then
  echo "== Windows packages of Sổ kế hoạch CCHC $VERSION, built with Wine"
  start=$(date +%s)
  bash installer/windows/build.sh "$VERSION"
  echo "   Windows packages built in $(( $(date +%s) - start )) s"
  if [ -n "$CHECK" ]; then
    bash installer/wine_check.sh "$PACKAGES/SoKeHoachCCHC-$VERSION-setup.exe" \
      "$PACKAGES/SoKeHoachCCHC-$VERSION-windows-portable.zip"
  fi
  exit 0
fi

DIST=$ROOT/build/dist
BUNDLE=$DIST/cchc
rm -rf "$BUNDLE" "$PACKAGES"/so-ke-hoach-cchc[-_]* "$PACKAGES"/So-ke-hoach-CCHC-*.AppImage

echo "== PyInstaller: Sổ kế hoạch CCHC $VERSION"
export QT_QPA_PLATFORM=offscreen
start=$(date +%s)
"$PYTHON" -m PyInstaller installer/cchc.spec --noconfirm --log-level WARN \
  --distpath "$DIST" --workpath "$ROOT/build/pyinstaller"
echo "   built in $(( $(date +%s) - start )) s"

echo "== smoke test of the frozen program"
"$PYTHON" installer/smoke_test.py "$BUNDLE" --json "$ROOT/build/smoke.json"

fast=""; [ -n "$CHECK" ] && fast="--fast"
bash installer/linux/package.sh "$BUNDLE" "$VERSION" "$PACKAGES" $fast
rm -rf "$PACKAGES/linux-work"

echo "== packages"
ls -l "$PACKAGES"
