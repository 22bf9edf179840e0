# Wine helpers for the Windows build and its check (sourced, bash).
#
#   wine_start PREFIX [USER]  make or reuse a Wine prefix and keep its server up
#   wine_run PROGRAM ARGS...  run a Windows program; its output on our stdout
#   wine_stop                 end the prefix's server and programs
#   winpath PATH              the Windows name (Z:\…) of a Linux path
#
# Learned with Debian 12's wine64 (Wine 8.0):
# - Python's standard streams must be pipes: when stdout or stderr is a
#   regular file, Windows CPython stops at start ("init_sys_streams: Invalid
#   handle"). wine_run therefore always pipes the output through cat.
# - The server and its helper programs (services.exe, winedevice.exe…) are
#   started once with their output on /dev/null: started from a piped
#   command they would inherit the pipe and keep it open after the program
#   ends, and the pipe's reader would wait forever. A persistent server also
#   spares the ~2 s it takes to start for every command.
# - Variables named QT_* are not passed from Linux to Windows programs.

WINE=""
for candidate in "$(command -v wine64 || true)" /usr/lib/wine/wine64 "$(command -v wine || true)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then WINE=$candidate; break; fi
done
WINESERVER=""
for candidate in "$(dirname "${WINE:-/usr/lib/wine/wine64}")/wineserver" /usr/lib/wine/wineserver \
                 "$(command -v wineserver || true)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then WINESERVER=$candidate; break; fi
done

wine_require() {
  if [ -z "$WINE" ] || [ -z "$WINESERVER" ]; then
    echo "Wine is not installed (Debian: apt install wine64)" >&2
    return 1
  fi
}

wine_start() {  # PREFIX [USER]
  wine_require || return 1
  export WINEPREFIX=$1
  # Wine reads Linux names (the user's, file names) in the locale's encoding.
  export LANG=C.UTF-8
  unset LC_ALL
  # The Windows user (and so C:\users\<name>\AppData) is named after $USER.
  if [ -n "${2:-}" ]; then export USER=$2 LOGNAME=$2; fi
  export WINEDEBUG=-all
  # No Mono or Gecko: nothing here needs .NET or a browser, and Wine would
  # try to download them.
  export WINEDLLOVERRIDES="mscoree,mshtml="
  export WINEARCH=win64
  # Windows programs get no X display: the checks draw offscreen.
  unset DISPLAY WAYLAND_DISPLAY
  mkdir -p "$WINEPREFIX"
  # Persistent from the start: wineboot would otherwise start a server that
  # quits 3 s after the last program, and -p cannot change a running one.
  "$WINESERVER" -p </dev/null >/dev/null 2>&1 || true
  "$WINE" wineboot -i </dev/null >/dev/null 2>&1
}

wine_run() {  # PROGRAM ARGS...
  "$WINE" "$@" </dev/null 2>&1 | cat
  return "${PIPESTATUS[0]}"
}

wine_stop() {
  [ -n "${WINEPREFIX:-}" ] && [ -n "$WINESERVER" ] || return 0
  "$WINESERVER" -k >/dev/null 2>&1 || true
  "$WINESERVER" -w >/dev/null 2>&1 || true
}

winpath() {  # a Linux path as Windows sees it (Wine maps / to Z:)
  local path
  path=$(readlink -m "$1")
  printf 'Z:%s' "${path//\//\\}"
}
