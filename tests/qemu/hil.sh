#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Proves scripts/hil.sh on emulated hardware: QEMU mps2-an386 (the QEMU
# board with networking: LAN9118 under user-mode networking, a port forward
# from an ephemeral port on 127.0.0.1 to the board's 40000) stands in for a
# board on an ST-LINK. Its console is a pty (-serial pty), which the script
# reads as it reads /dev/ttyACM0; "flashing" writes into the file behind the
# emulated flash (QEMU maps it shared, so the guest sees the bytes at once);
# the reset is the monitor's system_reset. bl1 itself runs from QEMU's
# -kernel copy (its flash sector is reserved on this board), and there is no
# self-test image for this board (the self-test is STM32 firmware), so the
# script runs with HIL_SELFTEST=none. The 20 updates, the corrupted images,
# the image that never confirms and the resets during installs all run.
# The self-test step runs on netduinoplus2 (STM32F405, no network:
# HIL_UPDATES=0): its flash is the image QEMU loads at each start, so a reset
# restarts QEMU (tests/qemu/n2board.sh), and the console is a pty that
# outlives those restarts (tests/qemu/pty_relay.py), as an ST-LINK's port
# outlives the board's resets. Every wait is bounded.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. tests/qemu/net/lib.sh
D=$Q/an386/slot
WORK=$(mktemp -d "${TMPDIR:-/tmp}/otaboot-hilq.XXXXXX")
QPID=
RELAY=
trap '[ -n "$QPID" ] && kill -KILL "$QPID" 2>/dev/null; [ -n "$RELAY" ] && kill "$RELAY" 2>/dev/null; [ -f "$WORK/n2/qemu.pid" ] && kill -KILL "$(cat "$WORK/n2/qemu.pid")" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
. tests/fw/report.sh
result() { # NAME OK
  if [ "$2" = 1 ]; then ok "$1"; else bad "$1" "(the lines above)"; fi
}

for f in $D/{bl1.elf,bl1.bin,rescue.bin,demo-v1.bin,demo-v2.bin,demo-noconfirm.bin,flash-v1.img} \
         build/fw/qemu-netduinoplus2/{bl1.bin,selftest.bin,demo.bin}; do
  [ -f "$f" ] || { echo "hil qemu: $f missing (make qemu firmware)"; echo "[  FAILED  ] 1 test(s)"; exit 1; }
done

# 1. A clear error without a console device.
echo "[ RUN      ] hil_bad_tty"
out=$(BOARD=qemu-mps2-an386 TTY=/nonexistent scripts/hil.sh 2>&1); rc=$?
echo "    | $out"
result hil_bad_tty "$([ $rc -eq 2 ] && grep -q 'is not a terminal device' <<<"$out" && echo 1 || echo 0)"

# 2. The self-test step on netduinoplus2: bl1 and the self-test flashed, the
#    lines read from the console into the report.
echo "[ RUN      ] hil_selftest_netduinoplus2"
N2=build/fw/qemu-netduinoplus2 ND=$WORK/n2
mkdir -p "$ND"
head -c 1048576 /dev/zero | tr '\0' '\377' >"$ND/flash.img"
: >"$ND/empty.bin"
tests/qemu/pty_relay.py "$ND/con.sock" "$ND/tty" & RELAY=$!
for ((i = 0; i < 50; i++)); do [ -S "$ND/con.sock" ] && [ -e "$ND/tty" ] && break; sleep 0.1; done
BOARD=olimex-e407 TTY=$(readlink "$ND/tty") PROFILE=slot HIL_UPDATES=0 \
  HIL_FLASH_FILE=$ND/flash.img HIL_FLASH_BASE=0x08000000 HIL_RESET="tests/qemu/n2board.sh reset $ND" \
  HIL_BL1=$N2/bl1.bin HIL_RESCUE=$ND/empty.bin HIL_SELFTEST=$N2/selftest.bin \
  HIL_APP_A=$N2/demo.bin HIL_APP_B=$N2/demo.bin HIL_APP_NOCONFIRM=$N2/demo.bin HIL_TIMEOUT=30 \
  scripts/hil.sh >"$WORK/n2report.txt" 2>"$WORK/n2progress.txt"
rc=$?
[ -f "$ND/qemu.pid" ] && kill -KILL "$(cat "$ND/qemu.pid")" 2>/dev/null
kill "$RELAY" 2>/dev/null
sed 's/^/    | /' "$WORK/n2report.txt"
ok=1
[ $rc -eq 0 ] || { echo "    exit code $rc"; sed 's/^/    progress: /' "$WORK/n2progress.txt"; ok=0; }
for want in 'verdict: \*\*PASS\*\*; updates: 0 passed, 0 failed, 0 skipped of 0' \
            '^bl1: otaboot bl1 on olimex-e407' '^PASS entry\.vtor: VTOR 0x08020000' '^SKIP eth\.mac: ' \
            '^selftest: 5 PASS, 0 FAIL, 13 SKIP' '^not run \(HIL_UPDATES=0\)'; do
  grep -qE -- "$want" "$WORK/n2report.txt" || { echo "    missing in the report: $want"; ok=0; }
done
result hil_selftest_netduinoplus2 $ok

# 3. The whole run on mps2-an386.
echo "[ RUN      ] hil_qemu_an386"
PORT=$(free_port)
cp "$D/flash-v1.img" "$WORK/flash.img"
qemu-system-arm -M mps2-an386 -display none -monitor unix:"$WORK/mon.sock",server=on,wait=off \
  -serial pty -kernel "$D/bl1.elf" \
  -object memory-backend-file,id=fl,size=16M,mem-path="$WORK/flash.img",share=on -machine memory-backend=fl \
  -nic user,hostfwd=tcp:127.0.0.1:"$PORT"-:40000 -semihosting-config enable=on,target=native \
  </dev/null >"$WORK/qemu.out" 2>&1 &
QPID=$!
pty=
for ((i = 0; i < 100; i++)); do
  pty=$(sed -n 's/.*char device redirected to \(\/dev\/pts\/[0-9]*\).*/\1/p' "$WORK/qemu.out")
  [ -n "$pty" ] && [ -S "$WORK/mon.sock" ] && break
  sleep 0.1
done
if [ -z "$pty" ]; then
  cat "$WORK/qemu.out"; result hil_qemu_an386 0
else
  start=$SECONDS
  BOARD=qemu-mps2-an386 TTY=$pty IP=127.0.0.1 PORT=$PORT PROFILE=slot \
    HIL_FLASH_FILE=$WORK/flash.img HIL_FLASH_BASE=0x21000000 \
    HIL_RESET="python3 -c 'import socket, sys, time; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b\"system_reset\\n\"); time.sleep(0.3)' $WORK/mon.sock" \
    HIL_SELFTEST=none HIL_BL1=$D/bl1.bin HIL_RESCUE=$D/rescue.bin \
    HIL_APP_A=$D/demo-v1.bin HIL_APP_B=$D/demo-v2.bin HIL_APP_NOCONFIRM=$D/demo-noconfirm.bin \
    HIL_TIMEOUT=60 HIL_TRIAL_S=3 scripts/hil.sh >"$WORK/report.txt" 2>"$WORK/progress.txt"
  rc=$?
  sed 's/^/    | /' "$WORK/report.txt"
  echo "    ($((SECONDS - start)) s)"
  ok=1
  [ $rc -eq 0 ] || { echo "    exit code $rc"; tail -5 "$WORK/progress.txt" | sed 's/^/    progress: /'; ok=0; }
  for want in 'verdict: \*\*PASS\*\*; updates: 20 passed, 0 failed, 0 skipped of 20' \
              '^\| 5 \| corrupt \| 1\.5\.0 \| PASS \| [0-9]+ \| rejected \(compressed payload hash mismatch\), v1\.4\.0 runs on' \
              '^\| 9 \| noconfirm \| 1\.9\.0 \| PASS \| [0-9]+ \| 3 trial boots, then rescue answers' \
              '^\| 10 \| good \| 1\.10\.0 \| PASS ' \
              '^\| 11 \| cut \| 1\.11\.0 \| PASS \| [0-9]+ \| reset (during|just after) the install' \
              '^\| 20 \| good \| 1\.20\.0 \| PASS ' '^bl1: otaboot bl1 on qemu-mps2-an386'; do
    grep -qE -- "$want" "$WORK/report.txt" || { echo "    missing in the report: $want"; ok=0; }
  done
  result hil_qemu_an386 $ok
fi

report_summary
