; Windows installer of Sổ kế hoạch CCHC (NSIS 3, Modern UI 2).
;
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSOURCE_DIR=build/dist/windows/cchc \
;            -DOUTFILE=build/packages/SoKeHoachCCHC-0.1.0-setup.exe installer/windows/cchc.nsi
;
; (installer/windows/build.sh does this on Linux; installer/wine_check.sh
; installs, runs and uninstalls the result under Wine.)
;
; Per user, without administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\SoKeHoachCCHC, shortcuts to the user's Start menu
; and desktop, the uninstall entry to HKCU. The officer's data
; (%LOCALAPPDATA%\CCHC\SoKeHoachCCHC, or a portable "data" folder next to
; the program) is kept on uninstall unless they tick its box.
;

; A 64-bit installer for a 64-bit program (Qt 6 runs on 64-bit Windows 10
; and 11 only). It is also what Debian's wine64 can run for the check.
Target amd64-unicode

!ifndef VERSION
  !error "Pass -DVERSION=x.y.z"
!endif
!ifndef SOURCE_DIR
  !error "Pass -DSOURCE_DIR=<the one-folder build>"
!endif
!ifndef OUTFILE
  !define OUTFILE "SoKeHoachCCHC-${VERSION}-setup.exe"
!endif
!ifndef ICON
  ; makensis works from this script's folder (pass absolute paths for the rest)
  !define ICON "../../resources/icons/cchc.ico"
!endif

!define APP_NAME "Sổ kế hoạch CCHC"
!define APP_ID "SoKeHoachCCHC"
!define PUBLISHER "Sổ kế hoạch CCHC"
!define EXE "cchc.exe"
!define CLI_EXE "cchc-cli.exe"
!define UNINSTALLER "go-cai-dat.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
; appdirs.user_data_dir("SoKeHoachCCHC", "CCHC") on Windows
!define DATA_DIR "$LOCALAPPDATA\CCHC\${APP_ID}"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "Software\${APP_ID}" "InstallDir"
SetCompressor /SOLID lzma

; Version resource of the installer (four numbers).
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1066 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1066 "FileDescription" "Cài đặt ${APP_NAME}"
VIAddVersionKey /LANG=1066 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "MIT"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "Chương trình sẽ cài ${APP_NAME} ${VERSION} cho riêng tài khoản này, không cần quyền quản trị.$\r$\n$\r$\nDữ liệu kế hoạch của bạn (nếu đã có) được giữ nguyên."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
; The uninstaller's choice, said in full: without the description box the
; list is the page's width, and the data line is not cut at "kế hoạch,".
; (MUI2 takes page settings without the "UN" prefix, just before the page.)
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_COMPONENTSPAGE_TEXT_TOP "Dữ liệu của bạn (kế hoạch, nhật ký tiến độ, bản sao lưu) được giữ lại, trừ khi bạn đánh dấu ô xóa dữ liệu bên dưới."
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"

; Files of a running program cannot be replaced or deleted: ask the user to
; close it rather than leave half an old version behind. (A silent run
; gives up, exit code 2.)
!macro CLOSE_PROGRAM_FIRST PREFIX
Function ${PREFIX}CloseProgramFirst
  StrCpy $1 "${EXE}"
  Call ${PREFIX}WaitUntilWritable
  StrCpy $1 "${CLI_EXE}"
  Call ${PREFIX}WaitUntilWritable
FunctionEnd

Function ${PREFIX}WaitUntilWritable
  IfFileExists "$INSTDIR\$1" 0 writable
  retry:
    ClearErrors
    FileOpen $0 "$INSTDIR\$1" a
    IfErrors busy
    FileClose $0
    Goto writable
  busy:
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME} đang mở. Hãy đóng chương trình rồi bấm Thử lại." /SD IDCANCEL IDRETRY retry
    SetErrorLevel 2
    Quit
  writable:
FunctionEnd
!macroend
!insertmacro CLOSE_PROGRAM_FIRST ""
!insertmacro CLOSE_PROGRAM_FIRST "un."

Section "${APP_NAME}" SecProgram
  SectionIn RO
  Call CloseProgramFirst
  SetOutPath "$INSTDIR"
  ; A new version replaces the old program files, never the data.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE_DIR}/*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\Gỡ cài đặt ${APP_NAME}.lnk" "$INSTDIR\${UNINSTALLER}"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKCU "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

; -- Uninstall ------------------------------------------------------------------

Section "un.Chương trình ${APP_NAME}" SecUnProgram
  SectionIn RO
  Call un.CloseProgramFirst
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"
  ; Only what the installer put there: a portable "data" folder stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\${APP_ID}"
SectionEnd

; Not ticked by default: a year of work is never removed by accident
; (a silent uninstall keeps it too).
Section /o "un.Xóa cả dữ liệu: kế hoạch, nhật ký tiến độ, bản sao lưu" SecUnData
  RMDir /r "${DATA_DIR}"
  RMDir "$LOCALAPPDATA\CCHC"
  RMDir /r "$INSTDIR\data"
  RMDir "$INSTDIR"
SectionEnd
