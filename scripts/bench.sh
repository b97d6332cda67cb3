#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot benchmarks (`make bench`, which builds everything first: mk/bench.mk).
# Measures, prints a table with each goal beside its figure, and writes
# docs/BENCHMARKS.md. Every figure is measured in this run; nothing is
# copied from an earlier one. Raw key=value results: build/bench/results.txt.
# Reports only: no figure makes this script fail (a measurement that cannot
# run is reported as such). Usage: scripts/bench.sh [OUT.md]
set -uo pipefail
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
OUT=${1:-docs/BENCHMARKS.md}
B=build/bench
R=$B/results.txt
LOGD=$B/logs
mkdir -p "$LOGD"
: >"$R"
# The STM32 boards (BOARD_PORT := stm32): FW_BOARDS the real ones, FW_ALL with those QEMU emulates.
FW_ALL=$(grep -l '^BOARD_PORT := stm32' boards/*/board.mk | sed 's|boards/\(.*\)/board.mk|\1|' | tr '\n' ' ')
FW_BOARDS=$(tr ' ' '\n' <<<"$FW_ALL" | grep -v '^qemu-' | tr '\n' ' ')
put() { echo "$1=$2" >>"$R"; }
step() { echo "bench: $*" >&2; }

# ---- machine ---------------------------------------------------------------
put date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
put cores "$(nproc)"
put gcc "$(gcc --version | head -1)"
put arm_gcc "$(arm-none-eabi-gcc --version | head -1)"
put zlib "$(dpkg-query -W -f='${Version}' zlib1g 2>/dev/null || echo unknown)"
put valgrind "$(valgrind --version 2>/dev/null || echo missing)"
put qemu "$(qemu-system-arm --version 2>/dev/null | head -1)"
# The mbedTLS the firmware is built from (MBEDTLS_DIR of mk/sources.mk, passed
# by mk/bench.mk) and the version its headers state.
MBEDTLS_DIR=${MBEDTLS_DIR:-unknown: MBEDTLS_DIR not given (make bench passes it)}
v=$(cat "$MBEDTLS_DIR"/include/mbedtls/build_info.h "$MBEDTLS_DIR"/include/mbedtls/version.h 2>/dev/null |
  sed -n 's/^#define MBEDTLS_VERSION_STRING *"\(.*\)"/\1/p' | head -1)
n=$(basename "$MBEDTLS_DIR")
put mbedtls_src "$([ "$n" = "mbedtls-$v" ] && echo "$n" || echo "$n (version ${v:-unknown})")"
put git "$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- core bl1 port boards agent 2>/dev/null || echo ' (+ uncommitted changes in core/bl1/port/boards/agent)')"

# ---- 1. inflate --------------------------------------------------------------
step "inflate: corpora and Cortex-M4 figures (make bench-inflate)"
$MAKE -s --no-print-directory bench-inflate >"$LOGD/inflate-corpora.txt" 2>&1 || step "bench-inflate failed (see $LOGD)"
grep '^inflate\.' "$LOGD/inflate-corpora.txt" >>"$R"
# The demo firmware of each board, as extra inputs of the same program.
fw_inputs=()
for b in $FW_ALL; do [ -f build/fw/$b/demo.bin ] && fw_inputs+=("demo-$b=build/fw/$b/demo.bin"); done
for q in an386 an500; do
  [ -f build/qemu/$q/slot/demo-v1.bin ] && fw_inputs+=("demo-mps2-$q=build/qemu/$q/slot/demo-v1.bin")
done
[ -f build/qemu/an386/slot/demo-big.bin ] && fw_inputs+=("demo-mps2-an386-big=build/qemu/an386/slot/demo-big.bin")
step "inflate: demo firmware (${#fw_inputs[@]} images)"
build/bench/inflate_bench "${fw_inputs[@]}" >"$LOGD/inflate-fw.txt" 2>&1 || step "inflate_bench failed (see $LOGD)"
grep '^inflate\.' "$LOGD/inflate-fw.txt" | grep -v host_state >>"$R"
put inflate.inputs "fw text random $(for i in "${fw_inputs[@]}"; do printf '%s ' "${i%%=*}"; done)"

step "inflate: instructions per output byte (callgrind)"
ir_inputs=("fw=$B/corpus/fw.bin" "text=$B/corpus/text.bin" "random=$B/corpus/random.bin" "${fw_inputs[@]}")
for i in "${ir_inputs[@]}"; do
  n=${i%%=*} f=${i#*=}
  build/bench/inflate_ir deflate "$f" "$B/ir-$n.deflate" || continue
  bytes=$(stat -c %s "$f")
  for impl in ob zlib; do
    valgrind --tool=callgrind --toggle-collect="ir_$impl" --callgrind-out-file="$B/ir-$n.$impl.cg" \
      build/bench/inflate_ir "$impl" "$B/ir-$n.deflate" "$f" >"$LOGD/ir-$n.$impl.log" 2>&1 || { put "inflate.$n.${impl}_ir" failed; continue; }
    ir=$(sed -n 's/^summary: *//p' "$B/ir-$n.$impl.cg")
    put "inflate.$n.${impl}_ir_per_byte" "$(awk -v a="$ir" -v b="$bytes" 'BEGIN{printf "%.2f", a/b}')"
  done
done

# Inflate code on Cortex-M: the bench-inflate figure (inflate.o -Os, M4) and
# what a linked bl1 keeps of core/inflate.o and core/flash_sink.o: the map of
# the update-downtime bench's development bl1 for mps2-an386 (-Os, no LTO;
# the board builds use LTO, which merges objects).
m=$B/downtime/dev/bl1.elf.map
[ -f "$m" ] && bench/mapsize.py "$m" inflate='core/inflate\.o' sink='core/sink\.o' flash_sink='core/flash_sink\.o' |
  sed "s/^map\./inflate.bl1map./" >>"$R"

# ---- 2. footprint ------------------------------------------------------------
step "footprint"
size_of() { # ELF KEY: flash = text + data, ram = data + bss
  [ -f "$1" ] || { put "$2.flash" "not built"; put "$2.ram" "not built"; return; }
  arm-none-eabi-size -B "$1" | awk -v k="$2" 'NR==2 {printf "%s.flash=%d\n%s.ram=%d\n", k, $1+$2, k, $2+$3}' >>"$R"
}
stack_of() { # REPORT KEY
  [ -f "$1" ] || { put "$2.stack" "not measured"; return; }
  put "$2.stack" "$(sed -n 's/^stack.depth_with_exception=//p' "$1")"
  put "$2.stack_path" "$(sed -n 's/^stack.path=//p' "$1")"
  put "$2.stack_unresolved" "$(sed -n 's/^stack.unresolved_sites=//p' "$1")"
  put "$2.stack_recursion" "$(sed -n 's/^stack.recursion=//p' "$1")"
}
for b in $FW_ALL; do
  size_of build/fw/$b/bl1.elf "fp.$b.bl1"
  size_of $B/fw/$b/sig/bl1.elf "fp.$b.bl1sig"
  size_of build/fw/$b/demo.elf "fp.$b.demo"
  stack_of $B/fw/$b/stack.txt "fp.$b.bl1"
  stack_of $B/fw/$b/sig/stack.txt "fp.$b.bl1sig"
  put "fp.$b.stack_same_binary" "$(cat $B/fw/$b/stack/same-as-bl1 2>/dev/null || echo unknown)"
  size_of build/fw/$b/rescue.elf "fp.$b.rescue"
  # the update agent with lwIP, the Ethernet driver and the glue: the demo
  # against the same demo built without the network (demo-nonet.elf)
  if [ -f build/fw/$b/demo.elf ] && [ -f build/fw/$b/demo-nonet.elf ]; then
    a=$(arm-none-eabi-size -B build/fw/$b/demo.elf | awk 'NR==2 {print $1+$2}')
    n=$(arm-none-eabi-size -B build/fw/$b/demo-nonet.elf | awk 'NR==2 {print $1+$2}')
    put "fp.$b.agent.flash" "$((a - n))"
  else
    put "fp.$b.agent.flash" "not built"
  fi
done
for q in an386 an500; do
  d=build/qemu/$q/slot
  size_of $d/bl1.elf "fp.mps2-$q.bl1"
  size_of $d/rescue.elf "fp.mps2-$q.rescue"
  size_of $d/demo-v1.elf "fp.mps2-$q.demo"
  put "fp.mps2-$q.bl1sig.flash" "not built"
  put "fp.mps2-$q.bl1.stack" "not measured"
done
# The signature check's code, by input file, in the update-downtime bench's
# signed bl1 (mps2-an386, -Os, no LTO: the STM32 links merge objects).
m=$B/downtime/signed/bl1.elf.map
[ -f "$m" ] && bench/mapsize.py "$m" p256m='p256-m\.o' ecdsa='ecdsa_p256m\.o' keyring='keyring\.o' \
  sha256='library/sha256\.o' | grep -v '\.other\.' | sed 's/^map\./sig.map./' >>"$R"
sr=$(arm-none-eabi-nm build/fw/nucleo-f429zi/bl1.elf 2>/dev/null | awk '$3=="__stack_reserve"{print $1}')
put stack_reserve "$([ -n "$sr" ] && echo $((16#$sr)) || echo unknown)"

# ---- 2b. signature verification time -------------------------------------------
step "signature verification: instructions on QEMU an386 (tests/qemu/net/signed_time.sh)"
tests/qemu/net/signed_time.sh >"$LOGD/signed_time.txt" 2>&1 || step "signed_time.sh failed (see $LOGD)"
grep -q '^\[       OK \] t_verify_instructions' "$LOGD/signed_time.txt" && put sig.time_ok yes || put sig.time_ok no
sed -n 's/^ *sigtime: good signature: \([0-9]*\) instructions.*/sig.insn_good=\1/p;
        s/^ *sigtime: tampered record: \([0-9]*\) instructions.*/sig.insn_tampered=\1/p;
        s/^ *sigtime: s out of range: \([0-9]*\) instructions.*/sig.insn_high_s=\1/p' "$LOGD/signed_time.txt" >>"$R"

# ---- 3. install cost -------------------------------------------------------------
step "install cost on the simulated flash"
build/bench/install_cost >"$LOGD/install_cost.txt" 2>&1 || step "install_cost failed (see $LOGD)"
sed -n 's/^install\.\([^ ]*\)\.ratio=\([0-9.]*\) erases=\(.*\)$/install.\1.ratio=\2\ninstall.\1.erases=\3/p' "$LOGD/install_cost.txt" >>"$R"

# ---- 4. usable application flash -------------------------------------------------
step "usable application flash (layoutgen --table)"
build/host/layoutgen --table >"$LOGD/layouts.md" 2>&1
awk -F'|' '/^\| [a-z0-9-]+ \| (slot|direct|rollback) \|/ {
  for (i = 2; i <= 11; i++) { gsub(/^ +| +$/, "", $i) }
  k = "flash." $2 "." $3
  gsub(/ |%/, "", $6)
  printf "%s.chip=%s\n%s.app=%s\n%s.share=%s\n%s.slots=%s\n%s.slot_ratio=%s\n%s.swap_move=%s\n%s.vs_swap_move=%s\n",
    k, $4, k, $5, k, $6, k, $8, k, $9, k, $10, k, $11 }' "$LOGD/layouts.md" >>"$R"
# An image that does not fit the rollback profile's slots, and what `pack`
# says: the demo application followed by incompressible bytes up to 320 KiB,
# which fits mps2-an386's rollback application area (384 KiB) but not,
# compressed, one of its slots (256 KiB).
if [ -f build/qemu/an386/slot/demo-v1.bin ] && [ -f $B/corpus/random.bin ]; then
  cat build/qemu/an386/slot/demo-v1.bin $B/corpus/random.bin | head -c $((320 * 1024)) >$B/too-big.bin
  build/host/otaboot pack $B/too-big.bin -b qemu-mps2-an386 -v 1.0.0 -p rollback -o $B/too-big.gz -q --force \
    >"$LOGD/pack-too-big.txt" 2>&1 && put flash.too_big "accepted" ||
    put flash.too_big "$(head -1 "$LOGD/pack-too-big.txt")"
fi

# ---- 5. transfer ---------------------------------------------------------------
step "transfer: virtual board on loopback (make bench-transfer)"
if $MAKE -s --no-print-directory -n bench-transfer >/dev/null 2>&1; then
  timeout 300 $MAKE -s --no-print-directory bench-transfer >"$LOGD/transfer.txt" 2>&1 || step "bench-transfer failed"
  grep '^transfer\.' "$LOGD/transfer.txt" >>"$R"
else
  put transfer.mbps "not measured (no bench-transfer target)"
fi
step "transfer: 300 KiB update end to end in QEMU (make bench-qemu)"
if $MAKE -s --no-print-directory -n bench-qemu >/dev/null 2>&1; then
  timeout 300 $MAKE -s --no-print-directory bench-qemu >"$LOGD/qemu.txt" 2>&1 || step "bench-qemu failed"
  sed -n 's/^image \([0-9]*\) bytes.*/qemu.image_bytes=\1/p; s/^transfer + store in slot + seal: \([0-9.]*\) s.*/qemu.transfer_s=\1/p;
          s/^reset, verify, install, boot, confirm: \([0-9.]*\) s/qemu.install_s=\1/p; s/^end to end: \([0-9.]*\) s/qemu.end_to_end_s=\1/p' \
    "$LOGD/qemu.txt" >>"$R"
else
  put qemu.end_to_end_s "not measured (no bench-qemu target)"
fi

# ---- 6. update downtime ----------------------------------------------------------
step "update downtime: bl1's install on QEMU -icount, per STM32 board (bench/downtime.py)"
/usr/bin/python3 bench/downtime.py measure docs/downtime.png >"$LOGD/downtime.txt" 2>&1 || step "downtime failed (see $LOGD)"
grep '^downtime\.' "$LOGD/downtime.txt" >>"$R"

step "writing $OUT"
python3 bench/report.py "$R" "$OUT"
