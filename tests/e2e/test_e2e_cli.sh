#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# otaboot end-to-end: the command line of pack and inspect (formats, checks,
# refusals, exit codes, one-line errors) and --help of every subcommand.
. "$(dirname "$0")/lib.sh"

mkapp "$T/app.bin" 50000 1

# expect_fail CODE REGEX cmd...: exit status CODE, one stderr line matching REGEX.
expect_fail() {
  local code=$1 re=$2 rc; shift 2
  set +e; "$@" > "$T/out" 2> "$T/err"; rc=$?; set -e
  [ "$rc" -eq "$code" ] || { echo "exit $rc, expected $code: $*"; cat "$T/err"; return 1; }
  [ "$(wc -l < "$T/err")" -eq 1 ] || { echo "stderr is not one line:"; cat "$T/err"; return 1; }
  grep -qE -- "$re" "$T/err" || { echo "stderr lacks '$re':"; cat "$T/err"; return 1; }
}

test_help_everywhere() {
  "$OTABOOT" --help > "$T/help"
  grep -q '^usage: otaboot COMMAND' "$T/help"
  for c in pack inspect send status sim keygen keyring; do
    grep -qE "^  $c " "$T/help" || { echo "--help does not list $c"; return 1; }
    "$OTABOOT" "$c" --help > "$T/out"
    grep -q "^usage: otaboot $c" "$T/out"
  done
  expect_fail 2 "unknown command 'frobnicate'" "$OTABOOT" frobnicate
  expect_fail 2 "unknown option --nope" "$OTABOOT" pack --nope
  expect_fail 2 "needs a value" "$OTABOOT" send 127.0.0.1 x --timeout
}

test_pack_bin_roundtrip() {
  "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -v 1.2.3 -q
  gunzip -c "$T/app.bin.gz" | cmp - "$T/app.bin"
  "$OTABOOT" inspect "$T/app.bin.gz" --board nucleo-f429zi > "$T/out"
  grep -q '^version: *1.2.3' "$T/out"
  grep -q '^result: *ok' "$T/out"
  # packing twice gives the same bytes (MTIME 0; FNAME from the output name)
  mkdir -p "$T/again"
  "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -v 1.2.3 -o "$T/again/app.bin.gz" -q
  cmp "$T/app.bin.gz" "$T/again/app.bin.gz"
}

test_pack_hex() {
  objcopy -I binary -O ihex --change-addresses 0x08020000 "$T/app.bin" "$T/app.hex"
  "$OTABOOT" pack "$T/app.hex" -b nucleo-f429zi -v 1.0.0 -o "$T/hex.gz" -q
  gunzip -c "$T/hex.gz" | cmp - "$T/app.bin"
  # linked for another address than the application area
  objcopy -I binary -O ihex --change-addresses 0x08000000 "$T/app.bin" "$T/low.hex"
  expect_fail 1 "image linked for another address than the application area: loads at 0x08000000" \
    "$OTABOOT" pack "$T/low.hex" -b nucleo-f429zi -v 1.0.0 -o "$T/low.gz"
  sed '2s/^:10/:11/' "$T/app.hex" > "$T/bad.hex"
  expect_fail 1 "HEX line 2" "$OTABOOT" pack "$T/bad.hex" -b nucleo-f429zi -v 1.0.0 -o "$T/bad.gz"
}

test_pack_elf() {
  # an ELF32 ARM executable: two PT_LOAD segments by physical address with a
  # gap, and a .bss-like segment (filesz 0) that must not count
  python3 - "$T/app.bin" "$T/app.elf" "$T/expect.bin" <<'PY'
import struct, sys
raw = open(sys.argv[1], 'rb').read()
a, b = raw[:30000], raw[30000:]
segs = [(0x08020000, a), (0x08020000 + 30000 + 100, b)]
ph_off = 52; data_off = ph_off + 32 * 3
eh = b'\x7fELF' + bytes([1, 1, 1]) + bytes(9)
eh += struct.pack('<HHIIIIIHHHHHH', 2, 40, 1, 0x08020201, ph_off, 0, 0x05000000, 52, 32, 3, 40, 0, 0)
ph, body, off = b'', b'', data_off
for paddr, d in segs:
    ph += struct.pack('<IIIIIIII', 1, off, 0x20000000 if paddr != 0x08020000 else paddr, paddr, len(d), len(d), 5, 4)
    body += d; off += len(d)
ph += struct.pack('<IIIIIIII', 1, off, 0x20001000, 0x20001000, 0, 4096, 6, 4)
open(sys.argv[2], 'wb').write(eh + ph + body)
open(sys.argv[3], 'wb').write(a + b'\xff' * 100 + b)
PY
  "$OTABOOT" pack "$T/app.elf" -b nucleo-f429zi -v 1.0.0 -o "$T/elf.gz" -q
  gunzip -c "$T/elf.gz" | cmp - "$T/expect.bin"
}

test_pack_refusals() {
  expect_fail 2 "bad version '1.02'" "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -v 1.02
  expect_fail 2 "unknown board 'nucleo-x'.*known boards: .*nucleo-f429zi" "$OTABOOT" pack "$T/app.bin" -b nucleo-x -v 1.0
  expect_fail 3 "cannot read key $T/nokey.pem" "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -v 1.0 --key "$T/nokey.pem"
  expect_fail 2 "not with --dev-plain" "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi --dev-plain --key "$T/nokey.pem"
  [ ! -e "$T/app.bin.gz" ] || rm "$T/app.bin.gz"
  mkapp "$T/badvt.bin" 4096 1 0x20030000 0x08020200   # reset handler without the Thumb bit
  expect_fail 1 "vector table check failed" "$OTABOOT" pack "$T/badvt.bin" -b nucleo-f429zi -v 1.0
  mkapp "$T/big.bin" $((1152 * 1024 + 4)) 1
  expect_fail 1 "image larger than the application area" "$OTABOOT" pack "$T/big.bin" -b nucleo-f429zi -v 1.0
  # fits the application area, but its compressed form does not fit the slot (768 KiB)
  { head -c 8 "$T/app.bin"; head -c $((1100 * 1024)) /dev/urandom; } > "$T/noise.bin"
  expect_fail 1 "compressed image larger than the update slot" "$OTABOOT" pack "$T/noise.bin" -b nucleo-f429zi -v 1.0
  # the direct profile has no slot: the same image packs
  "$OTABOOT" pack "$T/noise.bin" -b nucleo-f429zi -p direct -v 1.0 -o "$T/noise.gz" -q
  expect_fail 3 "cannot open" "$OTABOOT" pack "$T/missing.bin" -b nucleo-f429zi -v 1.0
}

test_inspect_finds_damage() {
  "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -v 1.0.0 -o "$T/ok.gz" -q
  "$OTABOOT" inspect "$T/ok.gz" --json > "$T/json"
  python3 -c "import json,sys; d=json.load(open('$T/json')); assert d['ok'] and d['meta']['version']=='1.0.0', d"
  # one flipped byte in the payload
  python3 -c "
b=bytearray(open('$T/ok.gz','rb').read()); b[len(b)//2]^=0x10; open('$T/flip.gz','wb').write(b)"
  expect_fail 1 "payload sha256" "$OTABOOT" inspect "$T/flip.gz"
  { cat "$T/ok.gz"; echo extra; } > "$T/trail.gz"
  expect_fail 1 "data after the end of the gzip member" "$OTABOOT" inspect "$T/trail.gz"
  head -c 1000 "$T/ok.gz" > "$T/cut.gz"
  expect_fail 1 "payload size" "$OTABOOT" inspect "$T/cut.gz"
  expect_fail 1 "image built for another board" "$OTABOOT" inspect "$T/ok.gz" --board nucleo-f746zg
  expect_fail 1 "gzip header: not a gzip file" "$OTABOOT" inspect "$T/app.bin"
  # a plain gzip of a text file: a fine gzip, but not firmware for any board
  seq 1 1000 | gzip -c > "$T/text.gz"
  "$OTABOOT" inspect "$T/text.gz" > /dev/null
  expect_fail 1 "vector table" "$OTABOOT" inspect "$T/text.gz" --board nucleo-f429zi
  # a plain gzip whose CRC32 is wrong (trailer at the end)
  gzip -c "$T/app.bin" > "$T/plain.gz"
  python3 -c "
b=bytearray(open('$T/plain.gz','rb').read()); b[-8]^=1; open('$T/badcrc.gz','wb').write(b)"
  expect_fail 1 "gzip crc32" "$OTABOOT" inspect "$T/badcrc.gz"
  "$OTABOOT" inspect "$T/plain.gz" --board nucleo-f429zi > /dev/null
}

# The rollback profile: pack records it, inspect prints it and checks the
# image against both slots; an image only the slot profile's larger slot
# takes is refused with what to do, and inspect says the same of it.
test_pack_rollback() {
  "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -p rollback -v 2.0.0 -o "$T/rb.gz" -q
  gunzip -c "$T/rb.gz" | cmp - "$T/app.bin"
  "$OTABOOT" inspect "$T/rb.gz" --board nucleo-f429zi > "$T/out"
  grep -q '^board: *nucleo-f429zi (rollback profile)' "$T/out"
  grep -qE '^  ok +layout +nucleo-f429zi rollback: image 50000 of 917504 bytes, payload fits both slots' "$T/out"
  "$OTABOOT" inspect "$T/rb.gz" --json | grep -q '"profile":"rollback"'
  # the layout follows the image's profile; another profile is refused
  expect_fail 1 "image built for another flash layout profile" "$OTABOOT" inspect "$T/rb.gz" --board nucleo-f429zi -p slot
  expect_fail 2 "unknown profile 'rolback' \(slot, direct or rollback\)" "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -p rolback -v 1.0
  # 600 KiB of noise: over the 512 KiB rollback slots, within the 768 KiB slot
  { head -c 8 "$T/app.bin"; head -c $((600 * 1024)) /dev/urandom; } > "$T/noise6.bin"
  expect_fail 1 "each slot of nucleo-f429zi takes 524032 \(sized for 57%\): shrink the application by [0-9]+ compressed bytes, or use the slot \(no rollback\) or direct profile" \
    "$OTABOOT" pack "$T/noise6.bin" -b nucleo-f429zi -p rollback -v 1.0 -o "$T/n6.gz"
  [ ! -e "$T/n6.gz" ] || { echo "a refused image was written"; return 1; }
  "$OTABOOT" pack "$T/noise6.bin" -b nucleo-f429zi -v 1.0 -o "$T/n6slot.gz" -q
  "$OTABOOT" pack "$T/noise6.bin" -b nucleo-f429zi -p rollback --dev-plain -o "$T/n6.gz" 2> "$T/err" && return 1
  grep -q "each slot of nucleo-f429zi" "$T/err"
  # inspect of a plain gzip against the rollback layout checks the same slots
  gzip -9c "$T/noise6.bin" > "$T/n6plain.gz"
  expect_fail 1 "slot: payload [0-9]+ of 524032 bytes \(each of the two slots\)" \
    "$OTABOOT" inspect "$T/n6plain.gz" --board nucleo-f429zi -p rollback
}

test_dev_plain() {
  "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi --dev-plain -o "$T/dev.gz" -q
  gunzip -c "$T/dev.gz" | cmp - "$T/app.bin"
  "$OTABOOT" inspect "$T/dev.gz" --json | grep -q '"format":"plain-gzip"'
}

test_version() {
  "$OTABOOT" --version > "$T/out"
  grep -qxF "otaboot $(cat "$E2E_ROOT/VERSION") (image metadata version 1)" "$T/out"
  grep -q -- '--version' "$T/help"
}

test_pack_says_which_check() {
  # the reset handler without the Thumb bit
  mkapp "$T/badvt.bin" 4096 1 0x20030000 0x08020200
  expect_fail 1 "vector table check failed: reset handler 0x08020200 has no Thumb bit" \
    "$OTABOOT" pack "$T/badvt.bin" -b nucleo-f429zi -v 1.0 -o "$T/badvt.gz"
  # a nucleo-f429zi build (stack at the top of its 192 KiB) for the olimex-e407 (128 KiB)
  expect_fail 1 "initial SP 0x20030000 is outside the olimex-e407 RAM \(0x20000000-0x20020000, 0x10000000-0x10010000\): built for another board" \
    "$OTABOOT" pack "$T/app.bin" -b olimex-e407 -v 1.0 -o "$T/e407.gz"
  # a file that is already gzip'd: said as such
  gzip -9 -c "$T/app.bin" > "$T/app.gz"
  expect_fail 1 "already a gzip file .*gunzip -c FILE > app.bin" "$OTABOOT" pack "$T/app.gz" -b nucleo-f429zi -v 1.0 -o "$T/x.gz"
  "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -v 1.0 -o "$T/img.gz" -q
  expect_fail 1 "already a gzip file" "$OTABOOT" pack "$T/img.gz" -b nucleo-f429zi -v 1.0 -o "$T/x.gz"
}

test_pack_keeps_existing_output() {
  echo precious > "$T/out.gz"
  expect_fail 3 "out.gz exists: not overwritten \(give --force, or another -o\)" \
    "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -v 1.0 -o "$T/out.gz"
  grep -qx precious "$T/out.gz"
  "$OTABOOT" pack "$T/app.bin" -b nucleo-f429zi -v 1.0 -o "$T/out.gz" -q --force
  gunzip -c "$T/out.gz" | cmp - "$T/app.bin"
}

test_send_progress_lines() {
  mkapp "$T/p.bin" 300000 5
  "$OTABOOT" pack "$T/p.bin" -b nucleo-f429zi -v 1.0 -o "$T/p.gz" -q
  start_sim progress
  local n; n=$(stat -c %s "$T/p.gz")
  timeout 60 "$OTABOOT" send "127.0.0.1:$PORT" "$T/p.gz" > "$T/out" 2> "$T/err"
  grep -qx "Valid update file received" "$T/out"
  # a line each time another tenth is passed (none at 0), the last at 100%,
  # then the wait for the answer
  if grep -qE "^sent 0 of|\((0|[1-9])%" "$T/err"; then echo "a progress line below 10%:"; cat "$T/err"; return 1; fi
  head -1 "$T/err" | grep -qE "^sent [0-9]+ of $n bytes \([0-9]+%"
  grep -q "^sent $n of $n bytes (100%" "$T/err"
  tail -1 "$T/err" | grep -qx "sent $n bytes, waiting for the board's answer"
  [ "$(grep -c '^sent [0-9]* of' "$T/err")" -le 10 ]
  stop_sim
}

# docs/CLI.md against the tool: the number and names of the subcommands, every
# option of each subcommand's --help in its section (long or short form),
# every option of a section's synopsis in that --help, every exit code of the
# table in the top-level --help.
test_cli_md_matches_help() {
  "$OTABOOT" --help > "$T/help"
  for c in pack inspect send status sim keygen keyring; do "$OTABOOT" "$c" --help > "$T/help-$c"; done
  python3 - "$E2E_ROOT/docs/CLI.md" "$T" <<'PY'
import re, sys
md, t = open(sys.argv[1]).read(), sys.argv[2]
top = open(t + '/help').read()
cmds = re.findall(r'^  ([a-z]+) ', top, re.M)
words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']
bad = []
m = re.search(r'with (\w+) subcommands:\s*(.*?)\.\s', md, re.S)
if not m or m.group(1) != words[len(cmds)]:
    bad.append('CLI.md does not say "with %s subcommands"' % words[len(cmds)])
elif re.findall(r'`([a-z]+)`', m.group(2)) != cmds:
    bad.append('CLI.md lists %s, --help %s' % (re.findall(r'`([a-z]+)`', m.group(2)), cmds))
sections = re.split(r'^## ', md, flags=re.M)
for c in cmds:
    sec = next((x for x in sections if re.match(r'[a-z ]*\b%s\b[a-z ]*:' % c, x)), None)
    if sec is None:
        bad.append('CLI.md has no section for %s' % c)
        continue
    h = open('%s/help-%s' % (t, c)).read()
    for short, long in re.findall(r'^\s+(?:(-[a-zA-Z]), )?(--[a-z][a-z0-9-]*)', h, re.M):
        if long in ('--help', '--dev'):  # --help: everywhere; sim --dev: deprecated, does nothing
            continue
        if not re.search(r'(?<![\w-])(%s%s)(?![\w-])' % (re.escape(long), '|' + re.escape(short) if short else ''), sec):
            bad.append('%s --help has %s, CLI.md does not' % (c, long))
    synopsis = ' '.join(re.findall(r'^(?:otaboot %s .*|\s{8,}\[.*)$' % c, sec, re.M))
    for o in sorted(set(re.findall(r'(?<![\w-])--[a-z][a-z0-9-]*', synopsis))):
        if not re.search(r'(?<![\w-])%s(?![\w-])' % re.escape(o), h):
            bad.append('CLI.md gives %s %s, its --help does not' % (c, o))
codes = re.findall(r'^\| (\d+) \|', md.split('## Exit codes', 1)[1], re.M)
for code in codes:
    if not re.search(r'(?<!\d)%s (?![\d.])' % code, top.split('Exit codes', 1)[1]):
        bad.append('exit code %s is in CLI.md, not in otaboot --help' % code)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

run_test test_help_everywhere
run_test test_cli_md_matches_help
run_test test_version
run_test test_pack_says_which_check
run_test test_pack_keeps_existing_output
run_test test_send_progress_lines
run_test test_pack_bin_roundtrip
run_test test_pack_hex
run_test test_pack_elf
run_test test_pack_refusals
run_test test_inspect_finds_damage
run_test test_pack_rollback
run_test test_dev_plain
summary
