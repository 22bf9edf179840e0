#!/usr/bin/env bash
# Install, use and uninstall the Windows packages in a fresh Wine prefix whose
# Windows user is "Nguyễn Văn A": the program lands in
# C:\users\Nguyễn Văn A\AppData\Local\Programs\SoKeHoachCCHC and its data in
# …\AppData\Local\CCHC\SoKeHoachCCHC, both with Vietnamese letters and spaces.
# The steps and their checks are in installer/wine_check.py; any failure
# fails the whole check.
#
#   installer/wine_check.sh [SETUP.exe PORTABLE.zip]   (default: this version's, in build/packages)
#
# Called by installer/build.sh --windows --check and by .ci/run. Screenshots
# and figures: build/wine-check/. KEEP_PREFIX=1 keeps the prefix for a look.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
VERSION=$("$PYTHON" -c "import app; print(app.__version__)")
SETUP=$(readlink -f "${1:-build/packages/SoKeHoachCCHC-$VERSION-setup.exe}")
PORTABLE=$(readlink -f "${2:-build/packages/SoKeHoachCCHC-$VERSION-windows-portable.zip}")
for file in "$SETUP" "$PORTABLE"; do
  [ -f "$file" ] || { echo "missing: $file (run installer/build.sh --windows first)" >&2; exit 1; }
done
# shellcheck source=windows/wine.sh
source installer/windows/wine.sh

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/cchc-wine-check.XXXXXX")
finish() {
  wine_stop
  if [ -z "${KEEP_PREFIX:-}" ]; then rm -rf "$SCRATCH"; else echo "prefix kept: $SCRATCH/prefix"; fi
}
trap finish EXIT
# A home of its own: Wine links the Windows Desktop and Documents to the
# Linux user's folders when they exist, and the check must not write there.
export HOME=$SCRATCH/home
mkdir -p "$HOME"
echo "== fresh Wine prefix, Windows user «Nguyễn Văn A»"
start=$(date +%s)
wine_start "$SCRATCH/prefix" "Nguyễn Văn A"
echo "   ready in $(( $(date +%s) - start )) s ($("$WINE" --version))"
export WINE
start=$(date +%s)
"$PYTHON" installer/wine_check.py "$SETUP" "$PORTABLE" --out "$ROOT/build/wine-check"
echo "   Wine check passed in $(( $(date +%s) - start )) s"
