#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: an update whose application hangs (`otaboot sim
# --bad-version`). The modelled watchdog resets the board, so the trial boots
# run by themselves with no client action; when they are used up, bl1 goes
# back to the previous confirmed application (rollback profile: its
# compressed copy stays in one of the two update slots), or to rescue when
# there is none (slot profile; a first image; an application flashed raw).
. "$(dirname "$0")/lib.sh"

WD=(--watchdog-ms 200)
FIRSTFLASH=${FIRSTFLASH:-$E2E_ROOT/build/host/firstflash}

mkapp "$T/v1.bin" 30000 1
mkapp "$T/v2.bin" 30000 2
mkapp "$T/v3.bin" 30000 3
for v in 1 2 3; do
  "$OTABOOT" pack "$T/v$v.bin" -b nucleo-f429zi -v "$v.0.0" -o "$T/v$v.gz" -q
  "$OTABOOT" pack "$T/v$v.bin" -b nucleo-f429zi -p rollback -v "$v.0.0" -o "$T/r$v.gz" -q
  "$OTABOOT" pack "$T/v$v.bin" -b nucleo-f429zi -p direct -v "$v.0.0" -o "$T/d$v.gz" -q
done

# rb_installed NAME VERSION: a rollback-profile board with VERSION sent to
# its factory state (erased flash: the modelled rescue takes it into a slot)
# and confirmed. Leaves the board running.
rb_installed() {
  start_sim "$1" --profile rollback "${@:3}"
  send_file "$T/r$2.gz"
  expect_answer "Valid update file received"
  expect_status profile=rollback running=app version="$2.0.0" app=confirmed
}

# wait_rolled_back FROM TO: bl1 gave up on FROM and the application TO serves again.
wait_rolled_back() {
  wait_for "$SIM_LOG" "^bl1: rolled back from v$1 to v$2\$" 1 20
  wait_for "$SIM_LOG" "^app: v$2 started" 2 10
  grep -q "^bl1: v$1 did not confirm itself in 3 boots\$" "$SIM_LOG"
  grep -q "^bl1: rolling back from v$1 to v$2: " "$SIM_LOG"
}

# absent REGEX FILE: no line of FILE matches (a failing step, unlike `! grep`,
# which errexit ignores).
absent() {
  if grep -qE -- "$1" "$2"; then echo "unexpected in $2: $(grep -m1 -E -- "$1" "$2")"; return 1; fi
}

# in_rescue VERSION FILE: bl1 gave up on VERSION with nothing to go back to
# and rescue runs; it takes FILE (v3), which confirms itself.
in_rescue() {
  grep -q "^bl1: v$1 did not confirm itself in 3 boots\$" "$SIM_LOG"
  absent 'rolling back' "$SIM_LOG"
  expect_status running=rescue app=failed version="$1"
  send_file "$2"
  expect_answer "Valid update file received"
  expect_status running=app version=3.0.0 app=confirmed
}

# bad_version_to_rescue PROFILE PREFIX LISTENS: v1 confirmed, then v2 hangs:
# three trial boots, each reset by the watchdog, then rescue, with no client
# action and no restart of the process; rescue takes v3. Images
# $T/PREFIX{1,2,3}.gz; LISTENS: rescue's starts by then (the erased board's
# first boot is rescue's; in direct the application restarts into rescue to
# take v2).
bad_version_to_rescue() {
  start_sim "$1" --profile "$1" --bad-version 2.0.0 "${WD[@]}"
  send_file "$T/${2}1.gz"
  expect_status running=app version=1.0.0 app=confirmed
  send_file "$T/${2}2.gz"
  expect_answer "Valid update file received"
  wait_for "$SIM_LOG" '^rescue: update service listening' "$3" 20
  [ "$(grep -c '^app: v2.0.0 hangs (--bad-version): watchdog reset in 200 ms$' "$SIM_LOG")" -eq 3 ]
  [ "$(grep -c '^sim: watchdog reset' "$SIM_LOG")" -eq 3 ]
  absent 'v2.0.0 is healthy' "$SIM_LOG"
  in_rescue 2.0.0 "$T/${2}3.gz"
  [ "$(grep -c '^sim: power on' "$SIM_LOG")" -eq 1 ]
}

# The slot profile keeps no previous image; the direct profile has no slot.
test_bad_version_slot_goes_to_rescue() { bad_version_to_rescue slot v 2; }
test_bad_version_direct_goes_to_rescue() { bad_version_to_rescue direct d 3; }

# v1 from the factory state, v2 hangs: the board is back on v1 by itself,
# says so, and takes v3; a later bad update goes back to v3 (the slots in turn).
test_rollback_to_previous() {
  rb_installed rb 1 --bad-version 2.0.0 "${WD[@]}"
  send_file "$T/r2.gz"
  expect_answer "Valid update file received"
  wait_rolled_back 2.0.0 1.0.0
  [ "$(grep -c '^app: v2.0.0 hangs (--bad-version)' "$SIM_LOG")" -eq 3 ]
  sed -n '/app: v1.0.0 is healthy/,$p' "$SIM_LOG" > "$T/after-v1"
  absent '^rescue: started' "$T/after-v1"
  expect_status running=app version=1.0.0 app=confirmed trials=0 update=none rolled_back=2.0.0
  "$OTABOOT" status "127.0.0.1:$PORT" > "$T/human"
  grep -q '^rolled back: *from v2.0.0, which failed' "$T/human"
  # v1 runs as confirmed: a reset does not count trials
  stop_sim
  start_sim rb --profile rollback --bad-version 2.0.0 "${WD[@]}"
  expect_status running=app version=1.0.0 app=confirmed trials=0
  send_file "$T/r3.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=3.0.0 app=confirmed
  grep -q 'app: v3.0.0 is healthy and confirmed itself' "$SIM_LOG"
  # a new install ends what the status said of the rollback
  timeout 15 "$OTABOOT" status "127.0.0.1:$PORT" --raw > "$T/raw"
  absent 'rolled_back=' "$T/raw"
  # and v3 is the rollback point for the next bad update
  send_file "$T/r2.gz"
  expect_answer "Valid update file received"
  wait_rolled_back 2.0.0 3.0.0
  expect_status running=app version=3.0.0 app=confirmed rolled_back=2.0.0
  [ "$(grep -c '^sim: power on' "$SIM_LOG")" -eq 1 ]
  # the slots in turn: v3 went into the slot v1 did not hold, and stayed there
  local a b
  a=$(sed -n 's/^sim: v1.0.0 kept to go back to in the slot at \(0x[0-9a-f]*\); the next update goes into the slot at \(0x[0-9a-f]*\)$/\1 \2/p' "$SIM_LOG")
  read -r a b <<< "$a"
  [ -n "$b" ]
  [ "$a" != "$b" ]
  [ "$(grep -c "^sim: v3.0.0 kept to go back to in the slot at $b; the next update goes into the slot at $a\$" "$SIM_LOG")" -eq 2 ]
}

# --no-confirm in the rollback profile: the application keeps serving but
# never confirms. While it is on trial with v1 kept, a new transfer is refused
# (nothing would be left to go back to); each power cycle counts a trial boot,
# and then bl1 goes back to v1.
test_no_confirm_rolls_back_on_power_cycles() {
  rb_installed nc 1
  stop_sim
  start_sim nc --profile rollback --no-confirm --max-trials 2
  send_file "$T/r2.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=2.0.0 app=trial trials=1
  set +e; send_file "$T/r3.gz"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_answer "Update rejected: the running image is on trial and the previous one is kept to go back to"
  expect_status running=app version=2.0.0 app=trial trials=1
  stop_sim
  start_sim nc --profile rollback --no-confirm --max-trials 2
  expect_status running=app version=2.0.0 app=trial trials=2
  stop_sim
  start_sim nc --profile rollback --no-confirm --max-trials 2
  grep -q '^bl1: rolled back from v2.0.0 to v1.0.0$' "$SIM_LOG"
  expect_status running=app version=1.0.0 app=confirmed rolled_back=2.0.0
  send_file "$T/r3.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=3.0.0 app=trial trials=1
}

# Power cuts during the rollback itself (the journal record, the erase, the
# install, the read-back): after power comes back bl1 finishes going back to
# v1, confirmed, and the board takes v3. The first and last operations and
# every 7th between, the cut kinds in turn.
test_cut_during_rollback() {
  rb_installed cutrb 1
  stop_sim
  start_sim cutrb --profile rollback --no-confirm --max-trials 1
  send_file "$T/r2.gz"
  expect_status running=app version=2.0.0 app=trial trials=1
  stop_sim
  cp "$T/cutrb.flash" "$T/before-rollback.flash"
  # uncut: the first boot rolls back; count its flash operations
  start_sim cutrb --profile rollback --max-trials 1
  grep -q '^bl1: rolled back from v2.0.0 to v1.0.0$' "$SIM_LOG"
  stop_sim
  local m k i=0 kinds=(before torn partial-erase)
  m=$(sed -n 's/^sim: stopped (\([0-9]*\) flash operations.*/\1/p' "$SIM_LOG")
  [ "$m" -gt 8 ]
  for k in $( { seq 0 3; seq 4 7 $((m - 4)); seq $((m - 3)) $((m - 1)); } ); do
    cp "$T/before-rollback.flash" "$T/rbc.flash"
    "$OTABOOT" sim --board nucleo-f429zi --profile rollback --max-trials 1 --port 0 --flash "$T/rbc.flash" \
      --cut-after "$k" --cut-kind "${kinds[i % 3]}" --seed "$k" > "$T/cut.log" 2>&1 &
    PIDS+=("$!")
    wait_exit "$!" 10 || { echo "cut at $k: the board did not lose power"; return 1; }
    reap "$!"
    [ "$REAPED" -eq 6 ] || { echo "cut at $k (${kinds[i % 3]}): exit $REAPED"; cat "$T/cut.log"; return 1; }
    start_sim rbc --profile rollback --max-trials 1
    expect_status running=app version=1.0.0 app=confirmed rolled_back=2.0.0 ||
      { echo "after a cut at $k (${kinds[i % 3]})"; return 1; }
    stop_sim
    i=$((i + 1))
  done
  start_sim rbc --profile rollback
  send_file "$T/r3.gz"
  expect_answer "Valid update file received"
  expect_status running=app version=3.0.0 app=confirmed
}

# The factory state `make flash` writes in the rollback profile (the packed
# application through a slot, sealed: build/host/firstflash): bl1 installs
# it, its copy stays, so the very first update can be rolled back.
test_rollback_after_make_flash() {
  [ -x "$FIRSTFLASH" ] || { echo "missing $FIRSTFLASH (make build/host/firstflash)"; return 1; }
  mkdir -p "$T/first"
  "$FIRSTFLASH" nucleo-f429zi "$T/r1.gz" "$T/first" rollback > "$T/ff.log"
  local jaddr saddr
  read -r _ jaddr _ saddr < <(tail -1 "$T/ff.log")
  head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' '\377' > "$T/mf.flash"
  dd if="$T/first/journal.bin" of="$T/mf.flash" bs=4096 seek=$(( (jaddr - 0x08000000) / 4096 )) conv=notrunc status=none
  dd if="$T/first/slot.bin" of="$T/mf.flash" bs=4096 seek=$(( (saddr - 0x08000000) / 4096 )) conv=notrunc status=none
  start_sim mf --profile rollback --bad-version 2.0.0 "${WD[@]}"
  grep -q '^app: v1.0.0 is healthy and confirmed itself$' "$SIM_LOG"
  grep -q "^sim: v1.0.0 kept to go back to in the slot at $saddr;" "$SIM_LOG"
  send_file "$T/r2.gz"
  expect_answer "Valid update file received"
  wait_rolled_back 2.0.0 1.0.0
  expect_status running=app version=1.0.0 app=confirmed rolled_back=2.0.0
}

# The first image a board ever gets has nothing to go back to: rescue.
test_rollback_first_image_goes_to_rescue() {
  start_sim first --profile rollback --bad-version 1.0.0 "${WD[@]}"
  send_file "$T/r1.gz"
  expect_answer "Valid update file received"
  wait_for "$SIM_LOG" '^rescue: update service listening' 2 20
  in_rescue 1.0.0 "$T/r3.gz"
}

# An application written raw by a debugger (no journal record, no copy in a
# slot) has nothing to go back to either: a hanging update ends in rescue.
test_rollback_raw_factory_app_goes_to_rescue() {
  head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' '\377' > "$T/raw.flash"
  dd if="$T/v1.bin" of="$T/raw.flash" bs=4096 seek=$(( 0x20000 / 4096 )) conv=notrunc status=none
  start_sim raw --profile rollback --bad-version 2.0.0 "${WD[@]}"
  grep -q 'no journal record of the application' "$SIM_LOG"
  grep -q '^sim: no image kept to go back to (a failed update ends in rescue)' "$SIM_LOG"
  expect_status running=app app=unknown
  send_file "$T/r2.gz"
  expect_answer "Valid update file received"
  wait_for "$SIM_LOG" '^rescue: update service listening' 1 20
  in_rescue 2.0.0 "$T/r3.gz"
}

# A hung application answers nothing; stopping the board meanwhile is prompt.
test_hang_stops_on_signal() {
  start_sim hang --bad-version 2.0.0 --watchdog-ms 600000
  send_file "$T/v2.gz"
  expect_answer "Valid update file received"
  wait_for "$SIM_LOG" '^app: v2.0.0 hangs \(--bad-version\): watchdog reset in 600 s$' 1 10
  set +e; timeout 2 "$OTABOOT" status "127.0.0.1:$PORT" --raw > "$T/st"; rc=$?; set -e
  [ "$rc" -ne 0 ]
  [ ! -s "$T/st" ]
  stop_sim
  [ "$SIM_RC" -eq 0 ]
  grep -q '^sim: stopped' "$SIM_LOG"
}

# A connection made while the application hangs is lost in the watchdog
# reset (the peer sees a reset), not answered by a later boot.
test_hang_loses_connections() {
  start_sim lost --bad-version 2.0.0 --watchdog-ms 3000 --max-trials 1
  send_file "$T/v2.gz"
  expect_answer "Valid update file received"
  wait_for "$SIM_LOG" '^app: v2.0.0 hangs' 1 10
  set +e; timeout 10 "$OTABOOT" status "127.0.0.1:$PORT" --raw > "$T/st" 2> "$T/st.err"; rc=$?; set -e
  [ "$rc" -eq 4 ]
  [ ! -s "$T/st" ]
  grep -q '^sim: a connection made while the application hung is reset$' "$SIM_LOG"
  wait_for "$SIM_LOG" '^rescue: update service listening' 2 10
  expect_status running=rescue app=failed
}

# Bad option values are refused with a line that says what to give.
test_bad_version_option_errors() {
  set +e
  "$OTABOOT" sim --board nucleo-f429zi --port 0 --bad-version 2.x > "$T/out" 2> "$T/err"; rc1=$?
  "$OTABOOT" sim --board nucleo-f429zi --port 0 --watchdog-ms 0 > "$T/out" 2> "$T/err2"; rc2=$?
  set -e
  [ "$rc1" -eq 2 ]
  grep -q "bad --bad-version '2.x' (MAJOR.MINOR.PATCH" "$T/err"
  [ "$rc2" -eq 2 ]
  grep -q "bad --watchdog-ms '0'" "$T/err2"
}

run_test test_bad_version_slot_goes_to_rescue
run_test test_bad_version_direct_goes_to_rescue
run_test test_rollback_to_previous
run_test test_no_confirm_rolls_back_on_power_cycles
run_test test_cut_during_rollback
run_test test_rollback_after_make_flash
run_test test_rollback_first_image_goes_to_rescue
run_test test_rollback_raw_factory_app_goes_to_rescue
run_test test_hang_stops_on_signal
run_test test_hang_loses_connections
run_test test_bad_version_option_errors
summary
