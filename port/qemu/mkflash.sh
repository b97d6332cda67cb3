#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Writes a fresh 16 MiB flash file for an mps2 board: the emulated flash (the
# first MiB) erased to 0xFF, then the rescue firmware and the application as
# raw binaries at their regions' addresses, as a debugger would program them
# (bl1 then starts the application after a vector-table check; the first
# update through the network gives it a journal record). Bytes past the
# first MiB stay 0. Offsets come from `layoutgen --header BOARD PROFILE`.
# Each FILE@ADDR after them is written at that address too (a first flash
# through a slot: the journal and the slot build/host/firstflash made).
# Usage: mkflash.sh LAYOUTGEN BOARD PROFILE OUT.img RESCUE.bin APP.bin|- [FILE@ADDR...]
set -euo pipefail
layoutgen=$1 board=$2 profile=$3 out=$4 rescue=$5 app=$6
shift 6
hdr=$("$layoutgen" --header "$board" "$profile")
get() { awk -v k="OB_LAYOUT_$1" '$2 == k { sub(/u$/, "", $3); print $3 }' <<<"$hdr"; }
base=$(( $(get FLASH_BASE) )) size=$(( $(get FLASH_SIZE) ))
write_at() { # file address max
  local len
  len=$(stat -c %s "$1")
  if (( $2 < base || $2 - base + len > size || len > $3 )); then
    echo "mkflash: $1 ($len bytes) does not fit at $2" >&2; exit 1
  fi
  dd if="$1" of="$out.tmp" bs=64K seek=$(( $2 - base )) oflag=seek_bytes conv=notrunc status=none
}
put() { # file region
  write_at "$1" $(( $(get "$2_ADDR") )) $(( $(get "$2_SIZE") ))
}
head -c "$size" /dev/zero | tr '\0' '\377' > "$out.tmp"
truncate -s 16M "$out.tmp"
put "$rescue" RESCUE
if [ "$app" != - ]; then put "$app" APP; fi
for fa in "$@"; do write_at "${fa%@*}" $(( ${fa##*@} )) "$size"; done
mv "$out.tmp" "$out"
