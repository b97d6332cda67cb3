#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The inflate benchmark's pieces (`make bench-inflate`, mk/bench.mk):
#   scripts/bench-inflate.sh corpus fw|text|random OUT   writes one 1 MiB corpus:
#       fw      .text+.rodata of newlib libc/libm and libgcc, linked whole for
#               several Cortex-M multilibs (Thumb-2 code and constants)
#       text    /usr/share/common-licenses and man pages
#       random  /dev/urandom (stored blocks)
#   scripts/bench-inflate.sh run B      speed on the corpora in B/corpus with the
#       Cortex-M4 figures of B/m4/inflate.o and sink.o (arm-none-eabi-gcc
#       -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fstack-usage): text,
#       the size of ob_inflate, and the stack, ob_inflate_run's frame plus its
#       deepest callee chain (sort_codes -> fill_table -> decode_slow, or make_room).
set -euo pipefail
case "${1:-}" in
corpus)
  out=$3
  case "$2" in
  fw)
    newlib=/usr/lib/arm-none-eabi/newlib/thumb
    libgcc=$(dirname "$(arm-none-eabi-gcc -print-file-name=libgcc.a)")
    rm -f "$out.tmp"
    for d in v7e-m+fp/hard v7-m/nofp v8-m.main+fp/hard v6-m/nofp; do
      arm-none-eabi-ld --whole-archive $newlib/$d/libc.a $newlib/$d/libm.a "$libgcc/thumb/$d/libgcc.a" \
        --no-whole-archive --unresolved-symbols=ignore-all --allow-multiple-definition -e 0 -o "$out.elf"
      arm-none-eabi-objcopy -O binary -j .text -j .rodata "$out.elf" "$out.part"
      cat "$out.part" >>"$out.tmp"
    done
    head -c 1048576 "$out.tmp" >"$out"; rm -f "$out.tmp" "$out.part" "$out.elf" ;;
  text)
    (cat /usr/share/common-licenses/*; for m in $(ls /usr/share/man/man1/*.gz | sort); do zcat "$m"; done) 2>/dev/null |
      head -c 1048576 >"$out" || true ;;
  random) head -c 1048576 /dev/urandom >"$out" ;;
  *) echo "usage: $0 corpus fw|text|random OUT" >&2; exit 2 ;;
  esac ;;
run)
  b=$2
  text=$(arm-none-eabi-size "$b/m4/inflate.o" | awk 'NR==2{print $1}')
  sink=$(arm-none-eabi-size "$b/m4/sink.o" | awk 'NR==2{print $1}')
  state=$(printf '#include "inflate.h"\nunsigned ob_sz = sizeof(ob_inflate);\n' |
    arm-none-eabi-gcc -std=c99 -mcpu=cortex-m4 -mthumb -Os -Icore -S -x c - -o - | awk '/\.word/ {print $2; exit}')
  stack=$(awk -F'\t' '{split($1,a,":"); f[a[4]]=$2} END {
    d = f["sort_codes"] + f["fill_table"] + f["decode_slow"]
    if (f["make_room"] > d) d = f["make_room"]; print f["ob_inflate_run"] + d }' "$b/m4/inflate.su")
  "$b/inflate_bench" fw="$b/corpus/fw.bin" text="$b/corpus/text.bin" random="$b/corpus/random.bin" \
    --m4_text "$text" --m4_sink_text "$sink" --m4_stack "$stack" --m4_state_bytes "$state" ;;
*) echo "usage: $0 corpus fw|text|random OUT | run BUILD_BENCH" >&2; exit 2 ;;
esac
