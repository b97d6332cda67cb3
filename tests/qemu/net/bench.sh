#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end time of a ~300 KiB update on emulated hardware (mps2-an386,
# slot profile): from `otaboot send` starting to the new image confirming
# itself, split at the board's answer. Flash erase times are the F4
# datasheet's typical values (port/qemu/qflash.c); programming time is not
# modelled. Usage: tests/qemu/net/bench.sh   (after `make qemu`)
set -eu
cd "$(dirname "$0")/../../.."
. tests/qemu/net/lib.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/otaboot-bench.XXXXXX")
trap 'qemu_kill; rm -rf "$WORK"' EXIT
D=$Q/an386/slot LOG=$WORK/console.log PORT=$(free_port) IMG=$D/demo-big.gz
cp "$D/flash-v1.img" "$WORK/flash.img"; : >"$LOG"
qemu_start mps2-an386 "$D/bl1.elf" "$WORK/flash.img" "$LOG" "$PORT"
wait_line "$LOG" 0 'agent: listening' 60
now() { date +%s.%N; }
t0=$(now)
"$OTABOOT" send "127.0.0.1:$PORT" "$IMG" -q
t1=$(now)
wait_line "$LOG" 0 'demo: network up: v4\.0\.0 confirmed' 120
t2=$(now)
awk -v n="$(stat -c %s "$IMG")" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
  printf "image %d bytes (%.1f KiB packed)\n", n, n / 1024
  printf "transfer + store in slot + seal: %.2f s (%.0f KiB/s)\n", b - a, n / 1024 / (b - a)
  printf "reset, verify, install, boot, confirm: %.2f s\n", c - b
  printf "end to end: %.2f s\n", c - a }'
