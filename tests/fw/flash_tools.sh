#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The flashing targets install their tool the way every other target does
# (scripts/install-deps.sh, Debian stlink-tools / openocd) before they run
# it, so a fresh machine never ends with "st-flash: not found". Checked on
# what make would run (make -n, nothing is flashed) and on the package sets.
# Prints cmocka-style result lines.
set -uo pipefail
cd "$(dirname "$0")/../.."
PASS=0 FAIL=0

# tool_after_install TARGET TOOL SET: TARGET's recipe runs `install-deps.sh SET` before its first TOOL line.
tool_after_install() {
  local out first_tool first_install
  out=$(make -n --no-print-directory "$1" BOARD=nucleo-f429zi DEV_MODE=1 ${PROFILE:+PROFILE=$PROFILE} 2>&1) ||
    { echo "  make -n $1 failed"; return 1; }
  first_tool=$(grep -nE "^scripts/flash.sh $2 " <<<"$out" | head -1 | cut -d: -f1)
  first_install=$(grep -nE "^scripts/install-deps.sh $3\$" <<<"$out" | head -1 | cut -d: -f1)
  [ -n "$first_tool" ] || { echo "  $1 does not run $2"; return 1; }
  [ -n "$first_install" ] && [ "$first_install" -lt "$first_tool" ] ||
    { echo "  $1 runs $2 without installing it first (scripts/install-deps.sh $3)"; return 1; }
}

t_flash() { tool_after_install flash st-flash stlink; }
t_flash_openocd() { tool_after_install flash-openocd openocd openocd; }
t_flash_slot() { tool_after_install flash-slot st-flash stlink; }
t_flash_rollback() { PROFILE=rollback tool_after_install flash st-flash stlink; }
t_flash_openocd_rollback() { PROFILE=rollback tool_after_install flash-openocd openocd openocd; }
t_flash_slot_rollback() { PROFILE=rollback tool_after_install flash-slot st-flash stlink; }
# expect_refusal ARGS...: make ARGS (nothing flashed) exits 2 with one line
# naming what to do, and runs no flashing tool.
expect_refusal() {
  local re=$1 out rc; shift
  out=$(make -n --no-print-directory "$@" BOARD=nucleo-f429zi DEV_MODE=1 2>&1); rc=$?
  [ "$rc" -ne 0 ] && grep -qE -- "$re" <<<"$out" && ! grep -qE '^scripts/flash.sh ' <<<"$out" ||
    { echo "  make $* (rc $rc) said:"; tail -3 <<<"$out"; return 1; }
}
t_through_slot_wants_packed_app() { # a raw APP= cannot go through a slot; a packed one can
  expect_refusal "APP= is a packed image: otaboot pack x.bin -b nucleo-f429zi -v VERSION -p rollback" \
    flash PROFILE=rollback APP=x.bin || return 1
  local gz out; gz=$(mktemp --suffix=.gz)
  out=$(make -n --no-print-directory flash BOARD=nucleo-f429zi DEV_MODE=1 PROFILE=rollback APP="$gz" 2>&1)
  grep -qF "build/host/firstflash nucleo-f429zi $gz build/fw/nucleo-f429zi/first/ rollback" <<<"$out" ||
    { echo "  make flash PROFILE=rollback APP=$gz does not run firstflash on it"; rm -f "$gz"; return 1; }
  rm -f "$gz"
}
t_flash_slot_not_direct() { expect_refusal "the direct profile has no update slot to flash through" flash-slot PROFILE=direct; }
t_package_sets() { # the sets name the Debian packages
  grep -qE '^stlink_pkgs=\(stlink-tools\)' scripts/install-deps.sh &&
    grep -qE '^openocd_pkgs=\(openocd\)' scripts/install-deps.sh || { echo "  package sets missing"; return 1; }
  local err; err=$(scripts/install-deps.sh nope 2>&1); [ $? -eq 2 ] && grep -q 'stlink, openocd' <<<"$err" ||
    { echo "  unknown set: '$err'"; return 1; }
}

t_missing_package_named() { # no stlink-tools and no way to install it: make flash names the package, runs no st-flash
  local stub out rc; stub=$(mktemp -d)
  printf '#!/bin/sh\nexit 1\n' >"$stub/dpkg-query"      # nothing is installed
  printf '#!/bin/sh\nexit 100\n' >"$stub/apt-get"       # and nothing can be
  printf '#!/bin/sh\necho ran >>"%s/st-flash.ran"\n' "$stub" >"$stub/st-flash"
  chmod +x "$stub"/*
  out=$(PATH="$stub:$PATH" make --no-print-directory flash BOARD=nucleo-f429zi DEV_MODE=1 2>&1); rc=$?
  local ran=0; [ -e "$stub/st-flash.ran" ] && ran=1
  rm -rf "$stub"
  [ "$rc" -ne 0 ] && [ "$ran" -eq 0 ] && grep -q 'install them with: sudo apt-get install stlink-tools' <<<"$out" ||
    { echo "  make flash (rc $rc, st-flash ran: $ran) said:"; tail -5 <<<"$out"; return 1; }
}

tests=(t_flash t_flash_openocd t_flash_slot t_flash_rollback t_flash_openocd_rollback t_flash_slot_rollback
       t_through_slot_wants_packed_app t_flash_slot_not_direct t_package_sets t_missing_package_named)
echo "[==========] Running ${#tests[@]} test(s) (flashing tools)."
for t in "${tests[@]}"; do
  echo "[ RUN      ] $t"
  if "$t"; then PASS=$((PASS + 1)); echo "[       OK ] $t"; else FAIL=$((FAIL + 1)); echo "[  FAILED  ] $t"; fi
done
echo "[==========] ${#tests[@]} test(s) ran."
echo "[  PASSED  ] $PASS test(s)."
[ "$FAIL" -eq 0 ] || { echo "[  FAILED  ] $FAIL test(s)"; exit 1; }
