#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bl1's deepest stack, for `make bench` (mk/bench.mk). Links IMAGE_DIR/bl1.elf
# again from its arguments (IMAGE_DIR/bl1.args, written by mk/board.mk) with
# -fcallgraph-info=su into OUT_DIR (one .ci file per LTO unit), then runs
# tools/stackdepth over those and the .ci files that libc_small and
# libgcc_small (built -fno-lto) leave next to their objects. Writes
# OUT_DIR/bl1.elf and bl1.map, OUT_DIR/same-as-bl1 (whether the binary equals
# IMAGE_DIR/bl1.bin, where there is one) and the report to REPORT.
# Usage: scripts/bl1-stack.sh IMAGE_DIR OUT_DIR REPORT
#   e.g. scripts/bl1-stack.sh build/fw/nucleo-f429zi/sigtest build/bench/fw/nucleo-f429zi/sig x.txt
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 IMAGE_DIR OUT_DIR REPORT" >&2; exit 2; }
img=$1 out=$2 report=$3
board_dir=${img%/sigtest}
mkdir -p "$out"
rm -f "$out"/*.ci
arm-none-eabi-gcc @"$img/bl1.args" -fcallgraph-info=su -dumpdir "$out/" -Wl,-Map="$out/bl1.map" -o "$out/bl1.elf"
if [ -f "$img/bl1.bin" ]; then
  arm-none-eabi-objcopy -O binary "$out/bl1.elf" "$out/bl1.elf.bin"
  if cmp -s "$out/bl1.elf.bin" "$img/bl1.bin"; then echo same; else echo differs; fi >"$out/same-as-bl1"
fi
# The exception frame: 104 bytes with an FPU context, 32 without.
frame=104
grep -q float-abi=soft "$img/bl1.args" && frame=32
# Indirect calls in bl1, by the member called, to the functions the STM32 port
# and the core install there (stackdepth keeps those whose address the ELF takes).
tools/stackdepth --elf "$out/bl1.elf" --exception-frame $frame \
  --resolve read=flash_read,sink_read,win_read --resolve program=flash_program \
  --resolve erase=flash_erase --resolve flush=sink_flush,win_flush \
  --resolve watchdog_kick=kick@bl1/main.c --resolve kick=kick@core/boot.c --resolve log=log_line \
  --resolve memset_func=memset --resolve now_ms=stm32_millis \
  "$out"/*.ci "$board_dir"/obj/port/stm32/*.ci >"$report.tmp"
mv "$report.tmp" "$report"
