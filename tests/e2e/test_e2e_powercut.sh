#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: the virtual board loses power during a transfer and
# during the install (injected cuts at chosen flash operations, of every kind,
# and SIGKILL at random moments), then is restarted on the same flash: it
# comes up running a consistent version (the old or the new, never rescue, never
# a half image) and takes the update again.
. "$(dirname "$0")/lib.sh"

mkapp "$T/v1.bin" 24000 1
mkapp "$T/v2.bin" 24000 2
"$OTABOOT" pack "$T/v1.bin" -b nucleo-f429zi -v 1.0.0 -o "$T/v1.gz" -q
"$OTABOOT" pack "$T/v2.bin" -b nucleo-f429zi -v 2.0.0 -o "$T/v2.gz" -q

base_board() {
  start_sim base
  send_file "$T/v1.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=1.0.0 app=confirmed
  stop_sim
}

# After the power comes back: old or new version, running the application.
check_consistent() {
  local line
  line=$(timeout 15 "$OTABOOT" status "127.0.0.1:$PORT" --raw)
  case "$line" in
    *" running=app version=1.0.0 app=confirmed "*|*" running=app version=2.0.0 app=confirmed "*) ;;
    *) echo "inconsistent after power cut: $line"; return 1 ;;
  esac
  send_file "$T/v2.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=2.0.0 app=confirmed update=none
}

# How many flash operations one update (transfer + install + confirm) takes.
test_count_operations() {
  cp "$T/base.flash" "$T/count.flash"
  start_sim count --cut-after 100000
  send_file "$T/v2.gz"
  expect_answer "Valid update file received"
  expect_status version=2.0.0 app=confirmed
  wait_for "$SIM_LOG" 'confirmed itself' 1 5
  stop_sim
  local n
  n=$(sed -n 's/^sim: stopped (\([0-9]*\) flash operations.*/\1/p' "$SIM_LOG")
  [ "$n" -gt 50 ]
  echo "$n" > "$T/ops"
}

# cut_run N KIND: power cut at operation N of an update, then restart.
cut_run() {
  cp "$T/base.flash" "$T/cut.flash"
  start_sim cut --cut-after "$1" --cut-kind "$2" --seed "$1"
  timeout 30 "$OTABOOT" send "127.0.0.1:$PORT" "$T/v2.gz" --timeout 5 -q > /dev/null 2>&1 || true
  # the cut may fall in the transfer (no answer), the install or the confirm;
  # past the end of the update none happens and v2 confirms itself
  local i=0
  until gone "$SIM_PID" || grep -q 'v2.0.0 is healthy and confirmed itself' "$SIM_LOG"; do
    i=$((i + 1)); [ "$i" -gt 200 ] && { echo "cut $1 $2: neither a cut nor an update"; return 1; }
    sleep 0.05
  done
  if wait_exit "$SIM_PID" 1; then
    reap "$SIM_PID"
    [ "$REAPED" -eq 6 ] || { echo "cut $1 $2: exit $REAPED, expected 6"; return 1; }
    grep -q 'sim: power cut' "$SIM_LOG"
  else
    stop_sim # N beyond the update: no cut happened
  fi
  start_sim cut
  check_consistent || { echo "cut at $1 ($2)"; return 1; }
  grep -q 'install was interrupted' "$SIM_LOG" && echo "$1 $2" >> "$T/resumed"
  stop_sim
}

# Cut indices: the first and last few operations of the update, where the
# journal records are, and a spread over the rest (the slot and app programs).
cuts() {
  local n i
  n=$(cat "$T/ops")
  { seq 0 6; seq $((n - 8)) $((n + 1)); seq 7 $(( (n + 29) / 30 )) $((n - 9)); } | sort -n | uniq
}

test_cut_before() {
  for n in $(cuts); do cut_run "$n" before; done
  # some cuts fell into the install and bl1 resumed it from the slot
  grep -q before "$T/resumed"
}
test_cut_torn() { for n in $(cuts); do cut_run "$n" torn; done; }
test_cut_partial_erase() { for n in $(cuts); do cut_run "$n" partial-erase; done; }

# SIGKILL at random moments of a transfer + install.
test_random_kill() {
  local i
  for i in $(seq 1 12); do
    cp "$T/base.flash" "$T/kill.flash"
    start_sim kill
    timeout 30 "$OTABOOT" send "127.0.0.1:$PORT" "$T/v2.gz" --timeout 5 -q > /dev/null 2>&1 &
    PIDS+=("$!")
    sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
    kill -9 "$SIM_PID"
    reap "$SIM_PID"
    start_sim kill
    check_consistent || { echo "kill round $i"; return 1; }
    stop_sim
  done
}

run_test base_board
run_test test_count_operations
run_test test_cut_before
run_test test_cut_torn
run_test test_cut_partial_erase
run_test test_random_kill
summary
