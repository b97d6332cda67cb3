# SPDX-License-Identifier: Apache-2.0
# otaboot QEMU end-to-end helpers (sourced by run.sh and scripts/demo-qemu.sh).
# One board at a time per helper set: QEMU runs in the background with its
# console in $LOG; the flash file persists across restarts (a restart is a
# power cycle, SIGKILL is a power cut). Traffic stays on 127.0.0.1.
Q=${Q:-build/qemu}
OTABOOT=${OTABOOT:-build/host/otaboot}
QEMU_PID=

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# qemu_start MACHINE BL1 FLASH LOG PORT: console appended to LOG.
qemu_start() {
  qemu-system-arm -M "$1" -nographic -monitor none -kernel "$2" \
    -object memory-backend-file,id=fl,size=16M,mem-path="$3",share=on -machine memory-backend=fl \
    -nic user,hostfwd=tcp:127.0.0.1:"$5"-:40000 \
    -semihosting-config enable=on,target=native </dev/null >>"$4" 2>&1 &
  QEMU_PID=$!
}

# qemu_kill: the power cut (no chance to finish anything).
qemu_kill() {
  if [ -n "$QEMU_PID" ]; then
    kill -KILL "$QEMU_PID" 2>/dev/null || true
    wait "$QEMU_PID" 2>/dev/null || true
  fi
  QEMU_PID=
}

# wait_line LOG FROM PATTERN SECONDS: a console line matching PATTERN (grep -E)
# after byte offset FROM. 0 found, 1 timed out or QEMU gone.
wait_line() {
  local log=$1 from=$2 pat=$3 t=$4 i
  for ((i = 0; i < t * 10; i++)); do
    if tail -c +"$((from + 1))" "$log" | grep -qE "$pat"; then return 0; fi
    if [ -n "$QEMU_PID" ] && ! kill -0 "$QEMU_PID" 2>/dev/null; then
      tail -c +"$((from + 1))" "$log" | grep -qE "$pat"; return $?
    fi
    sleep 0.1
  done
  return 1
}

log_size() { stat -c %s "$1"; }

# send_nc FILE PORT: prints the board's answer line.
send_nc() { timeout 30 nc -N 127.0.0.1 "$2" <"$1" || true; }
status_of() { echo STATUS | timeout 10 nc -N 127.0.0.1 "$1" || true; }

# run_suite TITLE [TEST...]: runs the named test functions (default: every
# one in ALL), one QEMU at a time, with cmocka-style lines; exits 1 on a failure.
run_suite() {
  local title=$1 t start; shift
  local tests=("$@"); [ ${#tests[@]} -eq 0 ] && tests=("${ALL[@]}")
  echo "[==========] Running ${#tests[@]} test(s) ($title)."
  for t in "${tests[@]}"; do
    echo "[ RUN      ] $t"
    start=$SECONDS
    if "$t"; then
      PASS=$((PASS + 1)); echo "[       OK ] $t ($((SECONDS - start)) s)"
    else
      FAIL=$((FAIL + 1)); FAILED+=("$t"); echo "[  FAILED  ] $t ($((SECONDS - start)) s)"
      [ -n "${LOG:-}" ] && [ -f "$LOG" ] && sed 's/^/    console: /' "$LOG" | tail -25
    fi
    qemu_kill
  done
  echo "[==========] ${#tests[@]} test(s) ran."
  echo "[  PASSED  ] $PASS test(s)."
  if [ "$FAIL" -gt 0 ]; then
    echo "[  FAILED  ] $FAIL test(s), listed below:"
    for t in "${FAILED[@]}"; do echo "[  FAILED  ] $t"; done
    exit 1
  fi
}
