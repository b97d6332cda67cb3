#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# QEMU boot tests on netduinoplus2 (STM32F405, QEMU 7.2): the real bl1 and
# demo application built for that memory map (mk/firmware.mk, build
# qemu-netduinoplus2, olimex-e407 slot layout).
#
# Each case loads one flash image (bl1 at 0x08000000, erased 0xFF bytes up to
# the application area, then the application or not) with -kernel, runs QEMU
# under `timeout`, and checks the exit code (semihosting SYS_EXIT from the
# firmware) and the console lines. QEMU's RCC reads 0, so every run also
# checks that the clock start-up times out and falls back to HSI.
# Prints cmocka-style "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)".
set -uo pipefail

FW=${1:-build/fw/qemu-netduinoplus2}
QEMU=${QEMU:-qemu-system-arm}
RUN_TIMEOUT=${RUN_TIMEOUT:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../fw/report.sh"

if ! command -v "$QEMU" >/dev/null; then
    echo "qemu boot: $QEMU not found (scripts/install-deps.sh qemu)"
    echo "[  FAILED  ] 1 test(s)"
    exit 1
fi
for f in bl1.bin demo.bin selftest.bin layout.ld; do
    if [ ! -f "$FW/$f" ]; then
        echo "qemu boot: $FW/$f missing (make fw-qemu-netduinoplus2)"
        echo "[  FAILED  ] 1 test(s)"
        exit 1
    fi
done

# Application area offset from the generated linker fragment.
app_addr=$(sed -n 's/^ *APP *(rx) *: *ORIGIN = \(0x[0-9A-Fa-f]*\),.*/\1/p' "$FW/layout.ld")
app_off=$((app_addr - 0x08000000))
bl1_size=$(stat -c %s "$FW/bl1.bin")
[ "$bl1_size" -lt "$app_off" ] || { echo "bl1 larger than its region"; exit 1; }

erased() { head -c "$1" /dev/zero | tr '\0' '\377'; }

# image NAME [APP.bin]: bl1, 0xFF up to the app area, the app (or 64 KiB of 0xFF).
image() {
    { cat "$FW/bl1.bin"; erased $((app_off - bl1_size))
      if [ -n "${2:-}" ]; then cat "$2"; else erased 65536; fi; } >"$tmp/$1.img"
}

# patch FILE OFFSET HEXBYTES: overwrite bytes in place.
patch() { printf "$(echo "$3" | sed 's/../\\x&/g')" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

# run NAME EXPECTED_RC "must line"... -- "must not line"...
run() {
    local name=$1 want=$2; shift 2
    local log="$tmp/$name.log" rc ok=1 line mode=must
    timeout "$RUN_TIMEOUT" "$QEMU" -M netduinoplus2 -display none -monitor none -serial stdio \
        -semihosting-config enable=on,target=native -kernel "$tmp/$name.img" >"$log" 2>&1
    rc=$?
    echo "[ RUN      ] qemu_$name"
    sed 's/^/    | /' "$log"
    if [ "$rc" -ne "$want" ]; then
        echo "    exit code $rc, expected $want$([ "$rc" -eq 124 ] && echo ' (timed out)')"
        ok=0
    fi
    for line in "$@"; do
        if [ "$line" = "--" ]; then mode=mustnot; continue; fi
        if [ $mode = must ] && ! grep -qF -- "$line" "$log"; then
            echo "    missing line: $line"; ok=0
        elif [ $mode = mustnot ] && grep -qF -- "$line" "$log"; then
            echo "    unexpected line: $line"; ok=0
        fi
    done
    if [ $ok -eq 1 ]; then ok "qemu_$name"; else bad "qemu_$name" "(the lines above)"; fi
}

clock_fallback="bl1: clock: HSE did not start (timeout): running on HSI 16 MHz"
app_hex=$(printf '0x%08x' "$app_addr")

# 1. bl1 finds the application, checks its vector table, jumps; the app runs.
image good "$FW/demo.bin"
run good 0 "$clock_fallback" \
    "bl1: journal: application unknown, no update pending" \
    "bl1: no journal record of the application: vector table plausible, starting it" \
    "bl1: jumping to the application: VTOR $app_hex, MSP 0x20020000, entry 0x080" \
    "demo: otaboot demo application v" \
    "demo: clock fell back to HSI: HSE did not start (timeout)" \
    "demo: self-check passed, journal says: unknown" \
    -- "bl1: halted" "fault:"

# 2. No application (erased area): bl1 says so and does not jump.
image empty
run empty 3 "$clock_fallback" "bl1: halted: no valid application; nothing will be started" \
    -- "bl1: jumping" "demo:" "fault:"

# 3. Corrupted application: garbage where the vector table is (SP outside
#    RAM, reset handler without the Thumb bit): refused.
cp "$FW/demo.bin" "$tmp/badvec.bin"
patch "$tmp/badvec.bin" 0 efbeadde78563412
image badvec "$tmp/badvec.bin"
run badvec 3 "bl1: halted: no valid application" -- "bl1: jumping" "demo:" "fault:"

# 4. Corrupted application: reset handler pointing outside the application
#    (into bl1, Thumb bit set): refused.
cp "$FW/demo.bin" "$tmp/outside.bin"
patch "$tmp/outside.bin" 4 01010008
image outside "$tmp/outside.bin"
run outside 3 "bl1: halted: no valid application" -- "bl1: jumping" "demo:" "fault:"

# 5. Application with erased code (as after an interrupted erase or write):
#    without a journal record bl1 can check only the vector table, which is
#    intact, so it jumps; the application then runs into erased flash and
#    faults. The fault handler ends the run (exit 99) instead of leaving the
#    board hung. Erased: the journal's reader (core/journal.c: scan_sector,
#    or load/replay where LTO inlined it), which the demo's self-check runs
#    once the console is up, found with nm. (A
#    plain truncation would also cut the handler's message, which lies
#    behind all the code: the real board would then lock up until the
#    watchdog resets it.)
hole=$(arm-none-eabi-nm -S "$FW/demo.elf" |
       awk '$3 ~ /^[tT]$/ && $4 ~ /^(scan_sector|load|replay)(\.|$)/ {print $1, $2; exit}')
[ -n "$hole" ] || { echo "qemu boot: no journal reader (scan_sector/load/replay) in $FW/demo.elf (renamed? update this test)"; exit 1; }
cp "$FW/demo.bin" "$tmp/trunc.bin"
erased $((0x${hole#* })) | dd of="$tmp/trunc.bin" bs=1 seek=$((0x${hole% *} - app_addr)) conv=notrunc status=none
image trunc "$tmp/trunc.bin"
run trunc 99 "bl1: jumping to the application: VTOR $app_hex" "fault: exception taken" -- "bl1: halted"

# 6. The self-test firmware (selftest/), started by bl1: the parts QEMU
#    models run and pass (the hand-over: VTOR, MSP, interrupts, caches;
#    SysTick); the rest reads back as absent (RCC, FLASH, IWDG) or is not on
#    the board (no BOARD_ETH: no Ethernet) and must be skipped, never passed:
#    5 PASS, 0 FAIL, 13 SKIP.
image selftest "$FW/selftest.bin"
run selftest 0 "bl1: jumping to the application: VTOR $app_hex" \
    "PASS entry.vtor: VTOR $app_hex at entry" "PASS entry.msp: " "PASS entry.irq: " \
    "PASS entry.caches: " "PASS clock.systick: " \
    "SKIP entry.clock: RCC_CR 0x00000000: RCC reads 0, not present" "SKIP clock.hse: RCC reads 0, not present" \
    "SKIP clock.lse: RCC reads 0, not present" "SKIP clock.sysclk: " "SKIP iwdg.running: RCC and IWDG read 0" \
    "SKIP reset.flags: " "SKIP flash.erase: FLASH_CR 0x00000000: LOCK clear before any unlock" \
    "SKIP flash.program: " "SKIP flash.cache: " "SKIP eth.mac: no Ethernet on this board" \
    "SKIP eth.link: " "SKIP eth.dhcp: " "selftest: 5 PASS, 0 FAIL, 13 SKIP" -- "fault:"

# 7. The self-test without bl1: the CPU boots it directly (its SP and reset
#    vector at the boot address) and VTOR stays 0: the hand-over check fails
#    and the run ends with the self-test's failure code.
cp "$tmp/selftest.img" "$tmp/nobl1.img"
head -c 8 "$FW/selftest.bin" | dd of="$tmp/nobl1.img" conv=notrunc status=none
run nobl1 4 "FAIL entry.vtor: VTOR 0x00000000 at entry, this image's table is at $app_hex" \
    "selftest: 4 PASS, 1 FAIL, 13 SKIP: FAILED" -- "bl1:" "fault:"

report_summary
exit 0
