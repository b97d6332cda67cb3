#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: signed images and downgrade protection on a production
# virtual board (sim --key). Keys from `otaboot keygen` and from OpenSSL.
. "$(dirname "$0")/lib.sh"

"$OTABOOT" keygen -o "$T/k1.pem" --pub "$T/k1.pub" > "$T/keygen.out"
openssl ecparam -name prime256v1 -genkey -noout -out "$T/k2.pem" 2>/dev/null
openssl ec -in "$T/k2.pem" -pubout -out "$T/k2.pub" 2>/dev/null
"$OTABOOT" keygen -o "$T/other.pem" > /dev/null
mkapp "$T/app.bin" 30000 1
pk() { # pk OUT VERSION COUNTER [pack options]
  local out=$1 v=$2 c=$3; shift 3
  "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -v "$v" --security-counter "$c" -o "$T/$out" -q "$@"
}
pk v1.gz 1.0.0 5 --key "$T/k1.pem"
pk v2-openssl.gz 2.0.0 6 --key "$T/k2.pem"
pk unsigned.gz 3.0.0 7
pk wrongkey.gz 3.0.0 7 --key "$T/other.pem"
pk old.gz 0.9.0 4 --key "$T/k1.pem"
pk trial.gz 4.0.0 9 --key "$T/k1.pem"
pk back.gz 2.0.1 6 --key "$T/k2.pem"

test_keygen_matches_openssl() {
  openssl ec -in "$T/k1.pem" -pubout 2>/dev/null | diff - "$T/k1.pub"
  grep -q 'BEGIN PUBLIC KEY' "$T/keygen.out"
  grep -qE '^key id: [0-9a-f]{16} ' "$T/keygen.out"
  # keygen refuses to overwrite a key
  set +e; "$OTABOOT" keygen -o "$T/k1.pem" > /dev/null 2>&1; rc=$?; set -e
  [ "$rc" -eq 2 ]
}

test_inspect_verifies() {
  "$OTABOOT" inspect "$T/v1.gz" --key "$T/k1.pub" | grep -q 'signature.*ECDSA P-256'
  "$OTABOOT" inspect "$T/v2-openssl.gz" --key "$T/k1.pub" --key "$T/k2.pub" > /dev/null
  set +e
  "$OTABOOT" inspect "$T/unsigned.gz" --key "$T/k1.pub" > "$T/i.out"; rc1=$?
  "$OTABOOT" inspect "$T/wrongkey.gz" --key "$T/k1.pub" > "$T/i2.out"; rc2=$?
  set -e
  [ "$rc1" -eq 1 ] && grep -q 'unsigned image' "$T/i.out"
  [ "$rc2" -eq 1 ] && grep -q 'unknown key' "$T/i2.out"
}

test_production_board() {
  start_sim signed --key "$T/k1.pub" --key "$T/k2.pub"
  # a production board does not say it is a development board
  if grep -q 'development' "$SIM_LOG"; then echo "a board with keys says development"; exit 1; fi
  send_file "$T/v1.gz"; expect_answer "Valid update file received"
  expect_status running=app version=1.0.0 app=confirmed counter=5
  send_file "$T/v2-openssl.gz"; expect_answer "Valid update file received"
  expect_status version=2.0.0 counter=6
  set +e
  send_file "$T/unsigned.gz"; r1=$?
  cp "$T/answer" "$T/a1"
  send_file "$T/wrongkey.gz"; r2=$?
  cp "$T/answer" "$T/a2"
  send_file "$T/old.gz"; r3=$?
  set -e
  [ "$r1" -eq 1 ] && grep -qx 'Update rejected: unsigned image' "$T/a1"
  [ "$r2" -eq 1 ] && grep -qx 'Update rejected: unknown key' "$T/a2"
  [ "$r3" -eq 1 ] && expect_answer 'Update rejected: downgrade'
  expect_status version=2.0.0 app=confirmed counter=6
  # plain gzip: refused at its header, with what to do
  gzip -9 -c "$T/app.bin" > "$T/plain.gz"
  timeout 30 nc 127.0.0.1 "$PORT" < "$T/plain.gz" > "$T/nc.out"
  grep -qxF 'Update rejected: plain gzip without otaboot metadata, and this board has signing keys (sign it: otaboot pack app.bin -b BOARD -v VERSION --key KEY.pem)' "$T/nc.out"
  expect_status version=2.0.0 app=confirmed counter=6 update=none
  stop_sim
}

test_counter_rises_only_on_confirm() {
  start_sim trial --key "$T/k1.pub" --key "$T/k2.pub"
  send_file "$T/v2-openssl.gz"; expect_status version=2.0.0 counter=6
  stop_sim
  start_sim trial --key "$T/k1.pub" --key "$T/k2.pub" --no-confirm
  send_file "$T/trial.gz"; expect_answer "Valid update file received"
  expect_status version=4.0.0 app=trial counter=6
  # the trial image is not confirmed: counter 6 is still accepted (a revert)
  send_file "$T/back.gz"; expect_answer "Valid update file received"
  stop_sim
}

test_development_board_says_so() {
  start_sim dev
  grep -q 'bl1: development board: images are not authenticated' "$SIM_LOG"
  send_file "$T/unsigned.gz"; expect_answer "Valid update file received"
  stop_sim
  # --dev is a deprecated alias that changes nothing, and says so
  start_sim dev --dev
  grep -q -- '--dev is deprecated and does nothing: a board without --key is a development board' "$SIM_LOG"
  # and with --key it does not make a development board
  stop_sim
  start_sim devkey --dev --key "$T/k1.pub"
  if grep -q 'bl1: development board' "$SIM_LOG"; then echo "--dev made a board with keys a development board"; exit 1; fi
  gzip -9 -c "$T/app.bin" > "$T/plain2.gz"
  set +e; send_file "$T/plain2.gz"; rc=$?; set -e
  [ "$rc" -eq 1 ]
  expect_answer 'Update rejected: plain gzip without otaboot metadata, and this board has signing keys'
  stop_sim
}

run_test test_keygen_matches_openssl
run_test test_inspect_verifies
run_test test_production_board
run_test test_counter_rises_only_on_confirm
run_test test_development_board_says_so
summary
