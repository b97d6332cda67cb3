#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The self-test firmware (selftest/) on QEMU's netduinoplus2 (STM32F405,
# QEMU 7.2): the parts QEMU models run (the hand-over from the real bl1:
# VTOR, MSP, interrupts, caches; SysTick), the rest must report SKIP because
# the peripheral reads back as absent (RCC, FLASH, IWDG, ETH), never PASS.
# A second run starts the self-test without bl1 (its vector table at the
# boot address, VTOR left at 0): the hand-over check must then FAIL and the
# run end with the failure exit code.
# Prints cmocka-style "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)".
set -uo pipefail

FW=${1:-build/fw/qemu-netduinoplus2}
QEMU=${QEMU:-qemu-system-arm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 failed_names=()

for f in bl1.bin selftest.bin layout.ld; do
    if [ ! -f "$FW/$f" ]; then
        echo "selftest qemu: $FW/$f missing (make fw-qemu-netduinoplus2)"
        echo "[  FAILED  ] 1 test(s)"
        exit 1
    fi
done
app_addr=$(sed -n 's/^ *APP *(rx) *: *ORIGIN = \(0x[0-9A-Fa-f]*\),.*/\1/p' "$FW/layout.ld")
app_off=$((app_addr - 0x08000000))
erased() { head -c "$1" /dev/zero | tr '\0' '\377'; }

# run NAME EXPECTED_RC "must line"... -- "must not line"...
run() {
    local name=$1 want=$2; shift 2
    local log="$tmp/$name.log" rc ok=1 line mode=must
    timeout 30 "$QEMU" -M netduinoplus2 -display none -monitor none -serial stdio \
        -semihosting-config enable=on,target=native -kernel "$tmp/$name.img" >"$log" 2>&1
    rc=$?
    echo "[ RUN      ] selftest_$name"
    sed 's/^/    | /' "$log"
    [ "$rc" -eq "$want" ] || { echo "    exit code $rc, expected $want"; ok=0; }
    for line in "$@"; do
        if [ "$line" = "--" ]; then mode=mustnot; continue; fi
        if [ $mode = must ] && ! grep -qE -- "$line" "$log"; then
            echo "    missing line: $line"; ok=0
        elif [ $mode = mustnot ] && grep -qE -- "$line" "$log"; then
            echo "    unexpected line: $line"; ok=0
        fi
    done
    if [ $ok -eq 1 ]; then
        echo "[       OK ] selftest_$name"; passed=$((passed + 1))
    else
        echo "[  FAILED  ] selftest_$name"; failed=$((failed + 1)); failed_names+=("selftest_$name")
    fi
}

# 1. Started by bl1: what QEMU models passes, the rest is skipped.
{ cat "$FW/bl1.bin"; erased $((app_off - $(stat -c %s "$FW/bl1.bin"))); cat "$FW/selftest.bin"; } >"$tmp/bl1.img"
hex=$(printf '0x%08x' "$app_addr")
run bl1 0 "bl1: jumping to the application: VTOR $hex" \
    "^PASS entry\.vtor: VTOR $hex at entry" "^PASS entry\.msp: " "^PASS entry\.irq: " \
    "^PASS entry\.caches: " "^PASS clock\.systick: " \
    "^SKIP entry\.clock: .*not present" "^SKIP clock\.hse: .*not present" "^SKIP clock\.lse: .*not present" \
    "^SKIP clock\.sysclk: " "^SKIP iwdg\.running: .*not present" "^SKIP reset\.flags: " \
    "^SKIP flash\.erase: .*no flash controller" "^SKIP flash\.program: " "^SKIP flash\.cache: " \
    "^SKIP eth\.mac: .*no Ethernet MAC" "^SKIP eth\.link: " "^SKIP eth\.dhcp: " \
    "^selftest: 5 PASS, 0 FAIL, 13 SKIP" -- "^FAIL " "fault:"

# 2. No bl1: the CPU boots the self-test directly (its SP and reset vector at
#    the boot address), VTOR stays 0: the hand-over check must fail.
{ head -c 8 "$FW/selftest.bin"; erased $((app_off - 8)); cat "$FW/selftest.bin"; } >"$tmp/nobl1.img"
run nobl1 4 "^FAIL entry\.vtor: VTOR 0x00000000 at entry, this image's table is at $hex" \
    "^selftest: 4 PASS, 1 FAIL, 13 SKIP: FAILED" -- "^bl1:" "fault:"

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
if [ "$failed" -gt 0 ]; then
    echo "[  FAILED  ] $failed test(s), listed below:"
    for n in "${failed_names[@]}"; do echo "[  FAILED  ] $n"; done
    exit 1
fi
exit 0
