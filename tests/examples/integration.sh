#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/integration.md works as written:
#   1. every file the guide quotes ("<!-- file: PATH -->" before a fenced
#      block) is quoted exactly, and both examples' main.c are quoted;
#   2. the guide's table of application addresses, sizes and
#      VECT_TAB_OFFSET is what the layouts say; both examples
#      (mk/example.mk: compiled with -Werror and linked for the
#      Nucleo-F429ZI) start at the layout's application address, and
#      `otaboot pack` accepts them for that board (vector table, size);
#   3. `make flash BOARD=... APP=app.bin` writes bl1, rescue and app.bin
#      (not the demo), flash-openocd too, and a wrong APP is refused.
# Needs `make examples` (part of make check's build). Prints cmocka-style lines.
set -uo pipefail
cd "$(dirname "$0")/../.."
GUIDE=docs/integration.md
EX=build/examples/cubemx-lwip
BOARD=nucleo-f429zi
T=$(mktemp -d "${TMPDIR:-/tmp}/otaboot-integration.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0 fail=0 failed=()
ok() { echo "[       OK ] $1"; pass=$((pass + 1)); }
ko() { echo "[  FAILED  ] $1: $2"; fail=$((fail + 1)); failed+=("$1"); }

# 1. quotes
t=guide_quotes_the_example_files
awk -v dir="$T/q" '
  /^<!-- file: .* -->$/ { path = $3; next }
  path != "" && /^```/ && !inside { inside = 1; n++; f = dir "/" n; print path > (dir "/" n ".path"); next }
  inside && /^```$/ { inside = 0; path = ""; close(f); next }
  inside { print > f }
' < <(mkdir -p "$T/q"; cat "$GUIDE")
msg=""
for p in "$T"/q/*.path; do
  [ -e "$p" ] || { msg="no quoted files"; break; }
  src=$(cat "$p")
  if [ ! -f "$src" ]; then msg="$msg; quotes $src, which does not exist"; continue; fi
  # A quote may be the whole file or the file after its SPDX line.
  if ! cmp -s "${p%.path}" "$src" && ! tail -n +2 "$src" | cmp -s "${p%.path}" -; then
    msg="$msg; the quote of $src differs from the file:"$'\n'"$(tail -n +2 "$src" | diff "${p%.path}" - | head -20)"
  fi
done
for need in examples/cubemx-lwip/nosys/main.c examples/cubemx-lwip/rtos/main.c; do
  grep -qx "<!-- file: $need -->" "$GUIDE" || msg="$msg; $need is not quoted"
done
[ -z "$msg" ] && ok "$t" || ko "$t" "${msg#; }"

# 2. the guide's table of application addresses is the layouts', and the
# examples are linked at the application base and accepted by pack
t=guide_application_addresses_are_the_layouts
msg="" rows=0
while IFS='|' read -r _ boards profile addr size off _; do
  profile=${profile// /} addr=${addr// /} size=${size//[^0-9]/} off=${off// /}
  for b in ${boards//,/ }; do
    h=$(build/host/layoutgen --header "$b" "$profile" 2>&1) || { msg="$msg; $b $profile: $h"; continue; }
    a=$(sed -n 's/^#define OB_LAYOUT_APP_ADDR \(0x[0-9A-Fa-f]*\)u.*/\1/p' <<<"$h")
    z=$(sed -n 's/^#define OB_LAYOUT_APP_SIZE \(0x[0-9A-Fa-f]*\)u.*/\1/p' <<<"$h")
    f=$(sed -n 's/^#define OB_LAYOUT_FLASH_BASE \(0x[0-9A-Fa-f]*\)u.*/\1/p' <<<"$h")
    [ $((a)) -eq $((addr)) ] && [ $((z / 1024)) -eq "$size" ] && [ $((a - f)) -eq $((off)) ] ||
      msg="$msg; $b $profile: the guide says $addr, $size KiB, offset $off; the layout says $a, $((z / 1024)) KiB"
    rows=$((rows + 1))
  done
done < <(grep -E '^\| [a-z0-9, -]+ \| (slot|direct) \| 0x[0-9A-Fa-f]+ \|' "$GUIDE" | sed 's/U\? |$/ |/')
[ "$rows" -eq 8 ] || msg="$msg; $rows board/profile rows in the guide's table, expected 8"
[ -z "$msg" ] && ok "$t" || ko "$t" "${msg#; }"

t=examples_linked_at_the_application_base
msg=""
app=$(build/host/layoutgen --header "$BOARD" slot 2>/dev/null |
      sed -n 's/^#define OB_LAYOUT_APP_ADDR \(0x[0-9A-Fa-f]*\)u.*/\1/p')
[ -n "$app" ] || msg="no application address from build/host/layoutgen"
for v in nosys rtos; do
  elf=$EX/$v.elf
  if [ ! -f "$elf" ]; then msg="$msg; $elf missing (make examples)"; continue; fi
  text=$(arm-none-eabi-readelf -SW "$elf" | awk '{ for (i = 1; i < NF; i++) if ($i == ".text") print "0x" $(i + 2) }')
  if [ -z "$text" ] || [ -z "$app" ] || [ $((text)) -ne $((app)) ]; then
    msg="$msg; $v: .text at ${text:-?}, not at the application address ${app:-?}"
  fi
  arm-none-eabi-objcopy -O binary "$elf" "$T/$v.bin"
  out=$(build/host/otaboot pack "$T/$v.bin" -b "$BOARD" -v 1.0.0 -o "$T/$v.bin.gz" -q 2>&1) ||
    msg="$msg; otaboot pack refuses $v: $out"
done
[ -z "$msg" ] && ok "$t" || ko "$t" "${msg#; }"

# 3. make flash APP=
t=make_flash_writes_the_users_application
msg=""
: >"$T/app.bin"
# The recipe's scripts/flash.sh command, run with stand-ins that log what
# st-flash and openocd would be asked to write, and where.
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "st-flash $*" >>"%s/log"\n' "$T" >"$T/bin/st-flash"
printf '#!/bin/sh\nfor a; do echo "openocd $a"; done >>"%s/log"\n' "$T" >"$T/bin/openocd"
chmod +x "$T/bin/st-flash" "$T/bin/openocd"
hdr=build/host/layout/$BOARD/slot.h
make -s "$hdr" >/dev/null 2>&1 || msg="$msg; make $hdr failed"
at() { sed -n "s/^#define OB_LAYOUT_$1_ADDR \(0x[0-9A-Fa-f]*\)u.*/\1/p" "$hdr"; }
flashed() { # GOAL [APP]: what make GOAL would write, as logged by the stand-ins
  local cmd
  cmd=$(make -n "$1" BOARD=$BOARD ${2:+APP="$2"} DEV_MODE=1 2>&1 | grep '^scripts/flash.sh ')
  : >"$T/log"
  [ -n "$cmd" ] && PATH="$T/bin:$PATH" bash -c "$cmd" >/dev/null 2>&1
  cat "$T/log"
}
for goal in flash flash-openocd; do
  log=$(flashed "$goal" "$T/app.bin")
  grep -qE "^(st-flash --reset write|openocd program) $T/app.bin $(at APP)( |\$)" <<<"$log" ||
    msg="$msg; make $goal APP=... does not write app.bin at the APP address"
  grep -q 'demo.bin' <<<"$log" && msg="$msg; make $goal APP=... still writes demo.bin"
  grep -qE "^(st-flash write|openocd program) build/fw/$BOARD/bl1.bin $(at BL1)( |\$)" <<<"$log" ||
    msg="$msg; make $goal APP=... does not write bl1"
  grep -qE "^(st-flash write|openocd program) build/fw/$BOARD/rescue.bin $(at RESCUE)( |\$)" <<<"$log" ||
    msg="$msg; make $goal APP=... does not write rescue"
done
grep -q "^st-flash --reset write build/fw/$BOARD/demo.bin $(at APP)\$" <<<"$(flashed flash)" ||
  msg="$msg; make flash without APP does not write the demo"
for bad in "$T/app.elf" "$T/missing.bin"; do
  : >"$T/app.elf"
  out=$(make -s flash-check BOARD=$BOARD APP="$bad" 2>&1) && msg="$msg; APP=$bad accepted"
  grep -q "APP=$bad" <<<"$out" || msg="$msg; APP=$bad refused without saying why: $out"
done
[ -z "$msg" ] && ok "$t" || ko "$t" "${msg#; }"

echo "[==========] $((pass + fail)) test(s) run."
if [ "$fail" -eq 0 ]; then
  echo "[  PASSED  ] $pass test(s)."
else
  echo "[  PASSED  ] $pass test(s)."
  echo "[  FAILED  ] $fail test(s), listed below:"
  for f in "${failed[@]}"; do echo "[  FAILED  ] $f"; done
  exit 1
fi
