# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end tests: shared helpers (sourced, not run).
# Every wait is bounded; every process started here is stopped by its pid.
set -u
E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OTABOOT=${OTABOOT:-$E2E_ROOT/build/host/otaboot}
T=$(mktemp -d /tmp/otaboot-e2e.XXXXXX)
PIDS=()
PASS=0
FAILS=()

cleanup() {
  kill_pids
  rm -rf "$T"
}
trap cleanup EXIT

# mkapp OUT SIZE SEED [SP [RESET]]: a firmware-like binary for nucleo-f429zi's
# application area (0x08020000): vector table, then compressible pseudo-code.
mkapp() {
  python3 - "$@" <<'PY'
import random, struct, sys
out, size, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sp = int(sys.argv[4], 0) if len(sys.argv) > 4 else 0x20030000
reset = int(sys.argv[5], 0) if len(sys.argv) > 5 else 0x08020201
r = random.Random(seed)
words = [r.randrange(1 << 16) for _ in range(64)]
body = bytearray(struct.pack('<II', sp, reset))
while len(body) < size:
    body += struct.pack('<H', words[r.randrange(len(words))])
open(out, 'wb').write(bytes(body[:size]))
PY
}

# wait_for FILE REGEX COUNT SECONDS: until FILE has COUNT lines matching.
wait_for() {
  local i=0 limit=$(( $4 * 20 ))
  while [ "$(grep -cE -- "$2" "$1" 2>/dev/null || true)" -lt "$3" ]; do
    i=$((i + 1)); [ "$i" -gt "$limit" ] && return 1
    sleep 0.05
  done
}

# start_sim NAME [sim options]: a virtual nucleo-f429zi on an ephemeral port,
# flash in $T/NAME.flash (kept across restarts), console in $T/NAME.log.
# Sets SIM_PID and PORT.
start_sim() {
  local name=$1; shift
  : > "$T/$name.log"
  "$OTABOOT" sim --board nucleo-f429zi --port 0 --flash "$T/$name.flash" "$@" >> "$T/$name.log" 2>&1 &
  SIM_PID=$!
  PIDS+=("$SIM_PID")
  SIM_LOG=$T/$name.log
  if ! wait_for "$SIM_LOG" 'listening on 127\.0\.0\.1:[0-9]+' 1 10; then
    echo "sim did not come up:"; cat "$SIM_LOG"; return 1
  fi
  PORT=$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+' "$SIM_LOG" | head -1 | cut -d: -f2)
}

# stop_sim: SIGTERM, then at most 5 s before SIGKILL. Sets SIM_RC.
stop_sim() {
  kill "$SIM_PID" 2>/dev/null || true
  wait_exit "$SIM_PID" 5 || kill -9 "$SIM_PID" 2>/dev/null || true
  reap "$SIM_PID"; SIM_RC=$REAPED
}

# gone PID: the process has ended (a child that ended stays a zombie until reaped).
gone() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
  case "$st" in Z*) return 0 ;; *) return 1 ;; esac
}

# wait_exit PID SECONDS: 0 once PID has ended.
wait_exit() {
  local i=0
  until gone "$1"; do
    i=$((i + 1)); [ "$i" -gt $(( $2 * 20 )) ] && return 1
    sleep 0.05
  done
}

# reap PID: its exit status into REAPED (errexit-safe).
reap() {
  REAPED=0
  wait "$1" 2>/dev/null || REAPED=$?
}

# status_of KEY: one value from the board's STATUS answer.
status_of() {
  timeout 15 "$OTABOOT" status "127.0.0.1:$PORT" --raw | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# expect_status KEY=VALUE...: every pair matches the board's answer.
expect_status() {
  local line kv
  line=$(timeout 15 "$OTABOOT" status "127.0.0.1:$PORT" --raw) || { echo "status query failed"; return 1; }
  for kv in "$@"; do
    case " $line " in *" $kv "*) ;; *) echo "expected $kv in: $line"; return 1 ;; esac
  done
}

# send_file FILE [send options]: otaboot send, answer in $T/answer; returns send's status.
send_file() {
  timeout 60 "$OTABOOT" send "127.0.0.1:$PORT" "$1" --timeout 10 -q "${@:2}" > "$T/answer" 2> "$T/send.err"
}

expect_answer() {
  grep -qF -- "$1" "$T/answer" || { echo "answer '$(cat "$T/answer")' lacks '$1'; stderr: $(cat "$T/send.err")"; return 1; }
}

on_test_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ] && [ -n "${SIM_LOG:-}" ] && [ -f "$SIM_LOG" ]; then
    echo "--- board console (last lines):"; tail -n 25 "$SIM_LOG"
  fi
  kill_pids
}

# run_test NAME: runs function NAME in a subshell with errexit; cmocka-style lines.
kill_pids() {
  local p
  for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill -9 "$p" 2>/dev/null || true; done
  PIDS=()
}

on_test_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ] && [ -n "${SIM_LOG:-}" ] && [ -f "$SIM_LOG" ]; then
    echo "--- board console (last lines):"; tail -n 25 "$SIM_LOG"
  fi
  kill_pids
}

# run_test NAME: runs function NAME in a subshell with errexit (not inside an
# `if`, where bash would ignore errexit); cmocka-style lines.
run_test() {
  if [ -n "${E2E_ONLY:-}" ] && [ "$1" != base_board ] && [[ " $E2E_ONLY " != *" $1 "* ]]; then return; fi
  echo "[ RUN      ] $1"
  local rc
  ( trap on_test_exit EXIT; set -e; [ -n "${E2E_DEBUG:-}" ] && set -x; "$1" ) > "$T/test.out" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ]; then
    PASS=$((PASS + 1)); echo "[       OK ] $1"
  else
    cat "$T/test.out"
    echo "[  FAILED  ] $1 (exit $rc)"
    FAILS+=("$1")
  fi
}

summary() {
  echo "[==========] $((PASS + ${#FAILS[@]})) test(s) run."
  echo "[  PASSED  ] $PASS test(s)."
  if [ ${#FAILS[@]} -gt 0 ]; then
    echo "[  FAILED  ] ${#FAILS[@]} test(s), listed below:"
    local f; for f in "${FAILS[@]}"; do echo "[  FAILED  ] $f"; done
    exit 1
  fi
  exit 0
}

[ -x "$OTABOOT" ] || { echo "missing $OTABOOT (make build/host/otaboot)"; echo "[  FAILED  ] 1 test(s)"; exit 1; }
