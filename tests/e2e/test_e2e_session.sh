#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: the update port's connection rules on the virtual board
# over real TCP on 127.0.0.1: STATUS with the progress beside a transfer and
# busy for a second upload (send's exit code and retries), the overall
# deadline against a trickling client, the bounded gzip file name, the
# restart after a valid image even when the client then resets the
# connection, no network reset, and rescue entered on the application's
# request going back to it.
. "$(dirname "$0")/lib.sh"
CLIENT="python3 $(dirname "$0")/tcpclient.py"

mkapp "$T/v1.bin" 60000 1
mkapp "$T/v2.bin" 60000 2
"$OTABOOT" pack "$T/v1.bin" -b nucleo-f429zi -v 1.0.0 -o "$T/v1.gz" -q
"$OTABOOT" pack "$T/v2.bin" -b nucleo-f429zi -v 2.0.0 -o "$T/v2.gz" -q
"$OTABOOT" pack "$T/v1.bin" -b nucleo-f429zi -p direct -v 1.0.0 -o "$T/d1.gz" -q
"$OTABOOT" pack "$T/v2.bin" -b nucleo-f429zi -p direct -v 2.0.0 -o "$T/d2.gz" -q

test_status_and_busy_beside_a_transfer() {
  start_sim busy
  # a client that sends 1000 bytes, waits 3 s, then ends its stream
  ( head -c 1000 "$T/v1.gz"; sleep 3 ) | timeout 20 nc -N 127.0.0.1 "$PORT" > /dev/null &
  PIDS+=("$!")
  wait_for "$SIM_LOG" 'receiving an update' 1 10
  sleep 0.3
  timeout 10 "$OTABOOT" status "127.0.0.1:$PORT" > "$T/st.out"
  grep -q "receiving: *1000 of $(stat -c %s "$T/v1.gz") bytes" "$T/st.out"
  expect_status running=rescue "transfer=1000/$(stat -c %s "$T/v1.gz")"
  # a second upload: busy, with its own exit code when no retry is allowed
  set +e; timeout 20 "$OTABOOT" send "127.0.0.1:$PORT" "$T/v1.gz" -q --retries 0 > "$T/answer" 2> "$T/err"; rc=$?; set -e
  [ "$rc" -eq 8 ]
  grep -q "busy with another transfer" "$T/err"
  # with retries, send waits until the board is free and gets through
  timeout 60 "$OTABOOT" send "127.0.0.1:$PORT" "$T/v1.gz" --retries 5 > "$T/answer" 2> "$T/err"
  grep -q "trying again in" "$T/err"
  grep -qx "Valid update file received" "$T/answer"
  expect_status running=app version=1.0.0 app=confirmed transfer=none
}

# One byte every second keeps the idle timer (5 s) happy, not the deadline (3 s).
test_deadline_against_a_trickle() {
  start_sim slow --idle-timeout 5 --deadline 3
  $CLIENT trickle "$PORT" "$T/v1.gz" 1 20 > "$T/c.out"
  cat "$T/c.out"
  grep -qx "answer=Update rejected: transfer too slow: it went past its time limit (send again over a faster link)" "$T/c.out"
  awk -F= '/^answer_at=/ { exit !($2 >= 2.5 && $2 < 5) }' "$T/c.out"
  # the client keeps trickling after the answer: still closed, 2 s later at most
  awk -F= '/^closed_at=/ { exit !($2 != "none" && $2 < 7) }' "$T/c.out"
  expect_status running=rescue transfer=none
}

# A gzip header whose file name never ends: refused at byte 1025 of the
# name, whatever follows.
test_endless_file_name() {
  start_sim fname --deadline 3
  printf '\037\213\010\010\000\000\000\000\000\003' > "$T/fname.head"
  $CLIENT stream "$PORT" 41 10 "$T/fname.head" > "$T/c.out"
  cat "$T/c.out"
  grep -qx "answer=Update rejected: gzip file name or comment longer than 1024 bytes (pack the image with otaboot pack)" "$T/c.out"
  awk -F= '/^answer_at=/ { exit !($2 < 1) }' "$T/c.out"
  awk -F= '/^closed_at=/ { exit !($2 != "none" && $2 < 7) }' "$T/c.out"
}

# The client resets the connection after the accepted answer, before the
# board closed it: the image is sealed, the board restarts and installs it.
test_peer_reset_after_valid_answer() {
  start_sim rst
  send_file "$T/v1.gz"
  expect_status running=app version=1.0.0 app=confirmed
  $CLIENT reset-after-answer "$PORT" "$T/v2.gz" > "$T/c.out"
  grep -qx "answer=Valid update file received" "$T/c.out"
  wait_for "$SIM_LOG" 'bl1: installed v2\.0\.0' 1 10
  expect_status running=app version=2.0.0 app=confirmed
}

# The same on a direct-profile application: its accepted header (restarting
# into rescue) and then the peer's RST: rescue starts all the same.
test_peer_reset_after_rescue_answer() {
  start_sim rstd --profile direct
  send_file "$T/d1.gz"
  expect_status running=app version=1.0.0 app=confirmed profile=direct
  head -c 300 "$T/d2.gz" > "$T/d2-head.gz"
  $CLIENT reset-after-answer "$PORT" "$T/d2-head.gz" > "$T/c.out"
  grep -q "^answer=Update rejected: this board installs updates through rescue" "$T/c.out"
  # the second rescue start (the first installed v1 on the empty board)
  wait_for "$SIM_LOG" 'rescue: update service listening' 2 10
}

test_no_network_reset() {
  start_sim noreset
  printf 'RESET\n' | timeout 10 nc -N 127.0.0.1 "$PORT" > "$T/q.out"
  grep -qx "Update rejected: not a gzip file (make an image with: otaboot pack app.bin -b BOARD -v VERSION)" "$T/q.out"
  sleep 0.5
  [ "$(grep -c 'listening on' "$SIM_LOG")" -eq 1 ]
}

# Rescue entered on the application's request goes back to the confirmed
# application: after a header-only send, when nothing comes in time; after a
# refused image, at once.
test_rescue_goes_back() {
  start_sim back --profile direct --rescue-return 3
  send_file "$T/d1.gz"
  expect_status running=app version=1.0.0 app=confirmed profile=direct
  head -c 300 "$T/d2.gz" | timeout 20 nc -N 127.0.0.1 "$PORT" > "$T/nc.out"
  grep -q "restarting into rescue" "$T/nc.out"
  wait_for "$SIM_LOG" 'rescue: update service listening' 1 10
  expect_status running=rescue version=1.0.0 app=confirmed
  wait_for "$SIM_LOG" 'no install started in time: back to the application' 1 10
  wait_for "$SIM_LOG" 'app: update service listening' 2 10
  expect_status running=app version=1.0.0 app=confirmed
  # again, and this time rescue refuses what it gets: back at once
  head -c 300 "$T/d2.gz" | timeout 20 nc -N 127.0.0.1 "$PORT" > "$T/nc.out"
  wait_for "$SIM_LOG" 'rescue: update service listening' 2 10
  printf 'garbage\n' | timeout 10 nc -N 127.0.0.1 "$PORT" > "$T/nc.out"
  grep -q "Update rejected: not a gzip file" "$T/nc.out"
  wait_for "$SIM_LOG" 'refused before anything was erased: back to the application' 1 5
  wait_for "$SIM_LOG" 'app: update service listening' 3 10
  expect_status running=app version=1.0.0 app=confirmed
  # and a whole image still goes through rescue as before
  send_file "$T/d2.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=2.0.0 app=confirmed
}

run_test test_status_and_busy_beside_a_transfer
run_test test_deadline_against_a_trickle
run_test test_endless_file_name
run_test test_peer_reset_after_valid_answer
run_test test_peer_reset_after_rescue_answer
run_test test_no_network_reset
run_test test_rescue_goes_back
summary
