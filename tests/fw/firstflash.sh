#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# First flash through the update slot (mk/firmware.mk, tools/firstflash): for
# each STM32 board, build/host/firstflash turns the board's packed demo
# (build/fw/<board>/app.bin.gz) into journal.bin + slot.bin; they are placed
# at their addresses in an otherwise erased flash file, and the virtual board
# (`otaboot sim`: bl1's logic on that board's sector map) boots it: it must
# find the sealed update, verify it, install it, read it back, start it on
# trial, and see it confirm, exactly as the real bl1 would on the first boot
# after `make flash-slot`. Error paths: a corrupted image is refused by
# firstflash (exit 1) and writes nothing.
# Prints cmocka-style "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)".
set -uo pipefail
cd "$(dirname "$0")/../.."
FF=${FIRSTFLASH:-build/host/firstflash}
OTABOOT=${OTABOOT:-build/host/otaboot}
FW=${FW:-build/fw}
BOARDS=${BOARDS:-nucleo-f207zg olimex-e407 nucleo-f429zi nucleo-f746zg}
tmp=$(mktemp -d)
sim_pid=
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
. tests/fw/report.sh

# place FILE ADDR IMG: writes FILE at flash address ADDR (base 0x08000000).
place() { dd if="$1" of="$3" bs=4096 seek=$(( ($2 - 0x08000000) / 4096 )) conv=notrunc status=none; }

for b in $BOARDS; do
    name="firstflash_$b"
    echo "[ RUN      ] $name"
    d=$tmp/$b; mkdir -p "$d"
    if [ ! -f "$FW/$b/app.bin.gz" ]; then bad "$name" "$FW/$b/app.bin.gz missing (make firmware)"; continue; fi
    if ! "$FF" "$b" "$FW/$b/app.bin.gz" "$d" >"$d/ff.log" 2>&1; then
        bad "$name" "firstflash failed: $(cat "$d/ff.log")"; continue
    fi
    read -r _ jaddr _ saddr < <(tail -1 "$d/ff.log")
    # 2 MB of erased flash covers every board; the sim reads its own size.
    head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' '\377' >"$d/flash.img"
    place "$d/journal.bin" "$jaddr" "$d/flash.img"
    place "$d/slot.bin" "$saddr" "$d/flash.img"
    "$OTABOOT" sim --board "$b" --flash "$d/flash.img" --port 0 >"$d/sim.log" 2>&1 &
    sim_pid=$!
    for _ in $(seq 1 100); do
        grep -q "confirmed itself\|halted" "$d/sim.log" && break
        sleep 0.1
    done
    kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null; sim_pid=
    sed 's/^/    | /' "$d/sim.log"
    miss=
    for line in "update sealed: v1.0.0" "bl1: installed v1.0.0, read back and verified" \
                "app: v1.0.0 is healthy and confirmed itself"; do
        grep -qF "$line" "$d/sim.log" || miss="$miss [$line]"
    done
    if [ -n "$miss" ]; then bad "$name" "missing:$miss"; else ok "$name"; fi
done

# A corrupted image (one payload byte flipped) is refused and nothing is written.
name=firstflash_corrupt
echo "[ RUN      ] $name"
b=${BOARDS%% *}; d=$tmp/corrupt; mkdir -p "$d"
cp "$FW/$b/app.bin.gz" "$d/bad.gz"
size=$(stat -c %s "$d/bad.gz")
printf '\x55' | dd of="$d/bad.gz" bs=1 seek=$((size / 2)) conv=notrunc status=none
"$FF" "$b" "$d/bad.gz" "$d" >"$d/ff.log" 2>&1; rc=$?
sed 's/^/    | /' "$d/ff.log"
if [ "$rc" -eq 1 ] && grep -q "Update rejected" "$d/ff.log" && [ ! -e "$d/slot.bin" ]; then ok "$name"
else bad "$name" "expected exit 1, a rejection and no output (exit $rc)"; fi

report_summary
