#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A netduinoplus2 "board" for tests/qemu/hil.sh: `n2board.sh reset DIR`
# powers it off (the QEMU in DIR/qemu.pid) and on again from the flash image
# DIR/flash.img (QEMU loads it with -kernel at every start, so a write into
# that file is a flash write seen at the next reset), its console on the
# relay's socket DIR/con.sock (tests/qemu/pty_relay.py keeps the pty).
set -u
dir=$2
if [ -f "$dir/qemu.pid" ]; then
  kill -KILL "$(cat "$dir/qemu.pid")" 2>/dev/null
  for ((i = 0; i < 50; i++)); do kill -0 "$(cat "$dir/qemu.pid")" 2>/dev/null || break; sleep 0.1; done
fi
timeout 60 qemu-system-arm -M netduinoplus2 -display none -monitor none -serial unix:"$dir/con.sock" \
  -semihosting-config enable=on,target=native -kernel "$dir/flash.img" </dev/null >>"$dir/qemu.out" 2>&1 &
echo $! >"$dir/qemu.pid"
