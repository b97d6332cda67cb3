#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The rollback profile on emulated hardware: bl1, rescue and the demo built
# with PROFILE=rollback (build/qemu/<board>/rollback/, port/qemu/port.mk)
# under qemu-system-arm, updates sent through QEMU's user-mode network
# (hostfwd on 127.0.0.1, an ephemeral port). The board starts as `make
# flash` leaves it in this profile (flash-v1.img: rescue, and v1 through an
# update slot, build/host/firstflash), so that bl1's first boot installs v1
# and its compressed copy stays there to go back to. v2 is built never
# to confirm itself (DEMO_CONFIRM=0); each of its trial boots ends with QEMU
# stopped and started again, as the watchdog would reset it (the QEMU port
# has none), and after the third bl1 takes the board back to v1 by itself.
# A power cut (SIGKILL) during that re-install: the next start completes it.
# Then v3 installs and confirms. Every wait is bounded; cmocka-style lines.
# Usage: tests/qemu/net/rollback.sh [TEST...]   (default: all; names below)
set -u
cd "$(dirname "$0")/../../.."
. tests/qemu/net/lib.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/otaboot-qemu-rb.XXXXXX")
trap 'qemu_kill; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT # KEEP=1 keeps consoles and flash files
PASS=0 FAIL=0 FAILED=()
BOOT=60 # seconds allowed for any one step (QEMU under a loaded CI machine)

# board BOARD: sets M, D, FL, LOG, PORT; a fresh copy of the first flash
# (bl1 runs from QEMU's -kernel copy).
board() {
  qemu_kill
  M=mps2-$1 D=$Q/$1/rollback FL=$WORK/flash-$1.img LOG=$WORK/console-$1.log
  PORT=$(free_port)
  local f
  for f in bl1.elf flash-v1.img demo-v2bad.gz demo-v3.gz; do
    [ -f "$D/$f" ] || { echo "  $D/$f missing (make qemu)"; return 1; }
  done
  cp "$D/flash-v1.img" "$FL"
  : >"$LOG"
}
boot() { qemu_start "$M" "$D/bl1.elf" "$FL" "$LOG" "$PORT"; }
expect() { wait_line "$LOG" "${2:-$MARK}" "$1" "$BOOT" || { echo "  missing console line: $1"; return 1; }; }
mark() { MARK=$(log_size "$LOG"); }
since_mark() { tail -c +"$((MARK + 1))" "$LOG"; }
answer_is() { # ANSWER EXPECTED-REGEX
  if ! grep -qE "$2" <<<"$1"; then echo "  answer was: '$1' (wanted /$2/)"; return 1; fi
}
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
  if since_mark | grep -q 'starting rescue\|trial boot'; then echo "  rescue or a trial boot on the way back"; return 1; fi
  answer_is "$(status_of "$PORT")" 'running=app version=1\.0\.0 app=confirmed .* rolled_back=2\.0\.0' || return 1
}

v3_installs() {
  mark; send_ok "$D/demo-v3.gz" || return 1
  expect 'bl1: installed v3\.0\.0' && expect 'demo: network up: v3\.0\.0 confirmed' || return 1
  answer_is "$(status_of "$PORT")" 'running=app version=3\.0\.0 app=confirmed' || return 1
}

rollback_path() { # BOARD
  board "$1" || return 1
  first_boot_v1 || return 1
  v2_never_confirms || return 1
  expect 'bl1: v2\.0\.0 did not confirm itself in 3 boots' && expect 'bl1: rolling back from v2\.0\.0 to v1\.0\.0' || return 1
  back_on_v1 || return 1
  v3_installs
}

# ---- tests ----

t_rollback() { # v1 confirmed, v2 never confirms: back on v1 by itself; then v3
  rollback_path an386
}

t_rollback_cut() { # a power cut during the rollback's re-install: the next start completes it
  board an386 || return 1
  first_boot_v1 || return 1
  v2_never_confirms || return 1
  expect 'bl1: rolling back from v2\.0\.0 to v1\.0\.0' && expect 'bl1: installing v1\.0\.0' || return 1
  # bl1 has verified v1's slot and now erases the application area's first
  # sector (1 s of the board's clock, qflash.c) before it programs: a cut
  # now lands inside the install
  sleep 0.3
  qemu_kill
  if since_mark | grep -q 'installed v1'; then echo "  the re-install was over before the cut"; return 1; fi
  mark; boot
  expect 'bl1: an install was interrupted' || return 1
  back_on_v1 || return 1
  v3_installs
}

t_rollback_an500() { # the same on the Cortex-M7 board
  rollback_path an500
}

ALL=(t_rollback t_rollback_cut t_rollback_an500)
run_suite "QEMU rollback profile" "$@"
