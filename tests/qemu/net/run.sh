#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end tests on emulated hardware: the real bl1, rescue and
# demo firmware (mps2-an386, mps2-an500) under qemu-system-arm, updates sent
# through QEMU's user-mode network (hostfwd on 127.0.0.1, an ephemeral port)
# with nc and `otaboot send`; the rollback profile's tests at the end. Every
# wait is bounded. Prints cmocka-style result lines; exit 0 when every test
# passed.
# Usage: tests/qemu/net/run.sh [TEST...]   (default: all; names below)
set -u
cd "$(dirname "$0")/../../.."
. tests/qemu/net/lib.sh
. tests/e2e/clients.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/otaboot-qemu.XXXXXX")
trap 'load_stop; qemu_kill; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT  # KEEP=1 keeps consoles and flash files
PASS=0 FAIL=0 FAILED=()
BOOT=60 # seconds allowed for any one step (QEMU under a loaded CI machine)

# board BOARD VARIANT: sets M (machine), D (build dir), FL, LOG, PORT; fresh flash.
board() {
  qemu_kill
  M=mps2-$1 D=$Q/$1/$2 FL=$WORK/flash-$1-$2.img LOG=$WORK/console-$1-$2.log
  PORT=$(free_port)
  cp "$D/flash-v1.img" "$FL"
  : >"$LOG"
}
boot() { qemu_start "$M" "$D/bl1.elf" "$FL" "$LOG" "$PORT"; }
# expect PATTERN [FROM]: console line after FROM (default: start of this step).
expect() { wait_line "$LOG" "${2:-$MARK}" "$1" "$BOOT" || { echo "  missing console line: $1"; return 1; }; }
mark() { MARK=$(log_size "$LOG"); }
answer_is() { # ANSWER EXPECTED-REGEX
  if ! grep -qE "$2" <<<"$1"; then echo "  answer was: '$1' (wanted /$2/)"; return 1; fi
}

# ---- tests ----

t_nc_update() { # v1 -> v2 with netcat; status; busy
  board an386 slot; mark; boot
  expect 'demo: .*v1\.0\.0' && expect 'agent: listening' || return 1
  answer_is "$(status_of "$PORT")" '^otaboot board=qemu-mps2-an386 profile=slot running=app' || return 1
  # While an image arrives, a second connection gets STATUS with the
  # progress, and a second image is turned away.
  local size; size=$(stat -c %s "$D/demo-v2.gz")
  ( head -c 1000 "$D/demo-v2.gz"; sleep 3 ) | nc -N 127.0.0.1 "$PORT" >/dev/null 2>&1 & local holder=$!
  expect 'agent: receiving an update' || return 1
  answer_is "$(status_of "$PORT")" " transfer=1000/$size\$" || return 1
  answer_is "$(send_nc "$D/demo-v2.gz" "$PORT")" '^Update rejected: busy$' || return 1
  wait $holder
  mark
  answer_is "$(send_nc "$D/demo-v2.gz" "$PORT")" '^Valid update file received$' || return 1
  expect 'bl1: installed v2\.0\.0, read back and verified' && expect 'demo: network up: v2\.0\.0 confirmed' || return 1
  answer_is "$(status_of "$PORT")" 'version=2\.0\.0 app=confirmed trials=0 update=none' || return 1
}

t_otaboot_send() { # v1 -> v2 with the host tool
  board an386 slot; mark; boot
  expect 'agent: listening' || return 1
  mark
  answer_is "$("$OTABOOT" send "127.0.0.1:$PORT" "$D/demo-v2.gz" -q)" 'Valid update file received' || return 1
  expect 'demo: network up: v2\.0\.0 confirmed' || return 1
}

t_plain_gzip_dev() { # a build without keys is a development board: `gzip -9 app.bin; nc board 40000 < app.bin.gz`
  board an386 slot; mark; boot
  expect 'bl1: development board: images are not authenticated, plain gzip accepted' || return 1
  expect 'agent: listening' || return 1
  # a raw .bin and a gzip'd text file: refused, with what to do
  answer_is "$(timeout 30 nc 127.0.0.1 "$PORT" <"$D/demo-v2.bin" || true)" \
    '^Update rejected: not a gzip file \(make an image with: otaboot pack app\.bin -b BOARD -v VERSION\)$' || return 1
  seq 1 20000 | gzip -9 >"$WORK/notes.txt.gz"
  answer_is "$(timeout 30 nc 127.0.0.1 "$PORT" <"$WORK/notes.txt.gz" || true)" '^Update rejected: vector table check failed' || return 1
  # the plain gzip of the application, sent with plain nc: installed, checked, read back
  cp "$D/demo-v2.bin" "$WORK/app.bin"; rm -f "$WORK/app.bin.gz"; gzip -9 "$WORK/app.bin"
  mark
  answer_is "$(timeout 30 nc 127.0.0.1 "$PORT" <"$WORK/app.bin.gz" || true)" '^Valid update file received$' || return 1
  expect 'bl1: installed a plain-gzip image \(no version\), read back and verified' || return 1
  expect 'demo: network up: v2\.0\.0 confirmed' || return 1
  answer_is "$(status_of "$PORT")" 'app=confirmed trials=0 update=none' || return 1
}

t_corrupt_rejected() { # one flipped byte in the payload: rejected, v1 runs on
  board an386 slot; mark; boot
  expect 'agent: listening' || return 1
  local bad=$WORK/bad.gz n
  cp "$D/demo-v2.gz" "$bad"; n=$(( $(stat -c %s "$bad") / 2 ))
  printf '\x55' | dd of="$bad" bs=1 seek="$n" conv=notrunc status=none
  cmp -s "$bad" "$D/demo-v2.gz" && printf '\xaa' | dd of="$bad" bs=1 seek="$n" conv=notrunc status=none
  mark
  answer_is "$(send_nc "$bad" "$PORT")" '^Update rejected: ' || return 1
  sleep 1
  if tail -c +"$((MARK + 1))" "$LOG" | grep -q '^bl1:'; then echo "  board restarted after a rejected image"; return 1; fi
  answer_is "$(status_of "$PORT")" 'running=app .*update=none' || return 1
  mark
  answer_is "$(send_nc "$D/demo-v2.gz" "$PORT")" '^Valid update file received$' || return 1
  expect 'demo: network up: v2\.0\.0 confirmed' || return 1
}

t_cut_transfer() { # power cut half-way through a transfer, restart: v1, then the update
  board an386 slot; mark; boot
  expect 'agent: listening' || return 1
  local f=$D/demo-big.gz half
  half=$(( $(stat -c %s "$f") / 2 ))
  ( head -c "$half" "$f"; sleep 5 ) | timeout 10 nc 127.0.0.1 "$PORT" >/dev/null 2>&1 &
  local sender=$!
  expect 'agent: receiving an update' || return 1
  sleep 1.5
  qemu_kill; wait $sender 2>/dev/null
  mark; boot
  expect 'demo: .*v1\.0\.0' && expect 'agent: listening' || return 1
  mark
  answer_is "$(send_nc "$f" "$PORT")" '^Valid update file received$' || return 1
  expect 'demo: network up: v4\.0\.0 confirmed' || return 1
}

t_cut_install() { # power cut at several points of bl1's install, restart: consistent
  local delay
  for delay in 0.1 0.6 1.2 2.0; do
    board an386 slot; mark; boot
    expect 'agent: listening' || return 1
    answer_is "$(send_nc "$D/demo-big.gz" "$PORT")" '^Valid update file received$' || return 1
    expect 'bl1: installing v4\.0\.0' || return 1
    sleep "$delay"
    qemu_kill
    mark; boot
    # Whatever the point, the board comes up running the new image (the
    # install is resumed from the verified slot) or the old one.
    expect 'demo: network up: v(4\.0\.0 confirmed|1\.0\.0)' || { echo "  after a cut at +${delay}s"; return 1; }
    if tail -c +"$((MARK + 1))" "$LOG" | grep -q 'starting rescue'; then echo "  rescue after a cut at +${delay}s"; return 1; fi
  done
}

t_never_confirms() { # an image that never confirms: rescue after 3 boots, takes a good image
  board an386 slot; mark; boot
  expect 'agent: listening' || return 1
  answer_is "$(send_nc "$D/demo-noconfirm.gz" "$PORT")" '^Valid update file received$' || return 1
  local i
  for i in 1 2 3; do
    expect "trial boot $i of 3" && expect 'demo: built never to confirm itself' || return 1
    qemu_kill; mark; boot # a reset the application never prevents (watchdog)
  done
  expect 'did not confirm itself in 3 boots' && expect 'rescue: otaboot rescue' && expect 'agent: listening' || return 1
  answer_is "$(status_of "$PORT")" 'running=rescue' || return 1
  mark
  answer_is "$(send_nc "$D/demo-v2.gz" "$PORT")" '^Valid update file received$' || return 1
  expect 'demo: network up: v2\.0\.0 confirmed' || return 1
}

t_direct_profile() { # direct profile: the application restarts into rescue, rescue installs
  board an386 direct; mark; boot
  expect 'agent: listening' || return 1
  answer_is "$(send_nc "$D/demo-v2.gz" "$PORT")" 'through rescue' || return 1
  expect 'rescue: otaboot rescue' && expect 'agent: listening' || return 1
  mark
  answer_is "$(send_nc "$D/demo-v2.gz" "$PORT")" '^Valid update file received$' || return 1
  expect 'demo: network up: v2\.0\.0 confirmed' || return 1
  # otaboot send does both steps itself.
  mark
  answer_is "$("$OTABOOT" send "127.0.0.1:$PORT" "$D/demo-v1.gz" -q)" 'Valid update file received' || return 1
  expect 'demo: network up: v1\.0\.0 confirmed' || return 1
}

t_clients() { # every client of docs/CLI.md's table sees the answer, with every CPU busy
  board an386 slot; mark; boot
  expect 'agent: listening' || return 1
  local big=$Q/an386/direct/demo-big.gz c i v=2 out rc=0
  for i in 1 2; do # each version's gzip CRC32 flipped (the installed one is "Already installed")
    python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[-8]^=0xff; open(sys.argv[2],'wb').write(b)" \
      "$D/demo-v$i.gz" "$WORK/badcrc$i.gz"
  done
  load_start 600
  for c in "${CLIENTS[@]}"; do
    mark
    out=$(send_with "$c" "$PORT" "$D/demo-v$v.gz")
    answer_is "$out" "^Valid update file received\$" || { echo "  client $c, accepted image"; rc=1; break; }
    expect "demo: network up: v$v\.0\.0 confirmed" || { rc=1; break; }
    for i in 1 2 3; do # back to back: each client leaves the board its rest to drain
      out=$(send_with "$c" "$PORT" "$big")
      answer_is "$out" '^Update rejected: image built for another flash layout profile$' ||
        { echo "  client $c, 300 KB refused at its header (send $i)"; rc=1; break 2; }
    done
    out=$(send_with "$c" "$PORT" "$WORK/badcrc$((3 - v)).gz")
    answer_is "$out" '^Update rejected: compressed payload hash mismatch$' ||
      { echo "  client $c, refused at its end"; rc=1; break; }
    v=$((3 - v))
  done
  load_stop
  return $rc
}

t_rescue_goes_back() { # rescue on the application's request returns to it (direct profile)
  board an386 direct; mark; boot
  expect 'demo: .*v1\.0\.0' && expect 'agent: listening' || return 1
  # a header-only send: the application checks it and restarts into rescue...
  answer_is "$(head -c 300 "$D/demo-v2.gz" | timeout 20 nc -N 127.0.0.1 "$PORT")" 'through rescue' || return 1
  expect 'bl1: the application asked for rescue' && expect 'rescue: otaboot rescue' || return 1
  expect 'agent: rescue on the application.s request' || return 1
  # ...where nothing comes: back to the application, bounded (20 s of the
  # board's clock, which QEMU runs slow on a busy host: allow 180 s)
  mark
  wait_line "$LOG" "$MARK" 'no install started in time: back to the application' 180 ||
    { echo "  rescue did not go back"; return 1; }
  expect 'demo: network up: v1\.0\.0' || return 1
  if tail -c +"$((MARK + 1))" "$LOG" | grep -q 'INSTALL\|installing'; then echo "  something was installed"; return 1; fi
  # again; this time rescue refuses what it gets: back at once
  mark
  answer_is "$(head -c 300 "$D/demo-v2.gz" | timeout 20 nc -N 127.0.0.1 "$PORT")" 'through rescue' || return 1
  expect 'rescue: otaboot rescue' && expect 'agent: listening' || return 1 # the application's came before the mark
  answer_is "$(printf 'garbage\n' | timeout 10 nc -N 127.0.0.1 "$PORT")" '^Update rejected: not a gzip file' || return 1
  expect 'refused before anything was erased: back to the application' && expect 'demo: .*v1\.0\.0' || return 1
  # v1 was flashed by the "debugger" (no journal record): started again all the same
  answer_is "$(status_of "$PORT")" 'running=app version=none app=unknown' || return 1
}

t_slow_and_endless() { # one byte every 2 s cannot hold the connection; a 2 KiB name is refused at once
  board an386 slot; mark; boot
  expect 'agent: listening' || return 1
  local out
  out=$(python3 tests/e2e/tcpclient.py trickle "$PORT" "$D/demo-v2.gz" 2 120)
  answer_is "$out" '^answer=Update rejected: transfer too slow' || return 1
  # the deadline is 20 s of the board's clock (QEMU's runs slow on a busy
  # host: it drops SysTick interrupts), then the linger ends within 2 s
  local at closed
  at=$(sed -n 's/^answer_at=\([0-9]*\)\..*/\1/p' <<<"$out"); closed=$(sed -n 's/^closed_at=\([0-9]*\)\..*/\1/p' <<<"$out")
  if [ -z "$at" ] || [ -z "$closed" ] || [ "$at" -lt 19 ] || [ "$at" -gt 100 ] || [ "$closed" -gt $((at + 5)) ]; then
    echo "  answered at ${at:-never} s, closed at ${closed:-never} s"; return 1
  fi
  printf '\037\213\010\010\000\000\000\000\000\003' >"$WORK/fname.head"
  out=$(python3 tests/e2e/tcpclient.py stream "$PORT" 41 5 "$WORK/fname.head")
  answer_is "$out" '^answer=Update rejected: gzip file name or comment longer than 1024 bytes' || return 1
  answer_is "$out" '^answer_at=[01]\.' || return 1
  answer_is "$(status_of "$PORT")" 'running=app .* transfer=none' || return 1
}

t_reset_after_answer() { # the client resets the connection after "Valid": installed all the same
  board an386 slot; mark; boot
  expect 'agent: listening' || return 1
  answer_is "$(python3 tests/e2e/tcpclient.py reset-after-answer "$PORT" "$D/demo-v2.gz")" \
    '^answer=Valid update file received$' || return 1
  expect 'bl1: installed v2\.0\.0' && expect 'demo: network up: v2\.0\.0 confirmed' || return 1
}

t_an500_update() { # Cortex-M7 board: the basic update
  board an500 slot; mark; boot
  expect 'demo: .*v1\.0\.0 on qemu-mps2-an500' && expect 'agent: listening' || return 1
  mark
  answer_is "$(send_nc "$D/demo-v2.gz" "$PORT")" '^Valid update file received$' || return 1
  expect 'demo: network up: v2\.0\.0 confirmed' || return 1
}

t_hello() { # a bare image runs and exits through semihosting
  local out
  out=$(timeout 20 qemu-system-arm -M mps2-an386 -nographic -monitor none -kernel "$Q/an386/hello.elf" \
        -semihosting-config enable=on,target=native </dev/null 2>&1) || { echo "  exit status $?"; return 1; }
  answer_is "$out" 'systick ok' || return 1
}

# ---- the rollback profile (build/qemu/<board>/rollback/) ----
# The board starts as `make flash` leaves it in this profile (flash-v1.img:
# rescue, and v1 through an update slot, build/host/firstflash), so that
# bl1's first boot installs v1 and its compressed copy stays there to go back
# to. v2bad (2.0.0) is built never to confirm itself; each of its trial boots
# ends with QEMU stopped and started again, as the watchdog would reset it,
# and after the third bl1 takes the board back to v1 by itself.

send_ok() { # FILE: the board takes it
  answer_is "$(send_nc "$1" "$PORT")" '^Valid update file received$'
}

# The first boot: bl1 installs v1 from the slot, v1 confirms itself.
first_boot_v1() {
  mark; boot
  expect 'bl1: installed v1\.0\.0' && expect 'demo: network up: v1\.0\.0 confirmed' || return 1
  answer_is "$(status_of "$PORT")" 'profile=rollback running=app version=1\.0\.0 app=confirmed' || return 1
}

# v2 sent, then three trial boots, each ended by a reset; returns with QEMU
# started for the boot in which bl1 gives up on v2 (MARK before it).
v2_never_confirms() {
  mark; send_ok "$D/demo-v2bad.gz" || return 1
  expect 'bl1: installed v2\.0\.0' || return 1
  local i
  for i in 1 2 3; do
    expect "trial boot $i of 3" && expect 'demo: built never to confirm itself' || return 1
    # while v2 is on trial with v1 kept, no other image is taken
    if [ "$i" = 1 ]; then
      answer_is "$(send_nc "$D/demo-v3.gz" "$PORT")" '^Update rejected: the running image is on trial' || return 1
    fi
    qemu_kill; mark; boot
  done
}

# The board runs v1 again, confirmed, said on the console and in STATUS;
# nothing went to rescue.
back_on_v1() {
  expect 'bl1: rolled back from v2\.0\.0 to v1\.0\.0' || return 1
  expect 'demo: network up: v1\.0\.0' && expect 'agent: listening' || return 1
  if tail -c +"$((MARK + 1))" "$LOG" | grep -q 'starting rescue\|trial boot'; then
    echo "  rescue or a trial boot on the way back"; return 1
  fi
  answer_is "$(status_of "$PORT")" 'running=app version=1\.0\.0 app=confirmed .* rolled_back=2\.0\.0' || return 1
}

v3_installs() {
  mark; send_ok "$D/demo-v3.gz" || return 1
  expect 'bl1: installed v3\.0\.0' && expect 'demo: network up: v3\.0\.0 confirmed' || return 1
  answer_is "$(status_of "$PORT")" 'running=app version=3\.0\.0 app=confirmed' || return 1
}

rollback_path() { # BOARD
  board "$1" rollback
  first_boot_v1 || return 1
  v2_never_confirms || return 1
  expect 'bl1: v2\.0\.0 did not confirm itself in 3 boots' && expect 'bl1: rolling back from v2\.0\.0 to v1\.0\.0' || return 1
  back_on_v1 || return 1
  v3_installs
}

t_rollback() { # v1 confirmed, v2 never confirms: back on v1 by itself; then v3
  rollback_path an386
}

t_rollback_cut() { # a power cut during the rollback's re-install: the next start completes it
  board an386 rollback
  first_boot_v1 || return 1
  v2_never_confirms || return 1
  expect 'bl1: rolling back from v2\.0\.0 to v1\.0\.0' && expect 'bl1: installing v1\.0\.0' || return 1
  # bl1 has verified v1's slot and now erases the application area's first
  # sector (1 s of the board's clock, qflash.c) before it programs: a cut
  # now lands inside the install
  sleep 0.3
  qemu_kill
  if tail -c +"$((MARK + 1))" "$LOG" | grep -q 'installed v1'; then echo "  the re-install was over before the cut"; return 1; fi
  mark; boot
  expect 'bl1: an install was interrupted' || return 1
  back_on_v1 || return 1
  v3_installs
}

t_rollback_an500() { # the same on the Cortex-M7 board
  rollback_path an500
}

ALL=(t_hello t_nc_update t_otaboot_send t_plain_gzip_dev t_corrupt_rejected t_cut_transfer
     t_cut_install t_never_confirms t_direct_profile t_clients t_rescue_goes_back t_slow_and_endless
     t_reset_after_answer t_an500_update t_rollback t_rollback_cut t_rollback_an500)
run_suite "QEMU end-to-end" "$@"
