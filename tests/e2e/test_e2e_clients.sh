#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: every client of docs/CLI.md's table sees the virtual
# board's answer, with every CPU busy: an accepted image, a 300 KB image
# refused at its header (the client is still sending when the answer comes)
# and an image refused at its end (bad CRC). tests/qemu/net/run.sh
# (t_clients) does the same against the QEMU firmware.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/clients.sh"
trap 'load_stop; cleanup' EXIT

mkapp "$T/v1.bin" 60000 1
mkapp "$T/v2.bin" 60000 2
"$OTABOOT" pack "$T/v1.bin" -b nucleo-f429zi -v 1.0.0 -o "$T/v1.gz" -q
"$OTABOOT" pack "$T/v2.bin" -b nucleo-f429zi -v 2.0.0 -o "$T/v2.gz" -q
# 300 KB that does not compress, packed for the other profile
python3 - "$T/big.bin" <<'PY'
import random, struct, sys
r = random.Random(5)
body = struct.pack('<II', 0x20030000, 0x08020201) + bytes(r.getrandbits(8) for _ in range(300000))
open(sys.argv[1], 'wb').write(body)
PY
"$OTABOOT" pack "$T/big.bin" -b nucleo-f429zi -p direct -v 9.0.0 -o "$T/big-direct.gz" -q
# the gzip CRC32 in the trailer flipped, of each version (the one installed
# would be "Already installed" at its header)
for v in 1 2; do
  python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[-8]^=0xff; open(sys.argv[2],'wb').write(b)" \
    "$T/v$v.gz" "$T/badcrc$v.gz"
done

# check CLIENT FILE EXPECTED: the client printed exactly the expected line.
check() {
  local out
  out=$(send_with "$1" "$PORT" "$2")
  if [ "$out" != "$3" ]; then
    echo "$1 < $(basename "$2"): got '$out', wanted '$3'"
    return 1
  fi
}

test_every_client_sees_the_answer() {
  start_sim clients
  load_start 240
  local c i v=1 boots=1
  for c in "${CLIENTS[@]}"; do
    check "$c" "$T/v$v.gz" "Valid update file received"
    boots=$((boots + 1))
    wait_for "$SIM_LOG" 'update service listening' "$boots" 30
    expect_status running=app "version=$v.0.0" app=confirmed
    for i in 1 2 3; do # back to back: each client leaves the board its rest to drain
      check "$c" "$T/big-direct.gz" "Update rejected: image built for another flash layout profile"
    done
    check "$c" "$T/badcrc$((3 - v)).gz" "Update rejected: compressed payload hash mismatch"
    v=$((3 - v))
  done
  load_stop
  # nothing else restarted the board
  [ "$(grep -c 'sim: reset' "$SIM_LOG")" -eq "${#CLIENTS[@]}" ]
}

run_test test_every_client_sees_the_answer
summary
