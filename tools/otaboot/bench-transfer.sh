#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Receive throughput of the virtual board on loopback (`make bench-transfer`).
# A 1 MiB firmware-like image (about 50% compressible) goes five times to a
# virtual nucleo-f429zi (slot profile); the board times each transfer from its
# first byte to the sealed slot (receive, dry-run inflate, hashes, simulated
# flash writes through to the flash file) and prints its rate. Prints
#   transfer.mbps=<mean MB/s of compressed bytes received, 1 MB = 10^6 bytes>
#   transfer.raw_mbps=<the same in raw image bytes>
set -euo pipefail
cd "$(dirname "$0")/../.."
OTABOOT=${OTABOOT:-build/toolbench/otaboot}
W=$(mktemp -d /tmp/otaboot-bench.XXXXXX)
PID=
trap '[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; rm -rf "$W"' EXIT
# hex text of random bytes: compresses to about half, like code
( set +o pipefail; printf '\x00\x00\x03\x20\x01\x02\x02\x08'; head -c 600000 /dev/urandom | od -An -tx1 -v | head -c $((1048576 - 8)) ) > "$W/app.bin"
"$OTABOOT" pack "$W/app.bin" -b nucleo-f429zi -v 1.0.0 -o "$W/app.bin.gz" -q
"$OTABOOT" sim --board nucleo-f429zi --port 0 --flash "$W/flash" > "$W/log" 2>&1 &
PID=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$W/log" && break; sleep 0.05; done
PORT=$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+' "$W/log" | head -1 | cut -d: -f2)
for i in 1 2 3 4 5; do
  timeout 60 "$OTABOOT" send "127.0.0.1:$PORT" "$W/app.bin.gz" -q > /dev/null
  for _ in $(seq 1 400); do [ "$(grep -c 'confirmed itself' "$W/log")" -ge "$i" ] && break; sleep 0.05; done
done
kill "$PID"; wait "$PID" || true; PID=
raw=$(stat -c %s "$W/app.bin"); gz=$(stat -c %s "$W/app.bin.gz")
grep -oE 'received v1\.0\.0 \([0-9]+ bytes in [0-9.]+ s' "$W/log" | awk -v raw="$raw" -v gz="$gz" '
  { bytes = substr($3, 2); t += $6; b += bytes; n++ }
  END {
    if (n == 0) { print "bench-transfer: no transfer completed" > "/dev/stderr"; exit 1 }
    printf "transfer.runs=%d\ntransfer.bytes=%d\ntransfer.raw_bytes=%d\n", n, gz, raw
    printf "transfer.mbps=%.1f\ntransfer.raw_mbps=%.1f\n", b / t / 1e6, b / t / 1e6 * raw / gz
  }'
