#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: updates over real TCP on 127.0.0.1 against the virtual
# board (otaboot sim), with `otaboot send` and with netcat; every rejected
# transfer leaves the previous version running.
. "$(dirname "$0")/lib.sh"

mkapp "$T/v1.bin" 60000 1
mkapp "$T/v2.bin" 60000 2
mkapp "$T/v3.bin" 60000 3
"$OTABOOT" pack "$T/v1.bin" -b nucleo-f429zi -v 1.0.0 -o "$T/v1.gz" -q
"$OTABOOT" pack "$T/v2.bin" -b nucleo-f429zi -v 2.0.0 -o "$T/v2.gz" -q
"$OTABOOT" pack "$T/v3.bin" -b nucleo-f429zi -v 3.0.0 -o "$T/v3.gz" -q

# A board that runs v1, confirmed; its flash is copied for each test.
base_board() {
  start_sim base
  send_file "$T/v1.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=1.0.0 app=confirmed update=none
  stop_sim
}

# board_v1 NAME [sim options]: starts a copy of the v1 board.
board_v1() {
  local name=$1; shift
  cp "$T/base.flash" "$T/$name.flash"
  start_sim "$name" "$@"
  expect_status running=app version=1.0.0 app=confirmed
}

# refused_locally MESSAGE: the last send_file refused the file itself, sent nothing.
refused_locally() {
  grep -qF -- "$1" "$T/send.err" && grep -q '; nothing sent$' "$T/send.err" ||
    { echo "send did not refuse locally with '$1': $(cat "$T/send.err")"; return 1; }
  [ ! -s "$T/answer" ]
}

still_v1() {
  expect_status running=app version=1.0.0 app=confirmed update=none
}

test_fresh_board_runs_rescue() {
  start_sim fresh
  expect_status running=rescue app=unknown version=none
  grep -q 'bl1: starting rescue' "$SIM_LOG"
}

test_good_update_with_send() {
  board_v1 send
  send_file "$T/v2.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=2.0.0 app=confirmed update=none trials=0
  wait_for "$SIM_LOG" 'bl1: installed v2\.0\.0' 1 5
  wait_for "$SIM_LOG" 'v2\.0\.0 is healthy and confirmed itself' 1 5
}

test_good_update_with_netcat() {
  board_v1 nc
  timeout 30 nc -N 127.0.0.1 "$PORT" < "$T/v2.gz" > "$T/nc.out"
  grep -qx "Valid update file received" "$T/nc.out"
  expect_status running=app version=2.0.0 app=confirmed
  # plain `nc` without -N works too: the board answers as soon as the image is complete
  timeout 30 nc 127.0.0.1 "$PORT" < "$T/v3.gz" > "$T/nc.out"
  grep -qx "Valid update file received" "$T/nc.out"
  expect_status running=app version=3.0.0 app=confirmed
}

test_send_to_closed_port() {
  start_sim closed; local p=$PORT; stop_sim
  set +e; timeout 20 "$OTABOOT" send "127.0.0.1:$p" "$T/v2.gz" -q > /dev/null 2> "$T/err"; rc=$?; set -e
  [ "$rc" -eq 4 ]
  grep -q "connection refused" "$T/err"
  [ "$(wc -l < "$T/err")" -eq 1 ]
}

test_client_killed_mid_transfer() {
  board_v1 killed
  # half the image, then the client dies (SIGKILL) while the board waits for more
  ( head -c 20000 "$T/v2.gz"; sleep 30 ) | nc 127.0.0.1 "$PORT" > /dev/null &
  local ncpid=$!
  PIDS+=("$ncpid")
  wait_for "$SIM_LOG" 'connection from' 2 10
  sleep 0.3
  kill -9 "$ncpid" 2>/dev/null || true
  wait_for "$SIM_LOG" 'transfer ended before the image was complete' 1 10
  still_v1
}

test_garbage() {
  board_v1 garbage
  head -c 5000 /dev/urandom | tr '\037' 'x' > "$T/garbage"
  local conns; conns=$(grep -c 'connection from' "$SIM_LOG")
  set +e; send_file "$T/garbage"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  refused_locally "garbage is not a gzip file (a raw binary?), not an image: make one with: otaboot pack $T/garbage -b BOARD -v VERSION"
  # an ELF (a 510 KB one in the field) is named as such
  { printf '\177ELF\001\001\001'; head -c 4000 /dev/zero; } > "$T/app.elf"
  set +e; send_file "$T/app.elf"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  refused_locally "app.elf is an ELF executable, not an image: make one with: otaboot pack"
  # only the STATUS queries reached the board, no upload
  [ "$(grep -c 'connection from' "$SIM_LOG")" -eq $((conns + 2)) ]
  if grep -q 'Update rejected' "$SIM_LOG"; then echo "the board saw an upload"; exit 1; fi
  # the board's own answer, without the local checks
  set +e; send_file "$T/garbage" --no-check; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_answer "Update rejected: not a gzip file"
  # garbage that starts like gzip
  { printf '\037\213\010\000'; head -c 5000 /dev/urandom; } > "$T/garbage2"
  set +e; send_file "$T/garbage2" --no-check; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_answer "Update rejected:"
  still_v1
}

test_wrong_board() {
  board_v1 wrongboard
  # the same image, its metadata naming another board
  sed 's/nucleo-f429zi/nucleo-f746zg/' "$T/v2.gz" > "$T/wrong.gz"
  set +e; send_file "$T/wrong.gz"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  refused_locally "wrong.gz is for board nucleo-f746zg, the board is a nucleo-f429zi: pack the application with -b nucleo-f429zi"
  set +e; send_file "$T/wrong.gz" --no-check; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_answer "Update rejected: image built for another board"
  still_v1
}

test_image_too_large() {
  board_v1 large
  # pack refuses an image larger than the application area (1152 KiB)...
  mkapp "$T/big.bin" $((1152 * 1024 + 4)) 7
  set +e; "$OTABOOT" pack "$T/big.bin" -b nucleo-f429zi -v 9.0.0 -o "$T/big.gz" 2> "$T/err"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  grep -q "image larger than the application area" "$T/err"
  # ...and the board refuses one whose metadata claims it (raw_size at offset 44)
  python3 -c "
import struct,sys
b=bytearray(open('$T/v2.gz','rb').read()); b[44:48]=struct.pack('<I',1152*1024+4)
open('$T/claims-big.gz','wb').write(b)"
  set +e; send_file "$T/claims-big.gz"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  refused_locally "claims-big.gz: image larger than the application area (the nucleo-f429zi slot layout)"
  set +e; send_file "$T/claims-big.gz" --no-check; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_answer "Update rejected: image larger than the application area"
  still_v1
}

test_plain_gzip_development_board() {
  # A board without keys is a development board: the original workflow,
  # `gzip -9 app.bin; nc board 40000 < app.bin.gz`, fully checked.
  board_v1 plain
  grep -q 'bl1: development board: images are not authenticated, plain gzip accepted' "$SIM_LOG"
  # the original design bricked boards with a gzip of the wrong file
  seq 1 20000 > "$T/notes.txt"
  gzip -9 -c "$T/notes.txt" > "$T/notes.txt.gz"
  timeout 30 nc 127.0.0.1 "$PORT" < "$T/notes.txt.gz" > "$T/nc.out"
  grep -qxF "Update rejected: vector table check failed: not a firmware image for this board (otaboot pack APP -b BOARD says which check)" "$T/nc.out"
  still_v1
  # a raw .bin: the answer says how to make an image
  timeout 30 nc 127.0.0.1 "$PORT" < "$T/v2.bin" > "$T/nc.out"
  grep -qxF "Update rejected: not a gzip file (make an image with: otaboot pack app.bin -b BOARD -v VERSION)" "$T/nc.out"
  still_v1
  # a plain gzip of real firmware, sent with plain nc, installs
  cp "$T/v2.bin" "$T/app.bin"; gzip -9 "$T/app.bin"
  local mark; mark=$(wc -c < "$SIM_LOG")
  timeout 30 nc 127.0.0.1 "$PORT" < "$T/app.bin.gz" > "$T/nc.out"
  grep -qx "Valid update file received" "$T/nc.out"
  wait_for "$SIM_LOG" 'bl1: installed a plain-gzip image \(no version\), read back and verified' 1 5
  wait_for "$SIM_LOG" 'bl1: starting application at 0x[0-9a-f]*, a plain-gzip image \(no version\) \(trial boot 1 of 3\)' 1 5
  wait_for "$SIM_LOG" 'app: a plain-gzip image \(no version\) is healthy and confirmed itself' 1 5
  expect_status running=app app=confirmed version=none update=none
  # the console names what runs: no "v?", no stale version of an earlier image
  if tail -c +"$((mark + 1))" "$SIM_LOG" | grep -E 'app: v[^ ]* (started|is healthy)'; then echo "stale version on the console"; exit 1; fi
}

test_second_client_busy() {
  board_v1 busy
  ( head -c 1000 "$T/v2.gz"; sleep 30 ) | nc 127.0.0.1 "$PORT" > /dev/null &
  PIDS+=("$!")
  wait_for "$SIM_LOG" 'connection from' 2 10
  set +e; timeout 60 "$OTABOOT" send "127.0.0.1:$PORT" "$T/v3.gz" -q --retries 0 > "$T/answer" 2> "$T/send.err"; rc=$?; set -e
  [ "$rc" -eq 8 ]
  expect_answer "Update rejected: busy"
  kill_pids_but_sim
  wait_for "$SIM_LOG" 'transfer ended before the image was complete' 1 10
  still_v1
}

# Kills every helper but the board.
kill_pids_but_sim() {
  local p
  for p in "${PIDS[@]}"; do
    if [ "$p" != "$SIM_PID" ]; then kill -9 "$p" 2>/dev/null || true; fi
  done
}

test_idle_client() {
  board_v1 idle --idle-timeout 1
  # connects, sends half a header, then nothing
  ( head -c 100 "$T/v2.gz"; sleep 20 ) | timeout 15 nc 127.0.0.1 "$PORT" > "$T/idle.out" &
  PIDS+=("$!")
  wait_for "$SIM_LOG" 'client silent for 1 s' 1 10
  wait_for "$T/idle.out" 'Update rejected: timeout' 1 5
  kill_pids_but_sim
  still_v1
}

test_truncated_and_trailing() {
  board_v1 trunc
  head -c $(( $(stat -c %s "$T/v2.gz") - 1 )) "$T/v2.gz" > "$T/short.gz"
  set +e; send_file "$T/short.gz"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  refused_locally "short.gz is $(stat -c %s "$T/short.gz") bytes, its metadata says $(stat -c %s "$T/v2.gz"): truncated or damaged"
  set +e; send_file "$T/short.gz" --no-check; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_answer "Update rejected: transfer ended before the image was complete"
  { cat "$T/v2.gz"; printf 'x'; } > "$T/long.gz"
  set +e; send_file "$T/long.gz" --no-check; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_answer "Update rejected: data after the end of the gzip member"
  still_v1
}

test_direct_profile_via_rescue() {
  "$OTABOOT" pack "$T/v1.bin" -b nucleo-f429zi -p direct -v 1.0.0 -o "$T/d1.gz" -q
  "$OTABOOT" pack "$T/v2.bin" -b nucleo-f429zi -p direct -v 2.0.0 -o "$T/d2.gz" -q
  start_sim direct --profile direct
  send_file "$T/d1.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=1.0.0 app=confirmed profile=direct
  # the application sends the sender to rescue; send resends by itself
  send_file "$T/d2.gz"
  expect_answer "restarting into rescue"
  expect_answer "Valid update file received"
  expect_status running=app version=2.0.0 app=confirmed
  # the application checks the header before it asks for rescue: an image
  # for another profile is refused on the spot, and nothing restarts
  resets=$(grep -c 'sim: reset' "$SIM_LOG")
  set +e; send_file "$T/v3.gz"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  refused_locally "v3.gz is for the slot profile, the board runs the direct profile: pack the application with -p direct"
  set +e; send_file "$T/v3.gz" --no-check; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_answer "Update rejected: image built for another flash layout profile"
  if grep -q 'restarting into rescue' "$T/answer"; then echo "went to rescue for a bad header"; exit 1; fi
  [ "$(grep -c 'sim: reset' "$SIM_LOG")" -eq "$resets" ]
  expect_status running=app version=2.0.0 app=confirmed
}

test_status_query() {
  board_v1 query
  printf 'STATUS\n' | timeout 10 nc -N 127.0.0.1 "$PORT" > "$T/q.out"
  grep -qE '^otaboot board=nucleo-f429zi profile=slot running=app version=1\.0\.0 app=confirmed trials=0 update=none counter=0 reason=0 transfer=none$' "$T/q.out"
  "$OTABOOT" status "127.0.0.1:$PORT" > "$T/q.out"
  grep -q "running: *application v1.0.0" "$T/q.out"
  still_v1
}

test_restart_is_power_cycle() {
  board_v1 cycle
  send_file "$T/v2.gz"
  expect_answer "Valid update file received"
  expect_status version=2.0.0 app=confirmed
  stop_sim
  [ "$SIM_RC" -eq 0 ]
  start_sim cycle
  expect_status running=app version=2.0.0 app=confirmed
}

run_test base_board
run_test test_fresh_board_runs_rescue
run_test test_good_update_with_send
run_test test_good_update_with_netcat
run_test test_send_to_closed_port
run_test test_client_killed_mid_transfer
run_test test_garbage
run_test test_wrong_board
run_test test_image_too_large
run_test test_plain_gzip_development_board
run_test test_second_client_busy
run_test test_idle_client
run_test test_truncated_and_trailing
run_test test_direct_profile_via_rescue
run_test test_status_query
run_test test_restart_is_power_cycle
summary
