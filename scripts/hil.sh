#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Hardware in the loop, in one command (`make hil BOARD=.. TTY=.. [IP=..]`):
#   1. flashes bl1, an erased journal, rescue and the self-test, resets the
#      board and reads the self-test's PASS / FAIL / SKIP lines from the console;
#   2. flashes the demo application the same way and, once it listens, runs
#      20 updates in a row over the network: alternating images with a new
#      version each time, corrupted images (must be rejected, the running
#      version stays), an image that never confirms (three trial boots, then
#      rescue, which takes the next update), and resets in the middle of an
#      install (when the target can be reset: the board must come up
#      consistent, old or new version, never in rescue);
#   3. prints a report to paste into an issue (also written to build/hil/).
# Every wait is bounded. Exit 0 when the self-test has no FAIL and every
# update passed (or was skipped for want of a reset).
#
# Settings (environment; `make hil` passes BOARD, TTY, IP, PROFILE):
#   BOARD           board name (boards/, or qemu-mps2-an386 for the QEMU proof)
#   TTY             the console (e.g. /dev/ttyACM0, the ST-LINK's virtual COM port)
#   IP              the board's address; default: the DHCP address its console prints
#   PORT            update port (40000)
#   PROFILE         slot (the plan below is the slot profile's)
#   HIL_FLASH       command that writes FILE at ADDR ("st-flash write")
#   HIL_FLASH_FILE  instead: write into this flash image file (QEMU), at
#                   ADDR - HIL_FLASH_BASE
#   HIL_RESET       command that resets the target ("st-flash reset"); "" = none
#   HIL_BL1 HIL_RESCUE HIL_SELFTEST HIL_APP_A HIL_APP_B HIL_APP_NOCONFIRM
#                   raw images (defaults: build/fw/BOARD/{bl1,rescue,selftest,
#                   demo,demo,selftest}.bin; the self-test never confirms when
#                   sent as an update); HIL_SELFTEST=none skips step 1
#   HIL_KEY         signing key for `otaboot pack` (boards built with SIGNING_KEYS)
#   HIL_UPDATES     20, or 0 for the self-test alone
#   HIL_TIMEOUT     seconds allowed for one step (120)
#   HIL_TRIAL_S     seconds a trial image may run before the script resets it
#                   as its watchdog would (150: the demo restarts itself at 120 s)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

die() { echo "hil: $*" >&2; exit 2; }
[ -n "${BOARD:-}" ] || die "name the board: make hil BOARD=nucleo-f429zi TTY=/dev/ttyACM0 [IP=192.168.1.23]"
[ -n "${TTY:-}" ] || die "name the console: TTY=/dev/ttyACM0 (the ST-LINK virtual COM port; E407: your USB-serial adapter)"
[ -c "$TTY" ] || die "$TTY is not a terminal device: check the cable and TTY="
PORT=${PORT:-40000} PROFILE=${PROFILE:-slot} IP=${IP:-}
[ "$PROFILE" = slot ] || die "PROFILE=$PROFILE: the update plan is the slot profile's (in direct every update restarts into rescue); build and run with PROFILE=slot"
FW=build/fw/$BOARD
OTABOOT=${OTABOOT:-build/host/otaboot}
LAYOUTGEN=${LAYOUTGEN:-build/host/layoutgen}
HIL_BL1=${HIL_BL1:-$FW/bl1.bin} HIL_RESCUE=${HIL_RESCUE:-$FW/rescue.bin}
HIL_SELFTEST=${HIL_SELFTEST:-$FW/selftest.bin}
HIL_APP_A=${HIL_APP_A:-$FW/demo.bin} HIL_APP_B=${HIL_APP_B:-$FW/demo.bin}
HIL_APP_NOCONFIRM=${HIL_APP_NOCONFIRM:-$FW/selftest.bin}
HIL_FLASH=${HIL_FLASH:-st-flash write} HIL_RESET=${HIL_RESET-st-flash reset}
HIL_TIMEOUT=${HIL_TIMEOUT:-120} HIL_TRIAL_S=${HIL_TRIAL_S:-150} HIL_UPDATES=${HIL_UPDATES:-20}
case $HIL_UPDATES in 0|20) ;; *) die "HIL_UPDATES=$HIL_UPDATES: 20 (the default) or 0 (the self-test alone)" ;; esac
for f in "$OTABOOT" "$LAYOUTGEN" "$HIL_BL1" "$HIL_RESCUE" "$HIL_APP_A" "$HIL_APP_B" "$HIL_APP_NOCONFIRM" \
         $([ "$HIL_SELFTEST" = none ] || echo "$HIL_SELFTEST"); do
  [ -f "$f" ] || die "$f missing: build first (make firmware DEV_MODE=1, or SIGNING_KEYS=...)"
done
hdr=$("$LAYOUTGEN" --header "$BOARD" "$PROFILE") || die "no layout for $BOARD/$PROFILE"
lay() { awk -v k="OB_LAYOUT_$1" '$2 == k { sub(/u$/, "", $3); print $3 }' <<<"$hdr"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/otaboot-hil.XXXXXX")
LOG=$WORK/console.log READER=
cleanup() { [ -n "$READER" ] && kill "$READER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
: >"$LOG"

# ---- console, flashing, reset -------------------------------------------------
stty -F "$TTY" 115200 raw -echo 2>/dev/null || true
cat "$TTY" >>"$LOG" &
READER=$!
mark() { MARK=$(stat -c %s "$LOG"); }
# console FROM: the console's text after byte offset FROM, without CRs
console() { tail -c +"$(($1 + 1))" "$LOG" | tr -d '\r'; }
# seen PATTERN [FROM]: a console line after FROM (default MARK) matches (grep -E)
seen() { console "${2:-$MARK}" | grep -qE -- "$1"; }
# wait_for PATTERN SECONDS [FROM]
wait_for() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do seen "$1" "${3:-$MARK}" && return 0; sleep 0.1; done
  return 1
}
say() { printf '==> %s\n' "$*" >&2; }

flash_write() { # FILE REGION
  local addr=$(( $(lay "$2_ADDR") ))
  if [ -n "${HIL_FLASH_FILE:-}" ]; then
    dd if="$1" of="$HIL_FLASH_FILE" bs=64K seek=$(( addr - HIL_FLASH_BASE )) oflag=seek_bytes conv=notrunc status=none
  else
    $HIL_FLASH "$1" "$(printf '0x%08x' "$addr")" >"$WORK/flash.out" 2>&1 || { cat "$WORK/flash.out" >&2; die "flashing $1 failed"; }
  fi
}
reset_board() {
  if [ -n "$HIL_RESET" ]; then eval "$HIL_RESET" >/dev/null 2>&1; else return 1; fi
}
# flash_set APP.bin: bl1, erased journal, rescue, the application; reset.
flash_set() {
  local jsize=$(( $(lay JOURNAL0_SIZE) + $(lay JOURNAL1_SIZE) ))
  head -c "$jsize" /dev/zero | tr '\0' '\377' >"$WORK/journal.bin"
  flash_write "$HIL_BL1" BL1
  flash_write "$WORK/journal.bin" JOURNAL0
  flash_write "$HIL_RESCUE" RESCUE
  flash_write "$1" APP
  mark
  reset_board || say "no reset command: reset the board by hand now"
}
host() { echo "$IP:$PORT"; }
status() { "$OTABOOT" status "$(host)" --raw --timeout 5 2>/dev/null; }
# wait_status REGEX SECONDS: the board's STATUS answer matches.
wait_status() {
  local i
  for ((i = 0; i < $2; i++)); do
    LAST_STATUS=$(status) && grep -qE -- "$1" <<<"$LAST_STATUS" && return 0
    sleep 1
  done
  return 1
}

# ---- 1. self-test ---------------------------------------------------------------
ST_LINES='' ST_SUMMARY='not run' BL1_LINES=''
if [ "$HIL_SELFTEST" = none ]; then
  ST_SUMMARY="no self-test image for $BOARD (HIL_SELFTEST=none)"
else
  say "flashing bl1, rescue and the self-test; reading the console"
  flash_set "$HIL_SELFTEST"
  from=$MARK
  if wait_for '^selftest: [0-9]+ PASS' "$HIL_TIMEOUT" "$from"; then
    sleep 0.5
    ST_LINES=$(console "$from" | grep -E '^(PASS|FAIL|SKIP) ')
    ST_SUMMARY=$(console "$from" | grep -E '^selftest: [0-9]+ PASS' | tail -1)
  else
    ST_SUMMARY="FAIL: no self-test summary on $TTY within $HIL_TIMEOUT s"
  fi
  BL1_LINES=$(console "$from" | grep -E '^bl1: (otaboot bl1|clock)' | head -2)
  [ -n "$IP" ] || IP=$(console "$from" | sed -n 's/^PASS eth\.dhcp: address \([0-9.]*\) .*/\1/p' | tail -1)
fi

# ---- 2. the demo, then 20 updates ---------------------------------------------------
declare -a R_KIND R_VER R_RES R_SEC R_NOTE
PLAN=(good good good good corrupt good good good noconfirm good cut good good corrupt good good cut good good good)
# demo_up: the demo flashed and started; READY=1 once it answers STATUS.
demo_up() {
  local from
  say "flashing bl1, rescue and the demo application"
  flash_set "$HIL_APP_A"
  from=$MARK
  if ! wait_for '^agent: listening' "$HIL_TIMEOUT" "$from"; then
    say "the demo did not reach 'agent: listening' within $HIL_TIMEOUT s"; return
  fi
  [ -n "$BL1_LINES" ] || BL1_LINES=$(console "$from" | grep -E '^bl1: (otaboot bl1|clock)' | head -2)
  [ -n "$IP" ] || IP=$(console "$from" | sed -n 's/^net: address \([0-9.]*\) .*/\1/p' | tail -1)
  if [ -z "$IP" ]; then
    say "no address on the console: give IP="
  elif wait_status 'running=app' 30; then
    READY=1
  else
    say "the board does not answer STATUS at $(host)"
  fi
}
READY=0
if [ "$HIL_UPDATES" = 0 ]; then say "HIL_UPDATES=0: the self-test alone"; else demo_up; fi

pack() { # BIN VERSION OUT
  "$OTABOOT" pack "$1" -b "$BOARD" -v "$2" -p "$PROFILE" -o "$3" -q ${HIL_KEY:+--key "$HIL_KEY"}
}
send() { "$OTABOOT" send "$(host)" "$1" -q --timeout 60 >"$WORK/send.out" 2>&1; }
CUR= # the version confirmed last

confirmed() { echo "running=app .*version=${1//./\\.} app=confirmed"; }
update() { # N KIND: sets RES NOTE
  local n=$1 kind=$2 ver=1.$1.0 img f k
  img=$([ $((n % 2)) -eq 1 ] && echo "$HIL_APP_B" || echo "$HIL_APP_A")
  [ "$kind" = noconfirm ] && img=$HIL_APP_NOCONFIRM
  # Inert bytes after the image's end make each update another image: the
  # board answers an image equal to its confirmed application with
  # "Already installed" and writes nothing.
  cp "$img" "$WORK/u$n.bin" && printf 'otaboot hil update %s\n' "$ver" >> "$WORK/u$n.bin" || {
    RES=FAIL NOTE="cannot copy $img"; return; }
  f=$WORK/u$n.gz
  pack "$WORK/u$n.bin" "$ver" "$f" || { RES=FAIL NOTE="otaboot pack refused $img"; return; }
  mark
  case $kind in
  good)
    if ! send "$f"; then RES=FAIL NOTE="send: $(tail -1 "$WORK/send.out")"; return; fi
    if wait_status "$(confirmed "$ver")" "$HIL_TIMEOUT"; then RES=PASS NOTE="installed, confirmed"
    else RES=FAIL NOTE="not confirmed: ${LAST_STATUS:-no status}"; return; fi
    CUR=$ver ;;
  corrupt)
    k=$(( $(stat -c %s "$f") / 2 ))
    cp "$f" "$f.orig"
    printf '\x55' | dd of="$f" bs=1 seek="$k" conv=notrunc status=none
    cmp -s "$f" "$f.orig" && printf '\xaa' | dd of="$f" bs=1 seek="$k" conv=notrunc status=none
    send "$f"; k=$?
    if [ $k -eq 0 ]; then RES=FAIL NOTE="a corrupted image was accepted"; return; fi
    # 1: the board rejected it; anything else (4: network) proves nothing.
    if [ $k -ne 1 ]; then RES=FAIL NOTE="send failed (exit $k): $(tail -1 "$WORK/send.out")"; return; fi
    sleep 2
    if seen '^bl1: '; then RES=FAIL NOTE="the board restarted after a rejected image"; return; fi
    k=$(tail -1 "$WORK/send.out" | sed 's/.* rejected [^ ]*: //')
    if wait_status "$(confirmed "$CUR")" 20; then RES=PASS NOTE="rejected ($k), v$CUR runs on"
    else RES=FAIL NOTE="after the rejection: ${LAST_STATUS:-no status}"; fi ;;
  noconfirm)
    if ! send "$f"; then RES=FAIL NOTE="send: $(tail -1 "$WORK/send.out")"; return; fi
    for k in 1 2 3; do
      if ! wait_for "trial boot $k of 3" "$HIL_TIMEOUT"; then RES=FAIL NOTE="no trial boot $k"; return; fi
      mark
      # The image never confirms: it restarts itself (watchdog, trial timer)
      # or the script resets it as the watchdog would.
      wait_for '^bl1: otaboot bl1' "$HIL_TRIAL_S" || reset_board ||
        { RES=FAIL NOTE="trial $k did not end and there is no reset"; return; }
    done
    if wait_for 'did not confirm itself in 3 boots' "$HIL_TIMEOUT" && wait_status 'running=rescue' "$HIL_TIMEOUT"; then
      RES=PASS NOTE="3 trial boots, then rescue answers"
    else RES=FAIL NOTE="no rescue after 3 trials: ${LAST_STATUS:-no status}"; fi ;;
  cut)
    if [ -z "$HIL_RESET" ]; then RES=SKIP NOTE="no reset command (HIL_RESET)"; return; fi
    if ! send "$f"; then RES=FAIL NOTE="send: $(tail -1 "$WORK/send.out")"; return; fi
    if ! wait_for '^bl1: installing' "$HIL_TIMEOUT"; then RES=FAIL NOTE="no install seen"; return; fi
    sleep 0.3
    reset_board
    k="reset during the install"
    seen '^bl1: installed v' && k="reset just after the install"
    mark
    if wait_status "$(confirmed "$ver")" "$HIL_TIMEOUT"; then RES=PASS NOTE="$k: v$ver confirmed"; CUR=$ver
    elif wait_status "$(confirmed "$CUR")" 5; then RES=PASS NOTE="$k: v$CUR kept"
    else RES=FAIL NOTE="$k: ${LAST_STATUS:-no status}"; fi
    if seen 'starting rescue|rescue: otaboot rescue'; then RES=FAIL NOTE="$k: the board fell back to rescue"; fi ;;
  esac
}

PASSED=0 FAILED=0 SKIPPED=0
for ((i = 1; i <= HIL_UPDATES; i++)); do
  kind=${PLAN[$((i - 1))]} t0=$SECONDS
  if [ "$READY" != 1 ]; then RES=FAIL NOTE="the demo never came up"
  else say "update $i of 20: $kind"; update "$i" "$kind"; fi
  R_KIND[$i]=$kind R_VER[$i]=1.$i.0 R_RES[$i]=$RES R_SEC[$i]=$((SECONDS - t0)) R_NOTE[$i]=$NOTE
  case $RES in PASS) PASSED=$((PASSED + 1)) ;; SKIP) SKIPPED=$((SKIPPED + 1)) ;; *) FAILED=$((FAILED + 1)) ;; esac
done

# ---- 3. the report -------------------------------------------------------------------
ST_FAIL=$(grep -c '^FAIL' <<<"$ST_LINES")
OK=1
[ "$FAILED" -eq 0 ] || OK=0
[ "$ST_FAIL" -eq 0 ] || OK=0
case $ST_SUMMARY in FAIL:*) OK=0 ;; esac
mkdir -p build/hil
OUT=build/hil/$BOARD-$(date -u +%Y%m%dT%H%M%SZ).md
sha() { sha256sum "$1" | cut -c1-16; }
{
  echo "## otaboot hardware-in-the-loop: $BOARD ($PROFILE), $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "- verdict: **$([ $OK = 1 ] && echo PASS || echo FAIL)**; updates: $PASSED passed, $FAILED failed, $SKIPPED skipped of $HIL_UPDATES"
  echo "- source: $(git describe --always --dirty 2>/dev/null || echo unknown); console $TTY; board at $([ -n "$IP" ] && host || echo "(no address)")"
  echo "- images (sha256, first 16): bl1 $(sha "$HIL_BL1"), rescue $(sha "$HIL_RESCUE"), demo $(sha "$HIL_APP_A")$([ "$HIL_SELFTEST" = none ] || echo ", self-test $(sha "$HIL_SELFTEST")")"
  echo
  echo "### bl1"
  echo '```'
  echo "${BL1_LINES:-(no bl1 line seen)}"
  echo '```'
  echo "### self-test"
  echo '```'
  [ -n "$ST_LINES" ] && echo "$ST_LINES"
  echo "$ST_SUMMARY"
  echo '```'
  echo "### updates"
  echo
  [ "$HIL_UPDATES" = 0 ] && echo "not run (HIL_UPDATES=0)"
  [ "$HIL_UPDATES" = 0 ] || echo "| # | kind | version | result | s | note |"
  [ "$HIL_UPDATES" = 0 ] || echo "|---:|---|---|---|---:|---|"
  for ((i = 1; i <= HIL_UPDATES; i++)); do
    echo "| $i | ${R_KIND[$i]} | ${R_VER[$i]} | ${R_RES[$i]} | ${R_SEC[$i]} | ${R_NOTE[$i]//|//} |"
  done
} | tee "$OUT"
cp "$LOG" "${OUT%.md}.console.log"
echo
echo "hil: report in $OUT, whole console in ${OUT%.md}.console.log"
[ $OK = 1 ]
