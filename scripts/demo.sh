#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot demo (`make demo-sim`; `make demo` is the same on real firmware in QEMU): a virtual nucleo-f429zi on 127.0.0.1 receives
# two firmware updates, the first with netcat, the second with `otaboot send`,
# and reports the second version. Every wait is bounded; exit 0 on success.
set -euo pipefail
cd "$(dirname "$0")/.."
OTABOOT=${OTABOOT:-build/host/otaboot}
BOARD=nucleo-f429zi
W=$(mktemp -d /tmp/otaboot-demo.XXXXXX)
SIM_PID=
cleanup() {
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then kill -9 "$SIM_PID" 2>/dev/null || true; fi
  rm -rf "$W"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
die() { echo "demo: $*" >&2; exit 1; }

# wait_for REGEX COUNT SECONDS: until the console has COUNT matching lines.
wait_for() {
  local i=0
  while [ "$(grep -cE -- "$1" "$W/console.log" || true)" -lt "$2" ]; do
    i=$((i + 1)); [ "$i" -gt $(( $3 * 20 )) ] && die "timed out waiting for '$1' on the console"
    sleep 0.05
  done
}
SHOWN=0
show_console() {
  local total
  total=$(wc -l < "$W/console.log")
  sed -n "$((SHOWN + 1)),${total}p" "$W/console.log" | sed 's/^/  console | /'
  SHOWN=$total
}

[ -x "$OTABOOT" ] || die "missing $OTABOOT: run make first"
command -v nc > /dev/null || die "netcat is missing (apt-get install netcat-openbsd)"

step "1. start a virtual $BOARD (slot profile) on 127.0.0.1, any free port"
"$OTABOOT" sim --board "$BOARD" --port 0 --flash "$W/flash.bin" > "$W/console.log" 2>&1 &
SIM_PID=$!
wait_for 'listening on 127\.0\.0\.1:[0-9]+' 1 10
PORT=$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+' "$W/console.log" | head -1 | cut -d: -f2)
show_console

step "2. the firmware: two versions packed for $BOARD"
FW=build/fw/$BOARD/demo.bin
if [ -f "$FW" ] && "$OTABOOT" pack "$FW" -b "$BOARD" -v 1.0.0 -o "$W/probe.bin.gz" -q 2> "$W/pack.err"; then
  echo "using the demo firmware $FW (v1.1.0: the same with a note appended, so that its bytes differ)"
  cp "$FW" "$W/demo-v1.bin"
  { cat "$FW"; printf 'otaboot demo v1.1.0\n'; } > "$W/demo-v2.bin"
else
  [ -f "$FW" ] && echo "$FW does not pack for $BOARD ($(cat "$W/pack.err")): using a generated image"
  [ -f "$FW" ] || echo "no $FW yet (the demo firmware is not built): using a generated image"
  # a vector table (initial SP at the top of SRAM, reset handler inside the
  # application area with the Thumb bit) and a body
  for v in 1 2; do
    { printf '\x00\x00\x03\x20\x01\x02\x02\x08'; yes "otaboot demo firmware, build $v" | head -c 98296; } > "$W/demo-v$v.bin"
  done
fi
"$OTABOOT" pack "$W/demo-v1.bin" -b "$BOARD" -v 1.0.0 -o "$W/demo-v1.bin.gz"
"$OTABOOT" pack "$W/demo-v2.bin" -b "$BOARD" -v 1.1.0 -o "$W/demo-v2.bin.gz"
gunzip -c "$W/demo-v2.bin.gz" | cmp - "$W/demo-v2.bin" && echo "gunzip -c demo-v2.bin.gz gives the raw binary back"
"$OTABOOT" inspect "$W/demo-v2.bin.gz" --board "$BOARD" | sed -n 's/^result: */inspect: /p'

step "3. v1.0.0 with netcat:  nc -N 127.0.0.1 $PORT < demo-v1.bin.gz"
answer=$(timeout 30 nc -N 127.0.0.1 "$PORT" < "$W/demo-v1.bin.gz") || die "netcat failed"
echo "board answered: $answer"
[ "$answer" = "Valid update file received" ] || die "v1.0.0 was rejected"
wait_for 'v1\.0\.0 is healthy and confirmed itself' 1 20
show_console

step "4. v1.1.0 with otaboot:  otaboot send 127.0.0.1:$PORT demo-v2.bin.gz"
timeout 60 "$OTABOOT" send "127.0.0.1:$PORT" "$W/demo-v2.bin.gz" || die "otaboot send failed"
wait_for 'v1\.1\.0 is healthy and confirmed itself' 1 20
show_console

step "5. otaboot status 127.0.0.1:$PORT"
timeout 15 "$OTABOOT" status "127.0.0.1:$PORT"
line=$(timeout 15 "$OTABOOT" status "127.0.0.1:$PORT" --raw)
echo "raw: $line"
case " $line " in
  *" running=app version=1.1.0 app=confirmed "*) ;;
  *) die "the board does not report v1.1.0 confirmed" ;;
esac

step "6. stop the board"
kill "$SIM_PID"
for _ in $(seq 1 100); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.05; done
wait "$SIM_PID" 2>/dev/null || die "the board did not stop cleanly"
SIM_PID=
show_console
printf '\ndemo: ok (v1.0.0 by netcat, then v1.1.0 by otaboot send: installed, trial boot, confirmed)\n'
