#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# README's main job on emulated hardware: QEMU mps2-an386 runs bl1 and demo
# v1 from its flash; `otaboot send` delivers v2 through QEMU's user-mode
# network (hostfwd on 127.0.0.1, an ephemeral port); the board answers
# "Valid update file received", resets, bl1 verifies and installs v2, and v2
# comes up and confirms itself. Every wait is bounded; exit 0 on success.
# Run through `make demo-qemu` (it builds the firmware first).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/qemu/net/lib.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/otaboot-demo.XXXXXX")
trap 'qemu_kill; rm -rf "$WORK"' EXIT
D=$Q/an386/slot LOG=$WORK/console.log PORT=$(free_port)
cp "$D/flash-v1.img" "$WORK/flash.img"; : >"$LOG"

step() { printf '\n==> %s\n' "$*"; }
show() { # the board's console, prefixed, until PATTERN appears (bounded)
  local from=$1 pat=$2
  if ! wait_line "$LOG" "$from" "$pat" 60; then
    sed 's/^/  board | /' "$LOG"; echo "demo-qemu: timed out waiting for: $pat" >&2; exit 1
  fi
  tail -c +"$((from + 1))" "$LOG" | sed -n "1,/$pat/p" | sed 's/^/  board | /'
}

step "QEMU mps2-an386 (Cortex-M4): bl1 loaded at 0, demo v1 and rescue in the flash file; 127.0.0.1:$PORT -> board:40000"
qemu_start mps2-an386 "$D/bl1.elf" "$WORK/flash.img" "$LOG" "$PORT"
show 0 'agent: listening'
from=$(log_size "$LOG")
step "otaboot send 127.0.0.1:$PORT $D/demo-v2.gz"
"$OTABOOT" send "127.0.0.1:$PORT" "$D/demo-v2.gz"
step "the board: answer, reset, bl1 verifies and installs, v2 runs and confirms"
show "$from" 'demo: network up: v2\.0\.0 confirmed'
step "otaboot status 127.0.0.1:$PORT"
"$OTABOOT" status "127.0.0.1:$PORT" || echo STATUS | timeout 10 nc -N 127.0.0.1 "$PORT"
echo
echo "demo-qemu: done: v1 -> v2 over TCP on emulated hardware"
