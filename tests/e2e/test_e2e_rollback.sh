#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: an update whose application hangs (`otaboot sim
# --bad-version`). The modelled watchdog resets the board, so the trial boots
# run by themselves with no client action; when they are used up, bl1 goes to
# rescue (slot profile: no previous image to go back to).
. "$(dirname "$0")/lib.sh"

WD=(--watchdog-ms 200)

mkapp "$T/v1.bin" 30000 1
mkapp "$T/v2.bin" 30000 2
mkapp "$T/v3.bin" 30000 3
for v in 1 2 3; do "$OTABOOT" pack "$T/v$v.bin" -b nucleo-f429zi -v "$v.0.0" -o "$T/v$v.gz" -q; done

# The slot profile keeps no previous image: a hanging v2 ends in rescue by
# itself, and rescue takes v3.
test_bad_version_slot_goes_to_rescue() {
  start_sim slot --bad-version 2.0.0 "${WD[@]}"
  send_file "$T/v1.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=1.0.0 app=confirmed
  send_file "$T/v2.gz"
  expect_answer "Valid update file received"
  # three trial boots, each reset by the watchdog, then rescue: no client action
  # (the erased board's first boot was rescue's too)
  wait_for "$SIM_LOG" '^rescue: update service listening' 2 20
  [ "$(grep -c '^app: v2.0.0 hangs (--bad-version): watchdog reset in 200 ms$' "$SIM_LOG")" -eq 3 ]
  [ "$(grep -c '^sim: watchdog reset' "$SIM_LOG")" -eq 3 ]
  grep -q 'bl1: v2.0.0 did not confirm itself in 3 boots' "$SIM_LOG"
  ! grep -q 'v2.0.0 is healthy' "$SIM_LOG"
  expect_status running=rescue app=failed version=2.0.0
  send_file "$T/v3.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=3.0.0 app=confirmed
  # the process never stopped: the whole path ran in one power-on
  [ "$(grep -c '^sim: power on' "$SIM_LOG")" -eq 1 ]
}

# A hung application answers nothing; stopping the board meanwhile is prompt.
test_hang_stops_on_signal() {
  start_sim hang --bad-version 2.0.0 --watchdog-ms 600000
  send_file "$T/v2.gz"
  expect_answer "Valid update file received"
  wait_for "$SIM_LOG" '^app: v2.0.0 hangs \(--bad-version\): watchdog reset in 600 s$' 1 10
  set +e; timeout 2 "$OTABOOT" status "127.0.0.1:$PORT" --raw > "$T/st"; rc=$?; set -e
  [ "$rc" -ne 0 ] && [ ! -s "$T/st" ]
  stop_sim
  [ "$SIM_RC" -eq 0 ]
  grep -q '^sim: stopped' "$SIM_LOG"
}

# Bad option values are refused with a line that says what to give.
test_bad_version_option_errors() {
  set +e
  "$OTABOOT" sim --board nucleo-f429zi --port 0 --bad-version 2.x > "$T/out" 2> "$T/err"; rc1=$?
  "$OTABOOT" sim --board nucleo-f429zi --port 0 --watchdog-ms 0 > "$T/out" 2> "$T/err2"; rc2=$?
  set -e
  [ "$rc1" -eq 2 ] && grep -q "bad --bad-version '2.x' (MAJOR.MINOR.PATCH" "$T/err"
  [ "$rc2" -eq 2 ] && grep -q "bad --watchdog-ms '0'" "$T/err2"
}

run_test test_bad_version_slot_goes_to_rescue
run_test test_hang_stops_on_signal
run_test test_bad_version_option_errors
summary
