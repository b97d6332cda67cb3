#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: an application that never confirms itself. Each reset
# counts a trial boot; after N of them bl1 starts the rescue firmware, which
# still answers on the update port and takes a good image.
. "$(dirname "$0")/lib.sh"

mkapp "$T/v1.bin" 30000 1
mkapp "$T/v2.bin" 30000 2
mkapp "$T/v3.bin" 30000 3
for v in 1 2 3; do "$OTABOOT" pack "$T/v$v.bin" -b nucleo-f429zi -v "$v.0.0" -o "$T/v$v.gz" -q; done

# reset_board NAME [sim options]: a power cycle (the update port offers no reset).
reset_board() {
  stop_sim
  start_sim "$@"
}

test_unconfirmed_goes_to_rescue() {
  start_sim trials
  send_file "$T/v1.gz"
  expect_status running=app version=1.0.0 app=confirmed
  stop_sim
  start_sim trials --no-confirm --max-trials 2
  send_file "$T/v2.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=2.0.0 app=trial trials=1
  reset_board trials --no-confirm --max-trials 2
  expect_status running=app version=2.0.0 app=trial trials=2
  reset_board trials --no-confirm --max-trials 2
  # a third boot without a confirm: bl1 gives up on v2
  expect_status running=rescue app=failed version=2.0.0
  grep -q 'bl1: v2.0.0 did not confirm itself in 2 boots' "$SIM_LOG"
  grep -q 'bl1: starting rescue' "$SIM_LOG"
  # rescue still refuses bad input and takes a good image
  set +e; send_file "$T/v1.bin"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_status running=rescue
  stop_sim
  start_sim trials
  expect_status running=rescue app=failed
  send_file "$T/v3.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=3.0.0 app=confirmed
}

test_confirmed_survives_resets() {
  start_sim keep
  send_file "$T/v1.gz"
  for i in 1 2 3 4; do reset_board keep; done
  expect_status running=app version=1.0.0 app=confirmed trials=0
}

run_test test_unconfirmed_goes_to_rescue
run_test test_confirmed_survives_resets
summary
