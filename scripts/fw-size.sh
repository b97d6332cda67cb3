#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make size` for the STM32 firmware: flash and RAM of each image per board,
# and the flash region it must fit (from the board's generated layout.ld).
#   flash  = text + data (what is programmed)
#   RAM    = data + bss (the stack comes on top, from the end of RAM down)
#   agent  = demo - demo-nonet: what the network and the update agent (lwIP,
#            Ethernet driver, agent, glue, 32 KiB dry-run window) add to an
#            application
#   bl1-sig = bl1 with signature checking (mk/crypto.mk's test-key build)
# Usage: scripts/fw-size.sh FW_DIR BOARD...
#        scripts/fw-size.sh --qemu    the same for QEMU mps2 (`make size-qemu`)
set -euo pipefail
SIZE=${SIZE:-arm-none-eabi-size}
sizes() { "$SIZE" -B "$1" | awk 'NR==2 {print $1+$2, $2+$3}'; }

if [ "$1" = --qemu ]; then
    printf '%-8s %-8s %-10s %10s %10s\n' board variant image flash RAM
    for b in an386 an500; do for v in slot direct rollback; do for i in bl1 rescue demo-v1; do
        read -r f r < <(sizes "build/qemu/$b/$v/$i.elf")
        printf '%-8s %-8s %-10s %10d %10d\n' "$b" "$v" "$i" "$f" "$r"
    done; done; done
    exit 0
fi
fw=$1; shift
region() { # layout.ld NAME -> length in bytes
    local len
    len=$(sed -n "s/^ *$2 *([a-z]*) *: *ORIGIN = 0x[0-9A-Fa-f]*, LENGTH = \(0x[0-9A-Fa-f]*\).*/\1/p" "$1")
    [ -n "$len" ] && echo $((len)) || echo -
}

printf '%-20s %-8s %10s %10s %10s\n' board image flash RAM region
for b in "$@"; do
    d=$fw/$b
    row() { printf '%-20s %-8s %10s %10s %10s\n' "$b" "$1" "$2" "$3" "$4"; }
    read -r f r < <(sizes "$d/bl1.elf"); row bl1 "$f" "$r" "$(region "$d/layout.ld" BL1)"
    if [ -f "$d/sigtest/bl1.elf" ]; then
        read -r f r < <(sizes "$d/sigtest/bl1.elf"); row bl1-sig "$f" "$r" "$(region "$d/layout.ld" BL1)"
    fi
    read -r df dr < <(sizes "$d/demo.elf")
    if [ -f "$d/demo-nonet.elf" ]; then
        read -r nf nr < <(sizes "$d/demo-nonet.elf"); row agent $((df - nf)) $((dr - nr)) -
    fi
    if [ -f "$d/rescue.elf" ]; then
        read -r f r < <(sizes "$d/rescue.elf"); row rescue "$f" "$r" "$(region "$d/layout.ld" RESCUE)"
    fi
    row demo "$df" "$dr" "$(region "$d/layout.ld" APP)"
done
