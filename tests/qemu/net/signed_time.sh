#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot measurement on emulated hardware: instructions per signature
# verification (tests/qemu/net/signed_time.c, build/qemu/an386/sigtime.elf).
# QEMU runs with -icount shift=0: its virtual clock advances 1 ns per guest
# instruction, so SysTick's 25 MHz count gives instructions exactly (one
# tick = 40). The firmware checks the method on a loop of known length, then
# verifies a record signed with the TEST-ONLY key 3 times, a tampered one
# and one with s out of range. Passes when the verdicts are right and the
# calibration loop reads exactly; the figures are reported, not judged.
# Usage: tests/qemu/net/signed_time.sh   (prints cmocka-style result lines)
set -u
cd "$(dirname "$0")/../../.."
Q=${Q:-build/qemu}
echo "[==========] Running 1 test(s) (signature verification time, QEMU -icount)."
echo "[ RUN      ] t_verify_instructions"
out=$(timeout 60 qemu-system-arm -M mps2-an386 -nographic -monitor none -icount shift=0 \
      -kernel "$Q/an386/sigtime.elf" -semihosting-config enable=on,target=native </dev/null 2>&1)
rc=$?
sed 's/^/    /' <<<"$out"
if [ "$rc" -eq 0 ] && grep -q '^sigtime: calibration: a 2000000-instruction loop: 2000000 instructions' <<<"$out" &&
   grep -q '^sigtime: done' <<<"$out"; then
  echo "[       OK ] t_verify_instructions"
  echo "[  PASSED  ] 1 test(s)."
else
  echo "[  FAILED  ] t_verify_instructions (exit status $rc)"
  echo "[  PASSED  ] 0 test(s)."
  echo "[  FAILED  ] 1 test(s), listed below:"
  echo "[  FAILED  ] t_verify_instructions"
  exit 1
fi
