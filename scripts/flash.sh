#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Writes a board's images with st-flash or OpenOCD, at the addresses of its
# layout header; `make flash`, `make flash-openocd`, `make flash-slot` and
# `make selftest` (mk/firmware.mk) build everything first, then run this.
# Usage: scripts/flash.sh st-flash|openocd FW_DIR LAYOUT_H app FILE
#        scripts/flash.sh st-flash|openocd FW_DIR LAYOUT_H slot
#        scripts/flash.sh st-flash|openocd FW_DIR LAYOUT_H selftest
#   FW_DIR    build/fw/<board> (bl1.bin, rescue.bin, selftest.bin, first/)
#   LAYOUT_H  build/host/layout/<layout>/<profile>.h
#   app       bl1, the journal sectors erased, rescue, then the raw
#             application FILE where bl1 finds it on the first boot
#   slot      bl1, rescue, then the journal with its SEAL record and the
#             packed application in the slot the receiver used, as
#             build/host/firstflash left them in FW_DIR/first/: the first
#             boot is an ordinary install by bl1
#   selftest  bl1, the journal sectors erased, the self-test at APP
# The journal is erased because whatever was on the chip before (a factory
# firmware, an earlier install) would be read as records. st-flash erases
# the sectors it writes, so it writes an all-0xFF file over both journal
# sectors (contiguous in every layout); OpenOCD erases them. The board is
# reset after the last write. tests/fw/flash_recipe.sh runs this against a
# simulated chip.
set -euo pipefail
usage() { echo "usage: $0 st-flash|openocd FW_DIR LAYOUT_H app FILE | slot | selftest" >&2; exit 2; }
[ $# -ge 4 ] || usage
tool=$1 fw=$2 h=$3 what=$4
case "$tool" in st-flash | openocd) ;; *) usage ;; esac
hdr() { sed -n "s/^#define OB_LAYOUT_$1 \(0x[0-9A-Fa-f]*\)u.*/\1/p" "$h"; }
blank=$fw/journal-erased.bin
case "$what" in # pairs: file, region (or address)
app) [ $# -eq 5 ] || usage
     images=("$fw/bl1.bin" BL1 "$blank" JOURNAL0 "$fw/rescue.bin" RESCUE "$5" APP) ;;
selftest) images=("$fw/bl1.bin" BL1 "$blank" JOURNAL0 "$fw/selftest.bin" APP) ;;
slot) images=("$fw/bl1.bin" BL1 "$fw/rescue.bin" RESCUE "$fw/first/journal.bin" JOURNAL0
              "$fw/first/slot.bin" "$(sed -n 's/^journal .* slot //p' "$fw/first/addresses")") ;;
*) usage ;;
esac
journal_bytes=$(( $(hdr JOURNAL0_SIZE) + $(hdr JOURNAL1_SIZE) ))
if [ "$tool" = st-flash ] && [ "$what" != slot ]; then
  head -c $journal_bytes /dev/zero | tr '\000' '\377' >"$blank"
fi

openocd_args=()
for ((i = 0; i < ${#images[@]}; i += 2)); do
  file=${images[i]} at=${images[i + 1]} reset=
  case "$at" in 0x*) ;; *) at=$(hdr "${at}_ADDR") ;; esac
  [ -n "$at" ] || { echo "$0: no address for $file in $h" >&2; exit 1; }
  [ $((i + 2)) -lt ${#images[@]} ] || reset=1
  if [ "$tool" = st-flash ]; then
    st-flash ${reset:+--reset} write "$file" "$at"
  elif [ "$file" = "$blank" ]; then
    openocd_args+=(-c "flash erase_address $at $journal_bytes")
  else
    openocd_args+=(-c "program $file $at verify${reset:+ reset exit}")
  fi
done
if [ "$tool" = openocd ]; then
  target=$(sed -n 's/^OPENOCD_TARGET := //p' "boards/$(basename "$fw")/board.mk")
  openocd -f interface/stlink.cfg -f "$target" "${openocd_args[@]}"
fi
