#!/usr/bin/env bash
# Build every package this machine can make, and check each one.
#
#   installer/build.sh [--check]
#
#  1. the one-folder bundle with PyInstaller          -> build/dist/cchc
#  2. the smoke test of the frozen program, headless   (installer/smoke_test.py)
#  3. on Linux:   .tar.gz, AppDir (+ .AppImage where appimagetool is
#                 installed), .deb                      -> build/packages
#     on Windows: the setup .exe (NSIS) and a portable .zip
#  4. not on Windows: the NSIS script compiled with the Linux bundle as a
#     stand-in payload, so the installer script itself is checked here.
#
# --check: light compression and the stand-in installer deleted afterwards
#          (.ci/run uses it: the packages are checked, not published).
# PYTHON:  the Python that has the program and PyInstaller installed
#          (default: .venv's, else python3). pip install -e ".[build,test]"
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CHECK=""
[ "${1:-}" = "--check" ] && CHECK="--check"

case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) WINDOWS=1 ;;
  *) WINDOWS="" ;;
esac
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python
  elif [ -x .venv/Scripts/python.exe ]; then PYTHON=.venv/Scripts/python.exe
  else PYTHON=python3
  fi
fi
VERSION=$("$PYTHON" -c "import app; print(app.__version__)")
DIST=$ROOT/build/dist
PACKAGES=$ROOT/build/packages
BUNDLE=$DIST/cchc
rm -rf "$DIST" "$PACKAGES"
mkdir -p "$PACKAGES"

echo "== PyInstaller: Sổ kế hoạch CCHC $VERSION"
export QT_QPA_PLATFORM=offscreen
start=$(date +%s)
"$PYTHON" -m PyInstaller installer/cchc.spec --noconfirm --log-level WARN \
  --distpath "$DIST" --workpath "$ROOT/build/pyinstaller"
echo "   built in $(( $(date +%s) - start )) s"

echo "== smoke test of the frozen program"
"$PYTHON" installer/smoke_test.py "$BUNDLE" --json "$ROOT/build/smoke.json"

makensis_path() {
  if command -v makensis >/dev/null; then command -v makensis
  elif [ -x "/c/Program Files (x86)/NSIS/makensis.exe" ]; then echo "/c/Program Files (x86)/NSIS/makensis.exe"
  fi
}
NSIS=$(makensis_path)

if [ -n "$WINDOWS" ]; then
  echo "== Windows installer (NSIS)"
  [ -n "$NSIS" ] || { echo "makensis not found: install NSIS 3" >&2; exit 1; }
  "$NSIS" -INPUTCHARSET UTF8 -V2 -DVERSION="$VERSION" -DSOURCE_DIR="$(cygpath -w "$BUNDLE")" \
    -DOUTFILE="$(cygpath -w "$PACKAGES/so-ke-hoach-cchc-$VERSION-setup.exe")" installer/windows/cchc.nsi
  echo "== portable .zip (with its data folder: the data stays on the stick)"
  mkdir -p "$BUNDLE/data"
  "$PYTHON" -c "import shutil, sys; shutil.make_archive(sys.argv[1], 'zip', sys.argv[2], 'cchc')" \
    "$PACKAGES/so-ke-hoach-cchc-$VERSION-windows-x64-portable" "$DIST"
  rmdir "$BUNDLE/data"
else
  fast=""; [ -n "$CHECK" ] && fast="--fast"
  bash installer/linux/package.sh "$BUNDLE" "$VERSION" "$PACKAGES" $fast
  rm -rf "$PACKAGES/linux-work"
  if [ -n "$NSIS" ]; then
    echo "== NSIS script check (the Linux bundle as a stand-in payload)"
    "$NSIS" -INPUTCHARSET UTF8 -V2 -DFAST -DVERSION="$VERSION" -DSOURCE_DIR="$BUNDLE" \
      -DOUTFILE="$PACKAGES/nsis-check-not-for-windows.exe" installer/windows/cchc.nsi
    if [ -n "$CHECK" ]; then rm -f "$PACKAGES/nsis-check-not-for-windows.exe"; fi
    echo "   the installer script compiles"
  else
    echo "   makensis is not installed: the NSIS script was not checked" >&2
    [ -z "$CHECK" ] || exit 1
  fi
fi

echo "== packages"
ls -l "$PACKAGES"
