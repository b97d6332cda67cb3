#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: signed images and downgrade protection on a production
# virtual board (sim --key). Keys from `otaboot keygen` and from OpenSSL.
. "$(dirname "$0")/lib.sh"

"$OTABOOT" keygen -o "$T/k1.pem" --pub "$T/k1.pub" > "$T/keygen.out"
openssl ecparam -name prime256v1 -genkey -noout -out "$T/k2.pem" 2>/dev/null
openssl ec -in "$T/k2.pem" -pubout -out "$T/k2.pub" 2>/dev/null
"$OTABOOT" keygen -o "$T/other.pem" > /dev/null
mkapp "$T/app.bin" 30000 1 # plain gzip of it: development boards only
pk() { # pk OUT VERSION COUNTER [pack options]: each image another build (the
  # confirmed one sent again is "Already installed")
  local out=$1 v=$2 c=$3; shift 3
  mkapp "$T/$out.bin" 30000 "$(printf %s "$out" | cksum | cut -d' ' -f1)"
  "$OTABOOT" pack "$T/$out.bin" -b nucleo-f429zi -v "$v" --security-counter "$c" -o "$T/$out" -q "$@"
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
  [ "$rc1" -eq 1 ]; grep -q 'unsigned image' "$T/i.out"
  [ "$rc2" -eq 1 ]; grep -q 'unknown key' "$T/i2.out"
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
  [ "$r1" -eq 1 ]; grep -qx 'Update rejected: unsigned image' "$T/a1"
  [ "$r2" -eq 1 ]; grep -qx 'Update rejected: unknown key' "$T/a2"
  [ "$r3" -eq 1 ]; expect_answer 'Update rejected: downgrade'
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

# A keyless peer on the network against a keyed direct-profile board.
pd() { # pd OUT RAW VERSION COUNTER [pack options]
  local out=$1 raw=$2 v=$3 c=$4; shift 4
  "$OTABOOT" pack "$raw" -b nucleo-f429zi --profile direct -v "$v" --security-counter "$c" -o "$T/$out" -q "$@"
}
mkapp "$T/d1.bin" 30000 11
mkapp "$T/d2.bin" 31000 12
pd d1.gz "$T/d1.bin" 1.0.0 1 --key "$T/k1.pem"
pd d2.gz "$T/d2.bin" 2.0.0 2 --key "$T/k1.pem"
head -c 8000 "$T/d2.gz" > "$T/d2-cut.gz"

# raw_send FILE [AUTHLINE]: the bytes as a peer would send them (no retry),
# the board's one line into $T/answer.
raw_send() {
  python3 - "$PORT" "$@" > "$T/answer" <<'PY'
import socket, sys
port, path = int(sys.argv[1]), sys.argv[2]
data = open(path, 'rb').read()
pre = open(sys.argv[3], 'rb').read() if len(sys.argv) > 3 else b''
s = socket.create_connection(('127.0.0.1', port), timeout=10)
try:
    s.sendall(pre + data)
    s.shutdown(socket.SHUT_WR)
except OSError:
    pass
ans = b''
while not ans.endswith(b'\n'):
    k = s.recv(256)
    if not k:
        break
    ans += k
print(ans.decode().strip())
PY
}

# proof KEY FILE OUT: "AUTH <r||s>\n" for the nonce of a fresh STATUS, made
# with OpenSSL (an implementation of docs/SPEC.md independent of the tool's).
proof() {
  local nonce
  nonce=$(status_of nonce)
  python3 - "$nonce" "$2" "$T/proof.dig" <<'PY'
import hashlib, sys
nonce, path, out = bytes.fromhex(sys.argv[1]), sys.argv[2], sys.argv[3]
d = open(path, 'rb').read()
rec = d[16:16 + 116]  # gzip header (10) + XLEN (2) + subfield id and length (4), then the record
meta = hashlib.sha256(rec).digest()
open(out, 'wb').write(hashlib.sha256(b'otaboot-auth-v1\n' + nonce + meta).digest())
PY
  openssl pkeyutl -sign -inkey "$1" -in "$T/proof.dig" -out "$T/proof.der"
  python3 - "$T/proof.der" "$3" <<'PY'
import sys
der = open(sys.argv[1], 'rb').read()
n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
i = 2
vals = []
for _ in range(2):
    assert der[i] == 2
    ln = der[i + 1]
    vals.append(int.from_bytes(der[i + 2:i + 2 + ln], 'big'))
    i += 2 + ln
r, s = vals
s = min(s, n - s)  # low-S, the only form a board accepts
open(sys.argv[2], 'w').write('AUTH ' + (r.to_bytes(32, 'big') + s.to_bytes(32, 'big')).hex() + '\n')
PY
}

test_direct_keyless_peer_cannot_erase() {
  start_sim direct --profile direct --key "$T/k1.pub"
  # the owner installs v1 (an empty board's rescue asks for the proof too)
  set +e; send_file "$T/d1.gz"; r0=$?; set -e
  [ "$r0" -eq 1 ]; expect_answer "not authorized"
  send_file "$T/d1.gz" --key "$T/k1.pem"; expect_answer "Valid update file received"
  expect_status running=app version=1.0.0 app=confirmed
  # a keyless peer replays the start of a genuine signed release: refused, nothing erased (send --no-check: no local check stops it)
  set +e; send_file "$T/d2-cut.gz" --no-check; r1=$?; set -e
  [ "$r1" -eq 1 ]; expect_answer "Update rejected: not authorized (send it with: otaboot send --key KEY.pem)"
  expect_status running=app version=1.0.0 app=confirmed
  # the whole release, without a key: refused too
  set +e; send_file "$T/d2.gz"; r2=$?; set -e
  [ "$r2" -eq 1 ]; expect_answer "not authorized"
  # a wrong key: refused
  set +e; send_file "$T/d2.gz" --key "$T/other.pem"; r3=$?; set -e
  [ "$r3" -eq 1 ]; expect_answer "proof refused"
  expect_status running=app version=1.0.0 app=confirmed
  # a proof made by the owner, captured and replayed: the first use asks for
  # rescue, the replay (into rescue, then into the application) is refused
  proof "$T/k1.pem" "$T/d2.gz" "$T/auth.line"
  raw_send "$T/d2.gz" "$T/auth.line"; expect_answer "restarting into rescue"
  wait_for "$SIM_LOG" 'rescue: update service listening' 1 10
  raw_send "$T/d2-cut.gz" "$T/auth.line"; expect_answer "proof refused"
  wait_for "$SIM_LOG" 'app: update service listening' 2 10
  raw_send "$T/d2-cut.gz" "$T/auth.line"; expect_answer "proof refused"
  expect_status running=app version=1.0.0 app=confirmed
  # the owner with the right key installs v2
  send_file "$T/d2.gz" --key "$T/k1.pem"; expect_answer "Valid update file received"
  expect_status running=app version=2.0.0 app=confirmed
  # the current release again, by anyone: nothing to do, nothing erased
  local resets
  resets=$(grep -c 'resetting' "$SIM_LOG" || true)
  send_file "$T/d2.gz"; expect_answer "Already installed"
  raw_send "$T/d2-cut.gz"; expect_answer "Already installed"
  [ "$(grep -c 'resetting' "$SIM_LOG" || true)" -eq "$resets" ]
  expect_status running=app version=2.0.0 app=confirmed
  stop_sim
}

# send --key takes its nonce from the STATUS its local check reads (one
# query, not two); a retry asks for a new one. A fake board that serves the
# virtual board's status line counts the STATUS queries.
test_send_key_asks_status_once() {
  start_sim onestatus --profile direct --key "$T/k1.pub"
  "$OTABOOT" status "127.0.0.1:$PORT" --raw > "$T/status.line"
  stop_sim
  : > "$T/fake.port"
  python3 - "$T/status.line" "$T/fake.port" "$T/fake.count" <<'PY' &
import socket, sys
line = open(sys.argv[1], 'rb').read().strip() + b'\n'
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(4)
srv.settimeout(20)
open(sys.argv[2], 'w').write(str(srv.getsockname()[1]))
queries = 0
try:
    for _ in range(4):
        c, _ = srv.accept()
        c.settimeout(10)
        first = b''
        while not first.endswith(b'\n') and len(first) < 200:
            k = c.recv(1)
            if not k:
                break
            first += k
        if first == b'STATUS\n':
            queries += 1
            c.sendall(line)
        else:
            while c.recv(65536):
                pass
            c.sendall(b'Update rejected: bad signature\n')
            c.close()
            break
        c.close()
except OSError:
    pass
open(sys.argv[3], 'w').write(str(queries))
PY
  local fake=$!
  wait_for "$T/fake.port" "[0-9]" 1 10
  set +e; timeout 60 "$OTABOOT" send "127.0.0.1:$(cat "$T/fake.port")" "$T/d1.gz" --key "$T/k1.pem" --timeout 10 -q \
    > "$T/answer" 2> "$T/send.err"; r=$?; set -e
  wait "$fake"
  [ "$r" -eq 1 ]; expect_answer "bad signature"
  [ "$(cat "$T/fake.count")" = 1 ] || { echo "send --key asked STATUS $(cat "$T/fake.count") times"; return 1; }
}

test_slot_already_installed() {
  start_sim slotagain --key "$T/k1.pub" --key "$T/k2.pub"
  send_file "$T/v1.gz"; expect_answer "Valid update file received"
  expect_status version=1.0.0 app=confirmed update=none
  send_file "$T/v1.gz"; expect_answer "Already installed"
  grep -q 'Already installed' "$SIM_LOG"
  expect_status version=1.0.0 app=confirmed update=none
  stop_sim
}

run_test test_keygen_matches_openssl
run_test test_inspect_verifies
run_test test_production_board
run_test test_counter_rises_only_on_confirm
run_test test_development_board_says_so
run_test test_direct_keyless_peer_cannot_erase
run_test test_send_key_asks_status_once
run_test test_slot_already_installed
summary
