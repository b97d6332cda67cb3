#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# First flash through the update slot (mk/firmware.mk, tools/firstflash): for
# each STM32 board and each profile with slots (slot, rollback),
# build/host/firstflash turns the board's packed demo
# (build/fw/<board>/app.bin.gz, or its demo.bin packed for the profile the
# build was not made for) into journal.bin + slot.bin; they are placed
# at their addresses in an otherwise erased flash file, and the virtual board
# (`otaboot sim`: bl1's logic on that board's sector map) boots it: it must
# find the sealed update, verify it, install it, read it back, start it on
# trial, and see it confirm, exactly as the real bl1 would on the first boot
# after `make flash-slot` (`make flash` in the rollback profile); in rollback
# the slot copy must still be there after the install, to roll back to.
# Error paths: a corrupted image is refused by firstflash (exit 1) and writes
# nothing; the direct profile is refused (exit 2).
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

# boot NAME BOARD PROFILE IMAGE.gz: firstflash, place, boot on the virtual board.
boot() {
    local name=$1 b=$2 profile=$3 gz=$4 d=$tmp/$1 jaddr saddr miss=
    echo "[ RUN      ] $name"
    mkdir -p "$d"
    if ! "$FF" "$b" "$gz" "$d" "$profile" >"$d/ff.log" 2>&1; then
        bad "$name" "firstflash failed: $(cat "$d/ff.log")"; return
    fi
    read -r _ jaddr _ saddr < <(tail -1 "$d/ff.log")
    # 2 MB of erased flash covers every board; the sim reads its own size.
    head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' '\377' >"$d/flash.img"
    place "$d/journal.bin" "$jaddr" "$d/flash.img"
    place "$d/slot.bin" "$saddr" "$d/flash.img"
    "$OTABOOT" sim --board "$b" --profile "$profile" --flash "$d/flash.img" --port 0 >"$d/sim.log" 2>&1 &
    sim_pid=$!
    for _ in $(seq 1 100); do
        grep -q "confirmed itself\|halted" "$d/sim.log" && break
        sleep 0.1
    done
    kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null; sim_pid=
    sed 's/^/    | /' "$d/sim.log"
    for line in "update sealed: v1.0.0" "bl1: installed v1.0.0, read back and verified" \
                "app: v1.0.0 is healthy and confirmed itself"; do
        grep -qF "$line" "$d/sim.log" || miss="$miss [$line]"
    done
    # rollback: the installed application's compressed copy stays in its slot
    # (the rollback point of the first update)
    if [ "$profile" = rollback ] &&
        ! cmp -s "$d/slot.bin" <(tail -c +$(( saddr - 0x08000000 + 1 )) "$d/flash.img" | head -c "$(stat -c %s "$d/slot.bin")"); then
        miss="$miss [the slot copy at $saddr kept after the install]"
    fi
    if [ -n "$miss" ]; then bad "$name" "missing:$miss"; else ok "$name"; fi
}

for b in $BOARDS; do
    if [ ! -f "$FW/$b/app.bin.gz" ]; then bad "firstflash_$b" "$FW/$b/app.bin.gz missing (make firmware)"; continue; fi
    built=$("$OTABOOT" inspect "$FW/$b/app.bin.gz" | sed -n 's/^board: .*(\([a-z]*\) profile)$/\1/p')
    for profile in slot rollback; do
        name=firstflash_$b; [ "$profile" = slot ] || name=firstflash_${profile}_$b
        gz=$FW/$b/app.bin.gz
        # The build's own packed demo for its profile (PROFILE=); for the
        # other, the same demo packed for it: both profiles' applications
        # start at the same address.
        if [ "$built" != "$profile" ]; then
            mkdir -p "$tmp/$profile-$b"; gz=$tmp/$profile-$b/app.bin.gz
            if ! "$OTABOOT" pack "$FW/$b/demo.bin" -b "$b" -p "$profile" -v 1.0.0 -o "$gz" -q; then
                bad "$name" "otaboot pack -p $profile failed"; continue
            fi
        fi
        boot "$name" "$b" "$profile" "$gz"
    done
done

# The direct profile has no slot to flash through: refused, nothing written.
name=firstflash_direct_refused
echo "[ RUN      ] $name"
b=${BOARDS%% *}; d=$tmp/direct; mkdir -p "$d"
"$FF" "$b" "$FW/$b/app.bin.gz" "$d" direct >"$d/ff.log" 2>&1; rc=$?
sed 's/^/    | /' "$d/ff.log"
if [ "$rc" -eq 2 ] && grep -q "has no update slot" "$d/ff.log" && [ ! -e "$d/slot.bin" ]; then ok "$name"
else bad "$name" "expected exit 2, a one-line reason and no output (exit $rc)"; fi

# A corrupted image (one payload byte flipped) is refused and nothing is written.
name=firstflash_corrupt
echo "[ RUN      ] $name"
b=${BOARDS%% *}; d=$tmp/corrupt; mkdir -p "$d"
cp "$FW/$b/app.bin.gz" "$d/bad.gz"
built=$("$OTABOOT" inspect "$FW/$b/app.bin.gz" | sed -n 's/^board: .*(\([a-z]*\) profile)$/\1/p')
size=$(stat -c %s "$d/bad.gz")
printf '\x55' | dd of="$d/bad.gz" bs=1 seek=$((size / 2)) conv=notrunc status=none
"$FF" "$b" "$d/bad.gz" "$d" "${built:-slot}" >"$d/ff.log" 2>&1; rc=$?
sed 's/^/    | /' "$d/ff.log"
if [ "$rc" -eq 1 ] && grep -q "Update rejected" "$d/ff.log" && [ ! -e "$d/slot.bin" ]; then ok "$name"
else bad "$name" "expected exit 1, a rejection and no output (exit $rc)"; fi

report_summary
