#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make flash` and `make flash-openocd` (mk/firmware.mk, scripts/flash.sh) run
# against a simulated chip: for each STM32 board and profile, the command the
# recipe would run (`make -n`) is run with stand-ins for st-flash and openocd that
# write into a flash file full of someone else's firmware (0xA5 everywhere,
# as a Nucleo's factory program might leave it). Afterwards bl1, rescue and
# the application must sit at their layout addresses, both journal sectors
# must read erased (0xFF), and the board must be reset last. In the rollback
# profile the application goes packed through a slot (as flash-slot): the
# journal sectors hold firstflash's SEAL record and one of the two slots the
# packed demo.
# Prints cmocka-style "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)".
set -uo pipefail
export LC_ALL=C # bytes, not characters (0xA5 and 0xFF are not UTF-8)
cd "$(dirname "$0")/../.."
FW=${FW:-build/fw}
OTABOOT=${OTABOOT:-build/host/otaboot}
FIRSTFLASH=${FIRSTFLASH:-build/host/firstflash}
BOARDS=${BOARDS:-nucleo-f207zg olimex-e407 nucleo-f429zi nucleo-f746zg}
MAKE=${MAKE:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/fw/report.sh

# Stand-ins: they write into $FLASH_IMG (base 0x08000000) and log to $FLASH_LOG.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/st-flash" <<'EOF'
#!/usr/bin/env bash
set -eu
reset=0
[ "$1" = --reset ] && { reset=1; shift; }
[ "$1" = write ] || { echo "st-flash stand-in: only 'write' is modelled: $*" >&2; exit 1; }
# st-flash erases every sector it writes, then programs the file.
dd if="$2" of="$FLASH_IMG" bs=1 seek=$(( $3 - 0x08000000 )) conv=notrunc status=none
echo "write $3 $(stat -c %s "$2") reset=$reset" >>"$FLASH_LOG"
EOF
cat >"$tmp/bin/openocd" <<'EOF'
#!/usr/bin/env bash
set -eu
while [ $# -gt 0 ]; do
    if [ "$1" = -c ]; then
        read -r -a w <<<"$2"
        case "${w[0]}" in
        program)
            dd if="${w[1]}" of="$FLASH_IMG" bs=1 seek=$(( ${w[2]} - 0x08000000 )) conv=notrunc status=none
            reset=0; [[ " ${w[*]} " == *" reset "* ]] && reset=1
            echo "write ${w[2]} $(stat -c %s "${w[1]}") reset=$reset" >>"$FLASH_LOG" ;;
        flash)
            [ "${w[1]}" = erase_address ] || { echo "openocd stand-in: $2" >&2; exit 1; }
            head -c $(( ${w[3]} )) /dev/zero | tr '\000' '\377' |
                dd of="$FLASH_IMG" bs=1 seek=$(( ${w[2]} - 0x08000000 )) conv=notrunc status=none
            echo "erase ${w[2]} $(( ${w[3]} ))" >>"$FLASH_LOG" ;;
        *) echo "openocd stand-in: unknown command $2" >&2; exit 1 ;;
        esac
        shift
    fi
    shift
done
EOF
chmod +x "$tmp/bin/st-flash" "$tmp/bin/openocd"

hdr_value() { sed -n "s/^#define OB_LAYOUT_$2 \(0x[0-9A-Fa-f]*\)u.*/\1/p" "$1"; }

# same FILE IMG ADDR: the image holds FILE at ADDR.
same() { cmp -s "$1" <(tail -c +$(( $3 - 0x08000000 + 1 )) "$2" | head -c "$(stat -c %s "$1")"); }

# rollback_first BOARD: build/fw/BOARD/first/ for the rollback profile, as
# `make firstflash PROFILE=rollback` makes it (the recipes read it), from the
# demo packed for rollback (its application starts where the slot
# profile's does).
rollback_first() {
    local b=$1 first=$FW/$1/first
    mkdir -p "$first" &&
        "$OTABOOT" pack "$FW/$b/demo.bin" -b "$b" -p rollback -v 1.0.0 -o "$tmp/$b-rollback.gz" -q --force &&
        "$FIRSTFLASH" "$b" "$tmp/$b-rollback.gz" "$first/" rollback >"$first/addresses"
}

for b in $BOARDS; do
    for profile in slot direct rollback; do
        if [ "$profile" = rollback ] && ! rollback_first "$b" >"$tmp/first.log" 2>&1; then
            bad "flash_${b}_rollback" "firstflash: $(cat "$tmp/first.log")"; continue
        fi
        for goal in flash flash-openocd; do
            name="${goal}_${b}_$profile"
            echo "[ RUN      ] $name"
            d=$tmp/$name; mkdir -p "$d"
            hdr=build/host/layout/$b/$profile.h
            if ! "$MAKE" -s --no-print-directory "$hdr" >"$d/make.log" 2>&1; then
                bad "$name" "$(cat "$d/make.log")"; continue
            fi
            # The flash recipe's own command, scripts/flash.sh (make -n
            # also lists any rebuild).
            "$MAKE" -n --no-print-directory "$goal" BOARD="$b" PROFILE="$profile" 2>&1 |
                grep '^scripts/flash.sh ' >"$d/recipe.sh"
            if [ ! -s "$d/recipe.sh" ]; then bad "$name" "make -n $goal printed no flashing command"; continue; fi
            for f in bl1.bin rescue.bin demo.bin; do
                [ -f "$FW/$b/$f" ] || { bad "$name" "$FW/$b/$f missing (make firmware)"; continue 2; }
            done
            size=$(( $(hdr_value "$hdr" FLASH_SIZE) ))
            head -c "$size" /dev/zero | tr '\000' '\245' >"$d/flash.img"
            if ! FLASH_IMG=$d/flash.img FLASH_LOG=$d/log PATH="$tmp/bin:$PATH" bash -e "$d/recipe.sh" >"$d/run.log" 2>&1; then
                bad "$name" "recipe failed: $(cat "$d/run.log")"; continue
            fi
            j0=$(( $(hdr_value "$hdr" JOURNAL0_ADDR) )); j1=$(( $(hdr_value "$hdr" JOURNAL1_ADDR) ))
            jend=$(( j1 + $(hdr_value "$hdr" JOURNAL1_SIZE) ))
            why=
            head -c $(( jend - j0 )) /dev/zero | tr '\000' '\377' >"$d/erased.bin"
            # rollback: the journal sectors hold firstflash's (SEAL record),
            # the slot the packed demo; the application area is left to bl1
            journal=$d/erased.bin app=$FW/$b/demo.bin app_at=APP_ADDR
            if [ "$profile" = rollback ]; then
                journal=$FW/$b/first/journal.bin app=$FW/$b/first/slot.bin
                app_at=$(sed -n 's/^journal .* slot //p' "$FW/$b/first/addresses")
                [ "$(stat -c %s "$journal")" -eq $(( jend - j0 )) ] || why="journal.bin does not cover both journal sectors"
            fi
            [ "$app_at" = APP_ADDR ] && app_at=$(hdr_value "$hdr" APP_ADDR)
            if [ -n "$why" ]; then
                :
            elif ! same "$journal" "$d/flash.img" "$j0"; then
                why="journal sectors not as they should be ($(basename "$journal"))"
            elif [ $(( j0 + $(hdr_value "$hdr" JOURNAL0_SIZE) )) -ne "$j1" ]; then
                why="journal sectors not contiguous"
            elif ! same "$FW/$b/bl1.bin" "$d/flash.img" "$(hdr_value "$hdr" BL1_ADDR)"; then
                why="bl1 not at BL1"
            elif ! same "$FW/$b/rescue.bin" "$d/flash.img" "$(hdr_value "$hdr" RESCUE_ADDR)"; then
                why="rescue not at RESCUE"
            elif ! same "$app" "$d/flash.img" "$app_at"; then
                why="$(basename "$app") not at $app_at"
            elif [ "$profile" = rollback ] && [ "$app_at" != "$(hdr_value "$hdr" SLOT_ADDR)" ] &&
                [ "$app_at" != "$(hdr_value "$hdr" SLOT2_ADDR)" ]; then
                why="the packed demo went to $app_at, neither slot"
            elif ! tail -1 "$d/log" | grep -q "reset=1" || [ "$(grep -c reset=1 "$d/log")" -ne 1 ]; then
                why="the board is not reset once, at the end"
            fi
            if [ -n "$why" ]; then bad "$name" "$why; commands: $(tr '\n' ';' <"$d/log")"; else ok "$name"; fi
        done
    done
done

report_summary
