# SPDX-License-Identifier: Apache-2.0
# otaboot: the TCP clients people send images with, each used so that it
# shows the board's answer (docs/CLI.md "Clients"). Sourced by
# tests/e2e/test_e2e_clients.sh (virtual board) and tests/qemu/net/run.sh
# (QEMU firmware). Needs OTABOOT (the host tool).
CLIENTS=(nc nc-N nc.traditional ncat busybox-nc socat bash-devtcp otaboot-send)

# send_with CLIENT PORT FILE: sends FILE to 127.0.0.1:PORT, prints what the
# client printed (the board's answer). Bounded; the client's status is ignored
# (every netcat exits 0 on a rejection too).
send_with() {
  local c=$1 port=$2 f=$3
  case $c in
    nc) timeout 60 nc.openbsd 127.0.0.1 "$port" <"$f" ;;
    nc-N) timeout 60 nc.openbsd -N 127.0.0.1 "$port" <"$f" ;;
    nc.traditional) timeout 60 nc.traditional 127.0.0.1 "$port" <"$f" ;;
    ncat) timeout 60 ncat 127.0.0.1 "$port" <"$f" ;;
    busybox-nc) timeout 60 busybox nc 127.0.0.1 "$port" <"$f" ;;
    socat) timeout 60 socat -t 30 - "TCP:127.0.0.1:$port" <"$f" ;;
    bash-devtcp)
      timeout 60 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && cat "$2" >&3 && IFS= read -r line <&3
                          printf "%s\n" "$line"' _ "$port" "$f" ;;
    # --no-check: the file goes to the board even where send's local checks
    # would refuse it (the board's answer is what is tested here)
    otaboot-send) timeout 60 "$OTABOOT" send "127.0.0.1:$port" "$f" -q --retries 0 --no-check 2>/dev/null ;;
  esac
  return 0
}

# load_start SECONDS / load_stop: every CPU busy (stress-ng, bounded), so
# that timing races between the board and its clients show.
load_start() {
  stress-ng --cpu "$(nproc)" --timeout "${1}s" --quiet >/dev/null 2>&1 &
  LOAD_PID=$!
  PIDS+=("$LOAD_PID") # the e2e helpers kill these when a test fails
}
load_stop() {
  if [ -n "${LOAD_PID:-}" ]; then
    kill "$LOAD_PID" 2>/dev/null || true
    wait "$LOAD_PID" 2>/dev/null || true
  fi
  LOAD_PID=
}
