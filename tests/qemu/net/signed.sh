#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end on emulated hardware: a signed build (mps2-an386, slot
# profile, build/qemu/an386/slot-signed: bl1, agent and rescue built with the
# TEST-ONLY keys tests/keys/test-only-{a,b}.pem, port/qemu/port.mk). Signed,
# unsigned, wrong-key, tampered and downgraded images sent with nc; bl1
# re-checking a slot that a development receiver sealed. Every wait is
# bounded. The same build in the direct profile (direct-signed): a keyless
# peer's truncated replay of a signed release erases nothing; send --key
# installs. Prints cmocka-style result lines; exit 0 when every test passed.
# Usage: tests/qemu/net/signed.sh [TEST...]   (default: all; names below)
set -u
cd "$(dirname "$0")/../../.."
. tests/qemu/net/lib.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/otaboot-qemu-signed.XXXXXX") || exit 1
trap 'qemu_kill; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT  # KEEP=1 keeps consoles and flash files
PASS=0 FAIL=0 FAILED=()
BOOT=60 # seconds allowed for any one step (QEMU under a loaded CI machine)
KEY_A=tests/keys/test-only-a.pem KEY_B=tests/keys/test-only-b.pem
S=$Q/an386/slot-signed

# board VARIANT: M, D, FL, LOG, PORT for an386; a fresh flash file.
board() {
  qemu_kill
  M=mps2-an386 D=$Q/an386/$1 FL=$WORK/flash-$1.img LOG=$WORK/console-$1.log
  PORT=$(free_port)
  cp "$D/flash-v1.img" "$FL"
  : >"$LOG"
}
boot() { qemu_start "$M" "${1:-$D/bl1.elf}" "$FL" "$LOG" "$PORT"; }
expect() { wait_line "$LOG" "${2:-$MARK}" "$1" "$BOOT" || { echo "  missing console line: $1"; return 1; }; }
mark() { MARK=$(log_size "$LOG"); }
answer_is() { # ANSWER EXPECTED-REGEX
  if ! grep -qE "$2" <<<"$1"; then echo "  answer was: '$1' (wanted /$2/)"; return 1; fi
}
no_restart() { # the board did not reset since the mark
  if tail -c +"$((MARK + 1))" "$LOG" | grep -q '^bl1:'; then echo "  board restarted after a rejected image"; return 1; fi
}
# pk OUT BIN VERSION COUNTER [pack options]: an image for the an386 slot layout.
pk() {
  local out=$1 bin=$2 v=$3 c=$4; shift 4
  "$OTABOOT" pack "$bin" -b qemu-mps2-an386 -p slot -v "$v" --security-counter "$c" -o "$WORK/$out" -q "$@"
}

# ---- tests ----

t_keys_linked() { # the keyring is in bl1, rescue and the agent of the signed build only
  local f
  for f in "$S/bl1.elf" "$S/rescue.elf" "$S/demo-v1.elf"; do
    arm-none-eabi-nm "$f" | grep -q ' ob_signing_keys$' || { echo "  no keyring in $f"; return 1; }
  done
  for f in "$Q/an386/slot/bl1.elf" "$Q/an386/slot/rescue.elf"; do
    if arm-none-eabi-nm "$f" | grep -q ' ob_signing_keys$'; then echo "  keyring in $f"; return 1; fi
  done
}

t_dev_board_says_so() { # a build without keys says so on every boot; a signed one does not
  board slot; mark; boot
  expect 'bl1: development board: images are not authenticated' && expect 'agent: listening' || return 1
  board slot-signed; mark; boot
  expect 'agent: listening' || return 1
  if grep -q 'development' "$LOG"; then echo "  a signed board says development"; return 1; fi
}

t_signed_update() { # unsigned, wrong key, tampered: rejected; signed: installed; older counter: downgrade
  local other=$WORK/other.pem n
  "$OTABOOT" keygen -o "$other" >/dev/null || return 1
  pk unsigned.gz "$S/demo-v2.bin" 2.0.0 2 || return 1
  pk wrongkey.gz "$S/demo-v2.bin" 2.0.0 2 --key "$other" || return 1
  pk v2.gz "$S/demo-v2.bin" 2.0.0 2 --key "$KEY_B" || return 1 # the second key of the ring
  pk old.gz "$S/demo-v1.bin" 1.0.1 1 --key "$KEY_A" || return 1
  # A flipped byte that the signature covers: the first byte of raw_sha256
  # (metadata record at file offset 16, after the gzip header, XLEN and the
  # subfield's ID and LEN; raw_sha256 at record offset 40: docs/SPEC.md).
  cp "$WORK/v2.gz" "$WORK/badsig.gz"
  n=$(od -An -tu1 -j56 -N1 "$WORK/v2.gz" | tr -d ' ')
  printf "\\x$(printf %02x $(( n ^ 1 )))" | dd of="$WORK/badsig.gz" bs=1 seek=56 conv=notrunc status=none
  cmp -s "$WORK/badsig.gz" "$WORK/v2.gz" && { echo "  badsig.gz unchanged"; return 1; }

  board slot-signed; mark; boot
  expect 'demo: .*v1\.0\.0' && expect 'agent: listening' || return 1
  mark
  answer_is "$(send_nc "$WORK/unsigned.gz" "$PORT")" '^Update rejected: unsigned image$' || return 1
  answer_is "$(send_nc "$WORK/wrongkey.gz" "$PORT")" '^Update rejected: unknown key$' || return 1
  answer_is "$(send_nc "$WORK/badsig.gz" "$PORT")" '^Update rejected: bad signature$' || return 1
  answer_is "$(timeout 30 nc 127.0.0.1 "$PORT" <"$S/demo-v2.plain.gz" || true)" \
    '^Update rejected: plain gzip without otaboot metadata, and this board has signing keys \(sign it: otaboot pack app\.bin -b BOARD -v VERSION --key KEY\.pem\)$' || return 1
  sleep 1; no_restart || return 1
  answer_is "$(status_of "$PORT")" 'running=app .*update=none' || return 1
  mark
  answer_is "$(send_nc "$WORK/v2.gz" "$PORT")" '^Valid update file received$' || return 1
  expect 'bl1: installed v2\.0\.0, read back and verified' && expect 'demo: network up: v2\.0\.0 confirmed' || return 1
  expect 'agent: listening' || return 1
  mark
  answer_is "$(send_nc "$WORK/old.gz" "$PORT")" '^Update rejected: downgrade$' || return 1
  sleep 1; no_restart || return 1
  answer_is "$(status_of "$PORT")" 'version=2\.0\.0 app=confirmed' || return 1
}

t_bl1_rechecks() { # a slot sealed by a development receiver: the signed bl1 erases nothing
  # The development (keyless) board accepts an unsigned image and seals it;
  # -no-reboot turns its reset into an exit, so its own bl1 never runs.
  board slot; mark
  qemu_start "$M" "$D/bl1.elf" "$FL" "$LOG" "$PORT" -no-reboot
  expect 'agent: listening' || return 1
  answer_is "$(send_nc "$D/demo-v2.gz" "$PORT")" '^Valid update file received$' || return 1
  local i
  for ((i = 0; i < BOOT * 10; i++)); do kill -0 "$QEMU_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$QEMU_PID" 2>/dev/null && { echo "  board did not reset"; return 1; }
  QEMU_PID=
  # Same flash file, the signed bl1 (same layout): rejected before any
  # erase; the application area is byte for byte what it was.
  local app_before app_after
  app_before=$(app_sum "$FL") || return 1
  mark; boot "$S/bl1.elf"
  expect 'bl1: update in the slot rejected, nothing erased: unsigned image' || return 1
  expect 'demo: .*v1\.0\.0' || return 1
  app_after=$(app_sum "$FL") || return 1
  [ "$app_before" = "$app_after" ] || { echo "  the application area changed"; return 1; }
  if tail -c +"$((MARK + 1))" "$LOG" | grep -qE 'bl1: (installing|erasing)'; then echo "  bl1 started an install"; return 1; fi
}

# app_sum FLASH [PROFILE]: SHA-256 of the application area of an an386 layout (default slot).
app_sum() {
  local hdr base addr size
  hdr=$("$LAYOUTGEN" --header qemu-mps2-an386 "${2:-slot}") || return 1
  get() { awk -v k="OB_LAYOUT_$1" '$2 == k { sub(/u$/, "", $3); print $3 }' <<<"$hdr"; }
  base=$(( $(get FLASH_BASE) )) addr=$(( $(get APP_ADDR) )) size=$(( $(get APP_SIZE) ))
  tail -c +"$(( addr - base + 1 ))" "$1" | head -c "$size" | sha256sum | cut -d' ' -f1
}

t_direct_keyless_peer() { # direct profile with keys: a peer without a key cannot make it erase
  local DS=$Q/an386/direct-signed other=$WORK/other2.pem
  "$OTABOOT" keygen -o "$other" >/dev/null || return 1
  "$OTABOOT" pack "$DS/demo-v2.bin" -b qemu-mps2-an386 -p direct -v 2.0.0 --security-counter 2 \
    --key "$KEY_A" -o "$WORK/d2.gz" -q || return 1
  head -c 8000 "$WORK/d2.gz" >"$WORK/d2-cut.gz"
  board direct-signed; mark; boot
  expect 'demo: .*v1\.0\.0' && expect 'agent: listening' || return 1
  local app_before app_after
  app_before=$(app_sum "$FL" direct) || return 1
  # the start of a genuine signed release, replayed by a keyless peer
  mark
  answer_is "$(send_nc "$WORK/d2-cut.gz" "$PORT")" \
    '^Update rejected: not authorized \(send it with: otaboot send --key KEY\.pem\)$' || return 1
  answer_is "$(send_nc "$WORK/d2.gz" "$PORT")" '^Update rejected: not authorized' || return 1
  sleep 1; no_restart || return 1
  answer_is "$(status_of "$PORT")" 'running=app .* nonce=[0-9a-f]{32}$' || return 1
  # a wrong key: refused, no restart
  "$OTABOOT" send "127.0.0.1:$PORT" "$WORK/d2.gz" --key "$other" -q >"$WORK/wrong.out" 2>/dev/null
  answer_is "$(cat "$WORK/wrong.out")" 'not authorized: proof refused' || return 1
  sleep 1; no_restart || return 1
  app_after=$(app_sum "$FL" direct) || return 1
  [ "$app_before" = "$app_after" ] || { echo "  the application area changed"; return 1; }
  # the owner: send --key proves the key to the application, then to rescue
  mark
  timeout 120 "$OTABOOT" send "127.0.0.1:$PORT" "$WORK/d2.gz" --key "$KEY_A" --timeout 30 --retries 30 -q \
    >"$WORK/owner.out" 2>"$WORK/owner.err" || { echo "  send --key: $(cat "$WORK/owner.out" "$WORK/owner.err")"; return 1; }
  answer_is "$(tail -1 "$WORK/owner.out")" '^Valid update file received$' || return 1
  expect 'demo: network up: v2\.0\.0 confirmed' && expect 'agent: listening' || return 1
  # the current release again: nothing to do, no restart
  mark
  answer_is "$(send_nc "$WORK/d2.gz" "$PORT")" '^Already installed$' || return 1
  sleep 1; no_restart || return 1
}

# qemu_start with extra QEMU options (lib.sh's takes none).
qemu_start() {
  local m=$1 k=$2 fl=$3 log=$4 port=$5; shift 5
  qemu-system-arm -M "$m" -nographic -monitor none -kernel "$k" \
    -object memory-backend-file,id=fl,size=16M,mem-path="$fl",share=on -machine memory-backend=fl \
    -nic user,hostfwd=tcp:127.0.0.1:"$port"-:40000 \
    -semihosting-config enable=on,target=native "$@" </dev/null >>"$log" 2>&1 &
  QEMU_PID=$!
}

LAYOUTGEN=${LAYOUTGEN:-build/host/layoutgen}
ALL=(t_keys_linked t_dev_board_says_so t_signed_update t_bl1_rechecks t_direct_keyless_peer)
run_suite "QEMU end-to-end, signed build" "$@"
