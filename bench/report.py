#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Renders build/bench/results.txt (key=value lines from scripts/bench.sh)
as the goal table on stdout and as docs/BENCHMARKS.md.

  bench/report.py RESULTS OUT.md"""
import sys

KIB = 1024
# The verification the p256-m one replaced, for the goal table: instructions
# per good-signature ob_sig_check on QEMU mps2-an386 with the firmware's
# mbedTLS 2.28.3 (bignum, ECP comb window 2, NIST fast reduction, bn_mul.h
# assembly, 3584-byte heap arena), `make sig-time` at commit d7e510f.
SIG_INSN_MBEDTLS_2_28 = 29441360


def load(path):
    r = {}
    for line in open(path):
        k, sep, v = line.rstrip('\n').partition('=')
        if sep:
            r[k] = v
    return r


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


class Report:
    def __init__(self, r):
        self.r = r
        self.goals = []  # (what, goal, figure, verdict)
        self.md = []

    def get(self, k, default='n/a'):
        return self.r.get(k, default)

    def goal(self, what, goal, figure, ok):
        verdict = '-' if ok is None else ('met' if ok else 'MISSED')
        self.goals.append((what, goal, figure, verdict))

    def w(self, *lines):
        self.md.extend(lines)

    def table(self, head, rows):
        self.w('| ' + ' | '.join(head) + ' |', '|' + '|'.join('---' for _ in head) + '|')
        for row in rows:
            self.w('| ' + ' | '.join(str(c) for c in row) + ' |')
        self.w('')


def fw_boards(r):
    seen = []
    for k in r:
        if k.startswith('fp.') and k.endswith('.bl1.flash'):
            b = k[3:-len('.bl1.flash')]
            if b not in seen:
                seen.append(b)
    return seen


def inflate(rep):
    r = rep.r
    names = r.get('inflate.inputs', '').split()
    rep.w('## 1. Inflate: ours against zlib', '',
          'Each input is compressed once with zlib (raw deflate, level 9) and inflated into memory by '
          '`ob_inflate_mem` and by zlib\'s `inflate` in the same process, alternating rounds of at least '
          '0.2 s, best of 7 (`build/bench/inflate_bench`, -O2, no sanitizers). Instructions: one inflate '
          'per run under `valgrind --tool=callgrind --toggle-collect=ir_ob` (or `ir_zlib`), setup included, '
          'divided by the output bytes (`build/bench/inflate_ir`). Inputs: `fw` is 1 MiB of Thumb-2 code '
          'and constants from newlib and libgcc for several Cortex-M multilibs, `text` licences and man '
          'pages, `random` incompressible bytes (stored blocks), `demo-*` the demo firmware each board '
          'builds (`demo-mps2-an386-big` is the ~300 KiB update image, mostly random filler).', '')
    rows, worst, fwratio = [], None, None
    for n in names:
        ob, zl, ratio = num(r.get('inflate.%s.ob_mbps' % n)), num(r.get('inflate.%s.zlib_mbps' % n)), \
            num(r.get('inflate.%s.ratio' % n))
        irob, irz = num(r.get('inflate.%s.ob_ir_per_byte' % n)), num(r.get('inflate.%s.zlib_ir_per_byte' % n))
        if ratio is not None and n != 'random':
            worst = ratio if worst is None else min(worst, ratio)
        if n == 'fw':
            fwratio = ratio
        rows.append((n, r.get('inflate.%s.bytes' % n, '?'), r.get('inflate.%s.deflated' % n, '?'),
                     '%.1f' % ob if ob else 'n/a', '%.1f' % zl if zl else 'n/a',
                     '%.2f' % ratio if ratio else 'n/a',
                     '%.1f' % irob if irob else 'n/a', '%.1f' % irz if irz else 'n/a',
                     '%.2f' % (irz / irob) if irob and irz else 'n/a'))
    rep.table(('input', 'bytes', 'deflated', 'ours MB/s', 'zlib MB/s', 'speed vs zlib', 'ours instr/B',
               'zlib instr/B', 'zlib/ours instr'), rows)
    rep.w('Speed ratio > 1: ours is faster. Random data is stored blocks, i.e. memcpy on both sides, and '
          'is left out of the worst case. The demo firmware images of the STM32 boards are about 8 KiB, '
          'so their figures include more set-up per byte.', '')
    rep.goal('inflate speed, 1 MiB firmware corpus', '>= 1.0x zlib',
             '%.2fx' % fwratio if fwratio else 'n/a', None if fwratio is None else fwratio >= 1.0)
    rep.goal('inflate speed, worst compressible input', '>= 1.0x zlib',
             '%.2fx' % worst if worst else 'n/a', None if worst is None else worst >= 1.0)
    irob, irz = num(r.get('inflate.fw.ob_ir_per_byte')), num(r.get('inflate.fw.zlib_ir_per_byte'))
    rep.goal('inflate instructions per byte, firmware corpus', '(zlib: %s)' % (irz or 'n/a'),
             '%s (%.2fx zlib)' % (irob, irob / irz) if irob and irz else 'n/a', None)


def real_board(b):
    """One of the STM32 boards on a desk, not one QEMU emulates."""
    return not b.startswith(('qemu-', 'mps2'))


def sig_extra(r, boards, what):
    """Signed bl1 minus development bl1 (flash, ram or stack) over the real boards: 'a' or 'a-b'."""
    d = sorted({int(num(r.get('fp.%s.bl1sig.%s' % (b, what))) - num(r.get('fp.%s.bl1.%s' % (b, what))))
                for b in boards if real_board(b) and num(r.get('fp.%s.bl1sig.%s' % (b, what))) is not None
                and num(r.get('fp.%s.bl1.%s' % (b, what))) is not None})
    return '?' if not d else ('%d' % d[0] if len(d) == 1 else '%d-%d' % (d[0], d[-1]))


def footprint(rep):
    r = rep.r
    boards = fw_boards(r)
    rep.w('## 2. Footprint per board', '',
          'Flash = text + data, RAM = data + bss (`arm-none-eabi-size -B` of the linked ELF; the linker maps '
          'are next to them). The stack comes on top of RAM: its deepest use is computed by '
          '`tools/stackdepth` from GCC\'s `-fcallgraph-info=su` of the same link (LTO: one .ci per LTRANS '
          'unit), with every indirect call resolved to the callbacks the port installs (flash read, program, '
          'erase; the flash sink\'s flush and read; the platform log and watchdog kick; the flash driver\'s '
          'clock; mbedTLS\'s memset pointer) and only to those '
          'whose address the ELF takes. Where an exception handler has a '
          'frame, the handler and the hardware exception frame (32 bytes, 104 with lazy FP state) are added.',
          '',
          '**Signed bl1** (with signature checking): the signed build of each board with the two '
          'TEST-ONLY keys (`build/fw/<board>/sigtest/bl1.elf`, mk/board.mk, docs/SIGNING.md), relinked '
          'with `-fcallgraph-info=su` as `build/bench/fw/<board>/sig/bl1.elf` for the stack. It links bl1\'s '
          'objects with port/firmware/ecdsa_p256m.c (the low-S rule, then the call), port/firmware/signed.c, '
          'port/mbedtls/sha256_mbedtls.c and the keyring, and three files of %s (mbedTLS, from Debian\'s source '
          'package; mk/sources.mk): 3rdparty/p256-m/p256-m/p256-m.c, the minimal P-256 of mbedTLS\'s '
          'maintainers, of which only `p256_ecdsa_verify` and what it calls are kept; library/sha256.c and '
          'library/platform_util.c. Configuration: port/firmware/ob_mbedtls_config.h (`MBEDTLS_SHA256_C`, '
          '`MBEDTLS_SHA256_SMALLER`, `MBEDTLS_PSA_P256M_DRIVER_ENABLED`, which p256-m.c needs to compile; '
          'nothing else). No heap, no bignum library, no ASN.1: a verification runs on '
          'fixed-size arrays in its own stack frames, so it shows in the signed stack column: the development '
          'bl1\'s plus %s bytes (LTO inlines the verification into bl1\'s own functions; the deepest paths of '
          'both are below). Signed RAM minus development RAM: %s bytes. Same flags (-Os, LTO, gc-sections) '
          'and linker script as bl1. Signature checking adds %s bytes of flash over the development bl1 (per board). By input '
          'file without LTO (the update-downtime bench\'s signed bl1 for mps2-an386, `bench/mapsize.py` on '
          'its map): p256-m %s bytes, port/firmware/ecdsa_p256m.c %s, the two-key keyring %s; '
          'SHA-256, in every bl1, %s.' % (
              r.get('mbedtls_src', 'mbedtls'), sig_extra(r, boards, 'stack'), sig_extra(r, boards, 'ram'),
              sig_extra(r, boards, 'flash'),
              r.get('sig.map.p256m.flash', '?'), r.get('sig.map.ecdsa.flash', '?'),
              r.get('sig.map.keyring.flash', '?'), r.get('sig.map.sha256.flash', '?')), '')
    rows = []
    worst = {}  # measure -> (figure, board), over the STM32 boards on a desk

    def keep(what, v, b):
        if v is not None and real_board(b) and (what not in worst or v > worst[what][0]):
            worst[what] = (int(v), b)
    for b in boards:
        def f(img, what):
            return r.get('fp.%s.%s.%s' % (b, img, what), 'n/a')
        st, sst = f('bl1', 'stack'), f('bl1sig', 'stack')
        ram, sram = num(f('bl1', 'ram')), num(f('bl1sig', 'ram'))
        tot = ram + num(st) if ram is not None and num(st) is not None else None
        stot = sram + num(sst) if sram is not None and num(sst) is not None else None
        rows.append((b, f('bl1', 'flash'), f('bl1', 'ram'), st, int(tot) if tot else 'n/a',
                     f('bl1sig', 'flash'), f('bl1sig', 'ram'), sst, int(stot) if stot else 'n/a',
                     f('rescue', 'flash'), f('demo', 'flash'), f('demo', 'ram')))
        for what, v in (('bl1', num(f('bl1', 'flash'))), ('bl1sig', num(f('bl1sig', 'flash'))), ('ram', ram),
                        ('ramtotal', tot), ('sigramtotal', stot)):
            keep(what, v, b)
    rep.table(('board', 'bl1 flash', 'bl1 RAM', 'bl1 stack', 'bl1 RAM+stack', 'signed bl1 flash',
               'signed RAM', 'signed stack', 'signed RAM+stack', 'rescue flash', 'demo flash', 'demo RAM'), rows)
    rep.w('The STM32 demo and rescue link lwIP, the Ethernet driver and the update agent; the agent\'s '
          'share (agent + lwIP + Ethernet driver + glue) is the demo against the same demo built without '
          'the network (`demo-nonet.elf`): %s bytes of flash on the STM32 boards. The netduinoplus2 QEMU '
          'target has no Ethernet model, so its demo has no network and it has no rescue. The mps2 boards '
          '(QEMU) build all three; their stack was not analysed (the tool needs a '
          '`-fcallgraph-info` build, which only the STM32-family link in mk/bench.mk makes).' %
          ', '.join('%s %s' % (b, r.get('fp.%s.agent.flash' % b, 'n/a')) for b in boards if 'netduino' not in b and not b.startswith('mps2')), '')
    path = r.get('fp.nucleo-f429zi.bl1.stack_path', '').replace('>', ' → ')
    spath = r.get('fp.nucleo-f429zi.bl1sig.stack_path', '').replace('>', ' → ')
    unres = sum(int(num(v) or 0) for k, v in r.items() if k.endswith('stack_unresolved'))
    rec = sum(int(num(v) or 0) for k, v in r.items() if k.endswith('stack_recursion'))
    same = {r.get('fp.%s.stack_same_binary' % b) for b in boards if not b.startswith('mps2')}
    rep.w('Deepest bl1 stack path (nucleo-f429zi): %s.' % (path or 'n/a'), '',
          'Signed: %s.' % (spath or 'n/a'), '',
          'Indirect call sites left unresolved: %d (each would be bounded by every address-taken '
          'function); recursion found: %d. The analysed link is byte-identical to build/fw/<board>/bl1.bin: '
          '%s. The linker scripts reserve %s bytes for the stack (`__stack_reserve`), less than the '
          'deepest path: the stack starts at the top of RAM and RAM is far larger, so nothing overlaps, but '
          'the reserve understates the need.' % (unres, rec, '/'.join(sorted(x for x in same if x)) or 'n/a',
                                                   r.get('stack_reserve', '?')), '')
    m4, sink = num(r.get('inflate.m4_text')), num(r.get('inflate.m4_sink_text'))
    mp = num(r.get('inflate.bl1map.inflate.flash'))
    rep.w('**Inflate code**: core/inflate.c for Cortex-M4, -Os: %s bytes of text (core/sink.c, the RAM '
          'sinks: %s more; `make bench-inflate`); what a linked bl1 keeps of core/inflate.o is %s bytes, '
          'of core/flash_sink.o %s (the map of the update-downtime bench\'s development bl1 for mps2-an386, '
          '-Os without LTO: the board builds\' LTO merges objects). State: %s bytes of RAM (`ob_inflate`, '
          'inside bl1\'s static work area); its deepest stack %s bytes.' % (
              r.get('inflate.m4_text', '?'), r.get('inflate.m4_sink_text', '?'), r.get(
                  'inflate.bl1map.inflate.flash', '?'), r.get('inflate.bl1map.flash_sink.flash', '?'),
              r.get('inflate.m4_state_bytes', '?'), r.get('inflate.m4_stack', '?')), '')

    def goal(what, measure, limit, limit_text):
        v = worst.get(measure)
        rep.goal(what, limit_text, '%d (%s)' % v if v else 'n/a', v[0] <= limit if v else None)
    goal('bl1 flash, with signature (worst of the 4 STM32 boards)', 'bl1sig', 16 * KIB, '<= 16 KiB (16384)')
    goal('bl1 flash, no signature (worst of the 4 STM32 boards)', 'bl1', 12 * KIB, '<= 12 KiB (12288)')
    goal('bl1 flash, no signature (worst of the 4 STM32 boards)', 'bl1', 8 * KIB, '<= 8 KiB (8192)')
    rep.goal('inflate code (Cortex-M4 -Os, inflate.o text)', '<= 2 KiB (2048)',
             '%d (in a linked bl1: %s)' % (m4, int(mp) if mp else 'n/a') if m4 else 'n/a',
             None if m4 is None else m4 <= 2048)
    goal('bl1 RAM, static (data + bss), no signature', 'ram', 4 * KIB, '<= 4 KiB (4096)')
    goal('bl1 RAM + deepest stack, no signature', 'ramtotal', 4 * KIB, '<= 4 KiB (4096)')
    goal('bl1 RAM + deepest stack, with signature', 'sigramtotal', 4 * KIB, '<= 4 KiB (4096)')


def sigtime(rep):
    r = rep.r
    good = num(r.get('sig.insn_good'))
    rep.w('**Signature verification time** (`tests/qemu/net/signed_time.sh`, `make sig-time`): one `ob_sig_check` '
          '(SHA-256 of the record\'s 116 signed bytes, then the ECDSA P-256 verification) in '
          '`build/qemu/an386/sigtime.elf` (tests/qemu/net/signed_time.c: the signed QEMU build, -Os, LTO) on QEMU '
          'mps2-an386 with `-icount shift=0`, counted by SysTick (40 instructions per tick, the method checked on a '
          '2,000,000-instruction loop; the test %s). Instructions, not cycles.' % (
              'passed' if r.get('sig.time_ok') == 'yes' else 'FAILED: see build/bench/logs/signed_time.txt'), '')
    rep.table(('case', 'instructions'),
              [('good signature', r.get('sig.insn_good', 'n/a')),
               ('tampered record (the whole computation, the last comparison fails)',
                r.get('sig.insn_tampered', 'n/a')),
               ('s = 2^256 - 1, out of range (refused before the point arithmetic)', r.get('sig.insn_high_s', 'n/a')),
               ('good signature with mbedTLS 2.28.3 (reference, at commit d7e510f)', SIG_INSN_MBEDTLS_2_28)])
    rep.goal('signature verification, QEMU an386 (mbedTLS 2.28 at d7e510f: %.1f M)' % (SIG_INSN_MBEDTLS_2_28 / 1e6),
             'report', '%.2f M instructions (%.2fx)' % (good / 1e6, good / SIG_INSN_MBEDTLS_2_28) if good else 'n/a',
             None)


def install(rep):
    r = rep.r
    rep.w('## 3. Install cost on the simulated flash', '',
          'bench/install_cost.c: for each board\'s layout, an application filling 75% of its area '
          '(Thumb-like content) is packed, received into the simulated flash (the board\'s sector map, '
          'program width and datasheet timings) and installed: by bl1 from the update slot (slot), or by '
          'rescue\'s direct install (direct). Time is the simulated flash\'s model (typical erase per '
          'sector, program time per word). The minimum: erase only the sectors the image covers, program '
          'each byte once. Full table: build/bench/logs/install_cost.txt.', '')
    rows, worst = [], None
    for k in sorted(r):
        if k.startswith('install.') and k.endswith('.ratio'):
            bp = k[len('install.'):-len('.ratio')]
            b, _, p = bp.rpartition('.')
            ratio = num(r[k])
            worst = ratio if worst is None else max(worst, ratio)
            rows.append((b, p, r.get('install.%s.erases' % bp, '?'), '%.4f' % ratio))
    rep.table(('board', 'profile', 'erases (ours/minimum)', 'time vs minimum'), rows)
    rep.goal('install cost vs physical minimum (worst layout)', '<= 1.02x', '%.4fx' % worst if worst else 'n/a',
             None if worst is None else worst <= 1.02)


def usable(rep):
    r = rep.r
    rep.w('## 4. Usable application flash', '',
          'From the layouts (`build/host/layoutgen --table`, docs/LAYOUTS.md): the application area as a '
          'share of the chip\'s flash, against the original design\'s 50% (A/B halves, no rescue), and against '
          'what MCUboot\'s swap-move would give on the same flash: everything after bl1, the journal and rescue '
          'split into a primary and a secondary slot with one sector for the swap, primary <= (area - one '
          'sector) / 2, rounded down to whole sectors. Update slots: their sizes, and the compressed size, as a '
          'share of the application area, that an image must reach to fit one (the ratio the layout assumes).', '')
    rows, rb = [], []
    order = {'direct': 0, 'slot': 1, 'rollback': 2}
    keys = [k[len('flash.'):-len('.share')] for k in r if k.startswith('flash.') and k.endswith('.share')]
    for bp in sorted(keys, key=lambda bp: (bp.rpartition('.')[0], order.get(bp.rpartition('.')[2], 9))):
        b, _, p = bp.rpartition('.')
        share = num(r['flash.%s.share' % bp])
        g = lambda f: r.get('flash.%s.%s' % (bp, f), 'n/a')  # noqa: E731
        rows.append((b, p, g('chip'), g('app'), '%.2f%%' % share, '%+.2f pt' % (share - 50), g('swap_move'),
                     g('vs_swap_move'), g('slots'), g('slot_ratio')))
        if p == 'rollback':
            rb.append((b, num(g('vs_swap_move').replace('KiB', '').replace(' ', '').replace('+', ''))))
    rep.table(('board', 'profile', 'flash', 'application', 'share', 'vs. 50%', 'MCUboot swap-move',
               'application vs. swap-move', 'update slots', 'image compressed to at most'), rows)
    fw = [num(r.get('inflate.%s.deflated' % n)) / num(r.get('inflate.%s.bytes' % n))
          for n in r.get('inflate.inputs', '').split()
          if n.startswith('demo-') and n != 'demo-mps2-an386-big' and num(r.get('inflate.%s.bytes' % n))]
    fwc = num(r.get('inflate.fw.deflated')), num(r.get('inflate.fw.bytes'))
    rbrun = {k: num(v) for k, v in kv(r.get('downtime.run.rollback-signed.fw%d' % (
        int(num(r.get('downtime.rollback_size', 0)) or 0) // KIB))).items()}
    measured = []
    if fwc[0] and fwc[1]:
        measured.append('the 1 MiB firmware corpus of section 1 deflates to %.0f%%' % (100 * fwc[0] / fwc[1]))
    if fw:
        measured.append('the boards\' demo firmware to %.0f-%.0f%%' % (100 * min(fw), 100 * max(fw)))
    if rbrun.get('raw'):
        measured.append('the %d KiB image of the rollback measurement (section 6) to %.0f%% (its gzip payload, '
                        'as `otaboot pack` makes it)' % (rbrun['raw'] // KIB, 100 * rbrun['payload'] / rbrun['raw']))
    rep.w('**The rollback profile** keeps the slot holding the last confirmed image\'s compressed copy to go back '
          'to and writes the next update into the other, so it needs two slots where the slot profile has one; '
          'both are sized for the compressed image, which is what lets the application area keep up with '
          'swap-move\'s primary slot. The ratio each layout assumes is in the last column (`slot_ratio_pct` in '
          'the layout; `layoutgen` checks that each slot holds that share of the application area). Measured: '
          '%s. An image whose compressed form does not fit a slot is refused by `otaboot pack -p rollback`, '
          'before anything is sent, with the reason; for 320 KiB of mostly incompressible bytes on mps2-an386 '
          '(this run): `%s`' % ('; '.join(measured) or 'n/a', r.get('flash.too_big', 'not tried')), '')

    def share(b, p):
        return num(r.get('flash.%s.%s.share' % (b, p)))
    e407d, e407s, f429s = share('olimex-e407', 'direct'), share('olimex-e407', 'slot'), share('nucleo-f429zi', 'slot')
    rep.goal('usable flash, 1 MB F4 (olimex-e407), direct', '>= 85%', '%.2f%%' % e407d if e407d else 'n/a',
             None if e407d is None else e407d >= 85)
    rep.goal('usable flash, 1 MB F4 (olimex-e407), slot, with rescue', '>= 50%', '%.2f%%' % e407s if e407s else 'n/a',
             None if e407s is None else e407s >= 50)
    rep.goal('usable flash, 2 MB F429ZI, slot', '>= 55%', '%.2f%%' % f429s if f429s else 'n/a',
             None if f429s is None else f429s >= 55)
    known = [(b, v) for b, v in rb if v is not None]
    worst = min(known, key=lambda bv: bv[1]) if known else None
    rep.goal('usable flash, rollback vs MCUboot swap-move (worst board)', '>= swap-move',
             '%+d KiB (%s)' % (worst[1], worst[0]) if worst else 'n/a',
             None if worst is None or len(known) < len(rb) else worst[1] >= 0)


def transfer(rep):
    r = rep.r
    rep.w('## 5. Transfer', '')
    mbps, raw = r.get('transfer.mbps', 'not measured'), r.get('transfer.raw_mbps', 'n/a')
    rep.w('**Virtual board on loopback** (`make bench-transfer`, mk/bench.mk): an optimised build of '
          '`otaboot`, a %s-byte packed image (%s raw) sent %s times to `otaboot sim --board nucleo-f429zi` '
          'on 127.0.0.1; the board times each transfer from its first byte to the sealed slot (receive, '
          'dry-run inflate, hashes, simulated flash writes to its file): **%s MB/s** of packed bytes '
          '(%s MB/s of raw image; 1 MB = 10^6 bytes).' % (
              r.get('transfer.bytes', '?'), r.get('transfer.raw_bytes', '?'), r.get('transfer.runs', '?'),
              mbps, raw), '')
    rep.w('**QEMU end to end** (`make bench-qemu`, tests/qemu/net/bench.sh): a %s-byte update (demo-big, '
          'about 300 KiB packed) sent with `otaboot send` to bl1 + demo on mps2-an386 (slot profile, QEMU '
          'user networking): transfer, store in the slot and seal %s s; reset, verify, install, boot and '
          'confirm %s s; **end to end %s s**. The emulated flash models the F4 datasheet\'s typical erase '
          'times, not programming time; QEMU\'s CPU speed is not the board\'s.' % (
              r.get('qemu.image_bytes', '?'), r.get('qemu.transfer_s', '?'), r.get('qemu.install_s', '?'),
              r.get('qemu.end_to_end_s', 'not measured')), '')
    rep.goal('virtual board receive throughput (loopback)', 'report', '%s MB/s' % mbps, None)
    rep.goal('300 KiB update end to end in QEMU', 'report', '%s s' % r.get('qemu.end_to_end_s', 'n/a'), None)


def kv(v):
    """'a:1 b:x' -> {'a': '1', 'b': 'x'}"""
    return dict(f.split(':', 1) for f in (v or '').split() if ':' in f)


def downtime(rep):
    r = rep.r
    rep.w('## 6. Update downtime on the STM32 boards', '',
          'What a user waits for after `Valid update file received`: the board resets, bl1 verifies the '
          'sealed slot (signature, SHA-256 of the payload from flash), erases and programs the application '
          'area while inflating, hashes the result back from flash, records it in the journal and jumps. '
          'Not counted: the update agent\'s wait for the sender\'s last ACK before it resets (a network round '
          'trip) and the reset and clock start-up, nor the new application\'s own start.', '',
          '**CPU work, measured.** `build/bench/downtime/*/bl1.elf` (bench/downtime_bl1.c) is bl1 for QEMU '
          'mps2-an386 (Cortex-M4, slot layout, -Os like every firmware, but without the STM32 builds\' LTO) running `ob_boot_run` with the STM32 '
          'flash driver (port/stm32/stm32_flash.c) over the emulated flash, so the driver\'s own work (pre-check, '
          'word loop, read-back compare, blank check) counts as on the boards; the emulated controller is '
          'always ready. Run with `-icount shift=0` (1 ns of QEMU\'s virtual clock per instruction, read '
          'through the 25 MHz CMSDK timer: 40 instructions per tick, the method checked on a loop of known '
          'length), each instruction is charged to the phase running: the core\'s phase functions and the '
          'flash and console callbacks are wrapped at link time (--wrap). The flash model (the erase\'s '
          'memset) and QEMU\'s UART are left out. The update is sealed into the emulated flash by the core\'s '
          'receiver on the host (`build/bench/downtime/downtime_host seal`) and installed on one boot. Images: '
          '`fw64`/`fw320` are the demo application followed by firmware code (the inflate benchmark\'s `fw` '
          'corpus) up to 64 and 320 KiB, `big` the ~300 KiB demo image (random filler: stored blocks); `dev` '
          'is bl1 without keys, `signed` with the TEST-ONLY keys (an ECDSA P-256 verification by p256-m, '
          'section 2). `fw%d` and the `rollback-*` runs: see "Rollback downtime" below.' % (
              int(num(r.get('downtime.rollback_size', 0)) or 0) // KIB), '')
    runs = [k[len('downtime.run.'):] for k in r if k.startswith('downtime.run.')]
    rows = []
    for n in runs:
        d = {k: num(v) for k, v in kv(r['downtime.run.' + n]).items()}
        m = lambda *ks: '%.2f' % (sum(d.get('insn.' + k, 0) for k in ks) / 1e6)  # noqa: E731
        cpu = sum(d.get('insn.' + k, 0) for k in ('other', 'sig', 'hash_slot', 'inflate', 'hash_app', 'journal',
                                                   'program', 'erase'))
        rows.append((n, int(d['raw']), int(d['payload']), m('sig'), m('hash_slot'), m('inflate'), m('hash_app'),
                     m('program'), m('erase'), m('journal', 'other'), '%.2f' % (cpu / 1e6),
                     '%.1f' % (cpu / d['raw']), int(d['console_chars'])))
    rep.table(('run', 'raw bytes', 'payload', 'signature', 'slot hash', 'inflate', 'read-back hash',
               'program (driver)', 'erase (driver)', 'journal + other', 'CPU total', 'per raw byte',
               'console chars'), rows)
    d = {k: num(v) for k, v in kv(r.get('downtime.run.signed.fw320')).items()}
    rep.w('Millions of instructions, except the last three columns. `dev-sha-unrolled` is `dev` with '
          'mbedTLS\'s SHA-256 built without `MBEDTLS_SHA256_SMALLER` (its code: %s bytes of text instead of %s).'
          % tuple(reversed(r.get('downtime.sha256_text', '?:?').split(':'))) +
          (' The counting itself is in the figures: %.0f instructions per wrapped call; the %d program and %d '
           'erase calls of `signed.fw320` make %.2f%% of its CPU total, the 20 or so other wrapped calls less.' % (
               d['probe_1000_pairs'] / 1000, d['programs'], d['erases'],
               100 * d['probe_1000_pairs'] / 1000 * (d['programs'] + d['erases']) /
               sum(d['insn.' + k] for k in ('other', 'sig', 'hash_slot', 'inflate', 'hash_app', 'journal',
                                             'program', 'erase'))) if d.get('probe_1000_pairs') else ''), '')
    rep.w('**Per board.** Instructions become time at each board\'s SYSCLK (from `BOARD_CLOCK` in '
          'boards/*/board.h) with a CPI of 1.5: bl1 runs from flash with the wait states that clock needs '
          '(30 MHz per wait state at 2.7-3.6 V: RM0033, RM0090, RM0385) behind the ART accelerator\'s '
          'instruction cache and prefetch (F2/F4: 64 lines of 128 bits, enough for the hashing and inflate '
          'loops) or the Cortex-M7\'s 4 KiB L1 instruction cache (F7), so the loops run at the core\'s own '
          'rate: one cycle per ALU instruction, two per load, two to four per taken branch (Cortex-M3/M4 '
          'Technical Reference Manuals, "Instruction timings"), about 1.5 on average. The Cortex-M7 issues '
          'two instructions per cycle at best, so 1.5 is conservative there. Pessimistic: CPI = 1 + wait '
          'states, every instruction waiting the full flash latency as if the caches and prefetch were off '
          '(an upper bound: it is the flash\'s own access rate, about 30 M per second on every board). The F2 is a Cortex-M3: the instruction count is the M4 build\'s. Flash time: '
          'typical sector erase and word program times at x32 (boards/chips/geometry.c `erase_ms`, '
          '`prog_word_us`: 16 KiB 250 ms, 64 KiB 550 ms, 128 KiB 1 s, F7 32 KiB 250 ms, 128 and 256 KiB 1 s, '
          '16 us per word), and the maxima (16/32 KiB 500 ms, 64 KiB 1.1 s, 128/256 KiB 2 s, 100 us per word) '
          'from the datasheets\' "Flash memory programming" tables (DS6697, DS8626, DS9405, DS10916; '
          'docs/HARDWARE.md), for the sectors the image covers in each board\'s slot layout and the words '
          'bl1 programs (image and journal records). The driver\'s instructions are added to erase and '
          'program (erase: per erased byte, so the F7\'s larger sectors count theirs). Other: bl1\'s '
          'bookkeeping, the journal and the console lines at 115200 baud (10 bits per character). Minimum: '
          'erase the covered sectors and program each byte once, at typical times.', '')
    boards = sorted(k[len('downtime.board.'):] for k in r if k.startswith('downtime.board.'))
    worst = None
    for run, what in (('signed.fw320', '320 KiB of firmware code, signed bl1'),
                      ('signed.big', 'the ~300 KiB demo image (random filler), signed bl1'),
                      ('dev.fw320', '320 KiB of firmware code, development bl1 (no signature)')):
        rows = []
        for b in boards:
            p = {k: num(v) for k, v in kv(r.get('downtime.%s.%s' % (run, b))).items()}
            if not p:
                continue
            bd = kv(r.get('downtime.board.' + b))
            pess = r.get('downtime.%s.%s.pessimistic' % (run, b), '?:?').split(':')
            if run.startswith('signed'):
                worst = p['ratio'] if worst is None else max(worst, p['ratio'])
            rows.append((b, '%d MHz, %s WS' % (int(bd['hz']) // 1000000, bd['ws']),
                         *('%.3f' % p[k] for k in ('erase', 'program', 'inflate', 'hashing', 'signature', 'other',
                                                    'total', 'minimum')),
                         '%.3fx' % p['ratio'], '%.3fx (%.2f s)' % (num(pess[1]), num(pess[0])),
                         '%.2f s' % num(r.get('downtime.%s.%s.max' % (run, b)))))
        if rows:
            rep.w('%s%s (seconds):' % (what[0].upper(), what[1:]), '')
            rep.table(('board', 'clock', 'erase', 'program', 'inflate', 'hashing', 'signature', 'other',
                       'total', 'minimum', 'vs minimum', 'at pessimistic CPI', 'with maximum flash times'), rows)
    rb_goal = rollback(rep, boards)
    rep.w('![Update downtime against image size](downtime.png)', '',
          'The plot (docs/downtime.png): signed bl1, typical flash times, CPI 1.5, from 32 KiB to each board\'s '
          'application area in its slot layout. The CPU part is scaled linearly from the two firmware-code '
          'measurements (`signed.fw64`, `signed.fw320`: per-byte cost and fixed part of each phase, the '
          'erase driver per erased byte); the flash part is the sectors each size covers. %s' % (
              '' if r.get('downtime.plot', '').endswith('.png') else 'Not drawn in this run: %s.'
              % r.get('downtime.plot', 'no measurement')), '')
    steps = [(b, kv(r.get('downtime.steps.' + b))) for b in boards]
    if any(s for _, s in steps):
        rep.w('**Where the CPU share goes, and what each step buys** (320 KiB of firmware code, signed bl1, '
              'CPI 1.5; each column includes the ones before it except the last):', '')
        rep.table(('board', 'now', 'SHA-256 unrolled (measured)', '+ inflate and output hash while programming',
                   '+ verify while erasing the first sector', 'console at 921600 baud only'),
                  [(b, *('%.3fx' % num(s.get(k)) if s.get(k) else 'n/a' for k in
                         ('now', 'sha_unrolled', 'overlap_program', 'overlap_erase', 'console_921600')))
                   for b, s in steps])
        d = {k: num(v) for k, v in kv(r.get('downtime.run.dev.fw320')).items()}
        u = {k: num(v) for k, v in kv(r.get('downtime.run.dev-sha-unrolled.fw320')).items()}
        txt = [num(x) for x in r.get('downtime.sha256_text', '0:0').split(':')]
        if d and u:
            rep.w('- **Hashing** is the largest CPU item: two SHA-256 passes over the data (the payload in the '
                  'slot before anything is erased, the application read back after programming) at %.1f '
                  'instructions per byte. mbedTLS without `MBEDTLS_SHA256_SMALLER` needs %.1f (measured above), '
                  'for %d bytes more code in bl1. Neither pass can go: the first is what makes verify-before-erase '
                  'safe, the second is the only check of the inflated bytes against the signed `raw_sha256` '
                  '(hashing the output in RAM as it is written costs the same instructions, it only moves them).'
                  % (d['insn.hash_app'] / d['raw'], u['insn.hash_app'] / u['raw'], txt[1] - txt[0]),
                  '- **Running the install loop from RAM while the flash is busy** (a non-blocking program and '
                  'the inflate and hash loops in RAM, since a single-bank flash stalls instruction fetches during '
                  'a program): programming %d KiB keeps the flash busy %.2f s at 16 us per word, longer than '
                  'inflate and the output\'s hash together, so both could disappear behind it. The column is that '
                  'bound, computed from the measured counts, not an implementation.'
                  % (d['raw'] // 1024, d['prog_bytes'] / 4 * 16e-6),
                  '- **Verifying while the first application sector erases** hides the signature and the slot '
                  'hash behind the first erase; it breaks the rule that nothing is erased before the update is '
                  'verified (a bad slot would then cost the old application, leaving rescue), so it is shown as '
                  'a bound only.',
                  '- **Smaller items**: the STM32 flash driver spends %.0f instructions per programmed word (three '
                  'passes: pre-check; program, with a BSY wait and an error check per word; compare) and %.0f per '
                  'erased word (blank check); the console lines (%d characters) take %.0f ms at 115200 baud.'
                  % (d['insn.program'] / (d['prog_bytes'] / 4), d['insn.erase'] / (d['erase_bytes'] / 4),
                     d['console_chars'], d['console_chars'] * 10 / 115.2), '')
    ratios = [num(v) for k, v in ((k, kv(r[k]).get('ratio')) for k in r
                                   if k.startswith(('downtime.signed.fw320.', 'downtime.signed.big.'))
                                   and k.count('.') == 3 and not k.endswith(('.max', '.pessimistic'))) if v]
    if ratios:
        met = max(ratios) <= 1.10
        names = (('sha_unrolled', 'the unrolled SHA-256'), ('overlap_program', 'inflate and the output hash '
                 'moved under the program time'), ('overlap_erase', 'the verification moved under the first erase'))
        first = next((what for k, what in names
                      if all(num(s.get(k)) is not None and num(s.get(k)) <= 1.10 for _, s in steps)), None)
        rep.w('**Goal: total <= 1.10x the flash-only minimum for a ~300 KiB signed update: %s** (%.3fx to %.3fx '
              'over the boards and the two images, CPI 1.5).%s' % (
                  'met' if met else 'missed', min(ratios), max(ratios),
                  '' if met else (' Of the steps above, every board gets there only with %s (cumulative).' % first
                                  if first else ' None of the steps above gets every board there.')), '')
    rep.goal('update downtime vs flash-only minimum, ~300 KiB signed (worst board)', '<= 1.10x',
             '%.3fx' % worst if worst else 'n/a', None if worst is None else worst <= 1.10)
    rep.goal(*rb_goal)


def rollback(rep, boards):
    """The rollback's downtime per board, beside the update of the same image;
    returns its goal line."""
    r = rep.r
    n = int(num(r.get('downtime.rollback_size', 0)) or 0)
    tag = 'fw%d' % (n // KIB)
    runs = {v: {k: num(x) for k, x in kv(r.get('downtime.run.%s.%s' % (v, tag))).items()}
            for v in ('signed', 'dev', 'rollback-signed', 'rollback-dev')}
    rep.w('**Rollback downtime.** What a board is down for when an update never confirms itself: bl1 starts '
          'after the last trial boot of the image on trial (v6.0.0, its 3 trial boots used, the watchdog or the '
          'application reset it), finds it did not confirm itself, records ROLLBACK in the journal (the '
          'application\'s description becomes the kept image\'s), verifies the kept slot of the previous '
          'confirmed image (v5.0.0: its metadata and signature, then the SHA-256 of its payload from flash) '
          'before anything is erased, installs it as every install (erase as needed, inflate, program), hashes '
          'it back from flash, records INSTALL_DONE (confirmed again: no trial) and jumps. Measured as the '
          'update: the same counting bl1 linked with mps2-an386\'s rollback layout '
          '(`build/bench/downtime/rollback-dev/bl1.elf`, `rollback-signed/bl1.elf`), one boot under QEMU '
          '`-icount shift=0`. The state before that boot is made on the same flash file by the core on the host '
          '(`build/bench/downtime/downtime_host rollback`): v5.0.0 received into a slot, installed and confirmed; '
          'v6.0.0 received into the other slot, installed and started on trial three times by `ob_boot_run`. '
          'Both images are %d KiB: the demo application followed by firmware code, packed with `-p rollback`; '
          'the size is the smallest rollback application area of the four boards (nucleo-f746zg\'s), so every '
          'board holds it. Beside it: the update of the same %d KiB (`signed.%s`, `dev.%s`: slot profile; the '
          'application area starts at the same address in both profiles on every board, so the same sectors '
          'are erased). Per board as above (CPI 1.5, typical flash times, the sectors of each board\'s '
          'rollback layout).' % (n // KIB, n // KIB, tag, tag), '')
    worst, diffs, flash_share = None, [], []
    for v, what in (('signed', 'signed bl1'), ('dev', 'development bl1 (no signature)')):
        rows = []
        for b in boards:
            p = {k: num(x) for k, x in kv(r.get('downtime.rollback-%s.%s.%s' % (v, tag, b))).items()}
            u = {k: num(x) for k, x in kv(r.get('downtime.%s.%s.%s' % (v, tag, b))).items()}
            if not p:
                continue
            bd = kv(r.get('downtime.board.' + b))
            pess = r.get('downtime.rollback-%s.%s.%s.pessimistic' % (v, tag, b), '?:?').split(':')
            if v == 'signed':
                worst = (p['total'], b, u.get('total')) if worst is None or p['total'] > worst[0] else worst
                if u:
                    diffs.append((p['total'] - u['total'], p['console'] - u['console'], p['total'] / u['total']))
            if v == 'signed':
                flash_share.append((p['erase'] + p['program']) / p['total'])
            rows.append((b, '%d MHz, %s WS' % (int(bd['hz']) // 1000000, bd['ws']),
                         *('%.3f' % p[k] for k in ('erase', 'program', 'inflate', 'hashing', 'signature', 'other',
                                                    'total')),
                         '%.3f' % u['total'] if u else 'n/a',
                         '%+.1f ms' % (1e3 * (p['total'] - u['total'])) if u else 'n/a',
                         '%.3fx' % p['ratio'], '%.2f s' % num(pess[0]),
                         '%.2f s' % num(r.get('downtime.rollback-%s.%s.%s.max' % (v, tag, b)))))
        if rows:
            rep.w('Rollback to %d KiB of firmware code, %s (seconds):' % (n // KIB, what), '')
            rep.table(('board', 'clock', 'erase', 'program', 'inflate', 'hashing', 'signature', 'other',
                       'rollback total', 'update total (same image)', 'rollback - update', 'vs minimum',
                       'at pessimistic CPI', 'with maximum flash times'), rows)
    if diffs:
        def rng(xs):
            lo, hi = '%+.1f' % (1e3 * min(xs)), '%+.1f' % (1e3 * max(xs))
            return '%s ms' % lo if lo == hi else '%s to %s ms' % (lo, hi)
        rep.w('A rollback takes as long as an update of the same image but for %s (%.2f%% at most, '
              'signed bl1, the four boards): the console\'s longer lines %s, the rest (the journal\'s records, '
              'bl1\'s bookkeeping) %s. It is an install like any other: the flash time (erase and program) is '
              '%.0f-%.0f%% of it.' % (
                  rng([d[0] for d in diffs]), 100 * (max(d[2] for d in diffs) - 1), rng([d[1] for d in diffs]),
                  rng([d[0] - d[1] for d in diffs]), 100 * min(flash_share), 100 * max(flash_share)), '')
    rs, us = runs['rollback-signed'], runs['signed']
    if rs and us:
        m = lambda d, *ks: sum(d.get('insn.' + k, 0) for k in ks) / 1e6  # noqa: E731
        rep.w('What differs from an update of the same image, from the counts (`rollback-signed.%s` against '
              '`signed.%s`, millions of instructions):' % (tag, tag), '',
              '- **The verification of the kept slot** is the one an update gets before anything is erased: the '
              'signature %.2f (update %.2f) and the payload hash %.2f (update %.2f). The kept slot has been in '
              'flash since its own update, and a slot is never trusted without this check, so a rollback pays it '
              'in full; a slot that fails it sends the board to rescue with nothing erased.'
              % (m(rs, 'sig'), m(us, 'sig'), m(rs, 'hash_slot'), m(us, 'hash_slot')),
              '- **The journal**: ROLLBACK then INSTALL_DONE (the image is confirmed again, no trial boot to '
              'count) where an update writes INSTALL_START, INSTALL_DONE and its first TRIAL_BOOT: %.3f '
              '(update %.3f), %d bytes programmed outside the image (update %d), and reading the '
              'longer journal (the two installs and trial boots before) at open.'
              % (m(rs, 'journal'), m(us, 'journal'), rs['prog_bytes'] - rs['raw'], us['prog_bytes'] - us['raw']),
              '- **The image given up is not hashed**: bl1 decides on the trial count alone; the install, the '
              'read-back hash and the start are an update\'s: inflate %.2f (update %.2f), read-back hash %.2f '
              '(update %.2f), other %.2f (update %.2f).'
              % (m(rs, 'inflate'), m(us, 'inflate'), m(rs, 'hash_app'), m(us, 'hash_app'), m(rs, 'other'),
                 m(us, 'other')),
              '- **The console**: %d characters (update %d): the state line names the kept image and bl1 says '
              '`did not confirm itself in 3 boots`, `rolling back from v6.0.0 to v5.0.0` and '
              '`rolled back from v6.0.0 to v5.0.0`, %+.0f ms at 115200 baud.'
              % (rs['console_chars'], us['console_chars'], (rs['console_chars'] - us['console_chars']) * 10 / 115.2),
              '')
    return ('rollback downtime, %d KiB signed (worst board)' % (n // KIB), 'report',
            '%.2f s (%s; its update: %.2f s)' % (worst[0], worst[1], worst[2]) if worst and worst[2] else 'n/a',
            None)


def main():
    r = load(sys.argv[1])
    rep = Report(r)
    body = Report(r)
    for section in (inflate, footprint, sigtime, install, usable, transfer, downtime):
        section(rep)
    width = max(len(g[0]) for g in rep.goals)
    gw = max(len(g[1]) for g in rep.goals)
    fw = max(len(g[2]) for g in rep.goals)
    print('%-*s  %-*s  %-*s  %s' % (width, 'measure', gw, 'goal', fw, 'figure', 'verdict'))
    for g in rep.goals:
        print('%-*s  %-*s  %-*s  %s' % (width, g[0], gw, g[1], fw, g[2], g[3]))
    head = ['# Benchmarks', '',
            'Generated by `make bench` (mk/bench.mk, scripts/bench.sh); do not edit by hand. Every figure '
            'below was measured in the run that wrote this file.', '',
            '- Date: %s' % r.get('date'), '- Commit: %s' % r.get('git'),
            '- Machine: %s, %s cores' % (r.get('cpu'), r.get('cores')),
            '- Compilers: %s; %s' % (r.get('gcc'), r.get('arm_gcc')),
            '- zlib (Debian zlib1g) %s; %s; %s; mbedTLS source %s' % (r.get('zlib'), r.get('valgrind'),
                                                                     r.get('qemu'), r.get('mbedtls_src')),
            '', '## Goals', '']
    body.table(('measure', 'goal', 'figure', 'verdict'), rep.goals)
    cmds = ['## Commands', '', '```',
            'make bench                       # all of this: builds, measures, writes docs/BENCHMARKS.md',
            'make bench-inflate               # inflate speed on the three corpora, Cortex-M4 size/stack',
            'build/bench/inflate_bench NAME=FILE...          # speed on any input',
            'valgrind --tool=callgrind --toggle-collect=ir_ob build/bench/inflate_ir ob IN.deflate IN',
            'build/bench/install_cost         # install cost per layout',
            'build/host/layoutgen --table     # usable flash per board and profile',
            'make size size-qemu              # flash/RAM of the firmware',
            'tools/stackdepth --elf ELF FILE.ci...   # deepest stack (see scripts/bl1-stack.sh for the options)',
            'make sig-time                    # instructions per signature verification (QEMU an386)',
            'make bench-transfer              # virtual board throughput on loopback',
            'make bench-qemu                  # 300 KiB update end to end in QEMU',
            '/usr/bin/python3 bench/downtime.py measure docs/downtime.png   # update and rollback downtime (after make bench-build)',
            '```', '',
            'Raw results of this run: build/bench/results.txt; logs: build/bench/logs/.', '']
    with open(sys.argv[2], 'w') as f:
        f.write('\n'.join(head + body.md + rep.md + cmds))


if __name__ == '__main__':
    main()
