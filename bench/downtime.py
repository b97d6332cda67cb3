#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Update downtime on the STM32 boards: from bl1's start after the reset that
follows "Valid update file received" to bl1's jump into the new application;
and the downtime of a rollback: from bl1's start after the last trial boot
of an image that never confirmed itself to its jump into the previous one.

  bench/downtime.py measure PNG   QEMU runs, per-board model, plot; prints
                                  downtime.* key=value lines (scripts/bench.sh)
  bench/downtime.py check         two QEMU runs (an update, a rollback); checks
                                  the method and that the output parses
                                  (cmocka-style lines, make check)

CPU work: instructions counted by build/bench/downtime/*/bl1.elf
(bench/downtime_bl1.c) on QEMU mps2-an386 with -icount shift=0, by phase.
Flash time: the datasheets (typical: boards/chips/geometry.c; maximum: the
table below). Run from the top of the tree after `make bench-build`."""
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

B = 'build/bench/downtime'
Q = 'build/qemu/an386/slot'
OTABOOT = 'build/host/otaboot'
KEY = 'tests/keys/test-only-a.pem'
CORPUS = 'build/bench/corpus/fw.bin'
BOARDS = ('nucleo-f207zg', 'olimex-e407', 'nucleo-f429zi', 'nucleo-f746zg')
KIB = 1024
BAUD = 115200           # bl1's console (boards/*/board.h BOARD_CONSOLE): 10 bits per character
CPI_NOMINAL = 1.5       # see docs/BENCHMARKS.md "Update downtime": CPI
MHZ_PER_WS = 30         # wait states at 2.7-3.6 V (port/stm32/stm32_family.c mhz_per_ws)
# Maximum times at x32 parallelism (docs/HARDWARE.md "The flash controller",
# from the "Flash memory programming" tables of DS6697, DS8626, DS9405,
# DS10916): erase by sector size in ms, one word in us.
ERASE_MAX_MS = {16 * KIB: 500, 32 * KIB: 500, 64 * KIB: 1100, 128 * KIB: 2000, 256 * KIB: 2000}
PROG_WORD_MAX_US = 100
# Image sizes measured with firmware-like content (the per-byte costs of the
# plot come from the two).
FW_SIZES = (64 * KIB, 320 * KIB)
# A rollback goes from V2 (its trial boots used) back to V1.
V1, V2 = '5.0.0', '6.0.0'
CATS = ('other', 'sig', 'hash_slot', 'inflate', 'hash_app', 'journal', 'console', 'program', 'erase', 'model')


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw).stdout


# ---- QEMU measurement --------------------------------------------------------

def qemu_install(elf, image, work):
    """Seals image into a fresh copy of the demo flash, boots elf once; the dt.* values."""
    flash = os.path.join(work, 'flash.img')
    shutil.copyfile(os.path.join(Q, 'flash-v1.img'), flash)
    run([os.path.join(B, 'downtime_host'), 'seal', 'qemu-mps2-an386', flash, image])
    return qemu_boot(elf, flash)


def qemu_rollback(elf, v1, v2, work):
    """On a fresh copy of the demo flash in the rollback layout: v1 confirmed
    through a slot, v2 installed through the other and its trial boots used
    (by bl1's decisions on the host); then elf boots once and rolls back."""
    flash = os.path.join(work, 'flash.img')
    shutil.copyfile(os.path.join(Q, 'flash-v1.img'), flash)
    run([os.path.join(B, 'downtime_host'), 'rollback', 'qemu-mps2-an386', flash, v1, v2])
    return qemu_boot(elf, flash, expect='bl1: rolled back from v%s to v%s' % (V2, V1))


def qemu_boot(elf, flash, expect=None):
    out = subprocess.run(['qemu-system-arm', '-M', 'mps2-an386', '-nographic', '-monitor', 'none',
                          '-icount', 'shift=0', '-kernel', elf,
                          '-object', 'memory-backend-file,id=fl,size=16M,mem-path=%s,share=on' % flash,
                          '-machine', 'memory-backend=fl', '-semihosting-config', 'enable=on,target=native'],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=30)
    return parse(out.stdout, out.returncode, expect)


def parse(text, rc, expect=None):
    d = {'rc': rc, 'log': text}
    for line in text.splitlines():
        m = re.match(r'^dt\.([a-z0-9_.]+)=(.*)$', line.strip())
        if m:
            d[m.group(1)] = int(m.group(2)) if m.group(2).isdigit() else m.group(2)
        m = re.match(r'^bl1: installing \S+ \((\d+) bytes from (\d+) compressed\)', line.strip())
        if m:
            d['raw'], d['payload'] = int(m.group(1)), int(m.group(2))
    problems = []
    if d.get('calibration_2000000') != 2000000:
        problems.append('the 2000000-instruction calibration loop read %s' % d.get('calibration_2000000'))
    if d.get('result') != 'installed' or rc != 0:
        problems.append('bl1 did not install the image (exit %s)' % rc)
    if expect and expect not in text:
        problems.append('bl1 did not say "%s"' % expect)
    missing = [c for c in CATS if not isinstance(d.get('insn.' + c), int)]
    if missing or 'raw' not in d:
        problems.append('output lacks %s' % ', '.join(missing + ([] if 'raw' in d else ['the install line'])))
    elif sum(d['insn.' + c] for c in CATS) != d.get('insn.total'):
        problems.append('the phases do not add up to the total')
    d['problems'] = problems
    return d


def cpu_insn(d):
    """What bl1 executes on a board: everything but the console's UART and the flash model."""
    return sum(d['insn.' + c] for c in CATS if c not in ('console', 'model'))


def make_image(work, name, raw_bytes, signed, version=V1, profile='slot'):
    """demo-v1 (a real application: vector table, code) followed by firmware
    code from the fw corpus up to raw_bytes (None: demo-v1 alone), packed as
    `otaboot pack` does; a version other than V1 ends in its own bytes."""
    raw = os.path.join(work, name + '.bin')
    with open(os.path.join(Q, 'demo-v1.bin'), 'rb') as f:
        data = f.read()
    if raw_bytes is not None:
        with open(CORPUS, 'rb') as f:
            data += f.read(raw_bytes - len(data))
        data = data[:raw_bytes]
    if version != V1:  # another build: not byte for byte the installed one
        tag = ('otaboot bench v%s' % version).encode().ljust(32, b'\0')
        data = data[:len(data) - len(tag)] + tag if raw_bytes is not None else data + tag
    with open(raw, 'wb') as f:
        f.write(data)
    out = os.path.join(work, name + '.gz')
    run([OTABOOT, 'pack', raw, '-b', 'qemu-mps2-an386', '-v', version, '-p', profile, '-o', out, '-q', '--force']
        + (['--key', KEY] if signed else []))
    return out


# ---- boards --------------------------------------------------------------------

def board_clock(b):
    """SYSCLK from BOARD_CLOCK in boards/B/board.h: HSE / M * N / P."""
    text = open('boards/%s/board.h' % b).read()
    v = {k: int(re.search(r'\.%s\s*=\s*(\d+)' % k, text).group(1)) for k in ('hse_hz', 'pll_m', 'pll_n', 'pll_p')}
    return v['hse_hz'] // v['pll_m'] * v['pll_n'] // v['pll_p']


def boards(profile='slot'):
    out = {}
    for line in run([os.path.join(B, 'downtime_host'), 'sectors', profile]).splitlines():
        f = dict(kv.split('=', 1) for kv in line.split())
        if f['board'] not in BOARDS:
            continue
        hz = board_clock(f['board'])
        out[f['board']] = {
            'mcu': f['mcu'], 'hz': hz, 'ws': (hz - 1) // (MHZ_PER_WS * 1000000), 'app_size': int(f['app_size']),
            'word_us': int(f['prog_word_us']), 'align': int(f['prog_align']),
            'sectors': [tuple(int(x) for x in s.split(':')) for s in f['sectors'].split(',')]}
    return out


def covered(bd, n):
    """Sectors an n-byte image covers from the start of the application area."""
    got, at = [], 0
    for size, ms in bd['sectors']:
        if at >= n:
            break
        got.append((size, ms))
        at += size
    return got


def model(bd, d, n=None, cpi=CPI_NOMINAL, flash='typ'):
    """Seconds per phase on board bd for measurement d (instruction counts
    scaled to n raw bytes when d is a per-byte model, see scaled())."""
    n = d['raw'] if n is None else n
    t = lambda insn: insn * cpi / bd['hz']  # noqa: E731
    secs = covered(bd, n)
    erase_ms = sum(ms if flash == 'typ' else ERASE_MAX_MS[size] for size, ms in secs)
    word_us = bd['word_us'] if flash == 'typ' else PROG_WORD_MAX_US
    erased = sum(size for size, _ in secs)
    words = math.ceil(d['prog_bytes'] / bd['align'])
    p = {
        'erase': erase_ms / 1e3 + t(d['insn.erase'] / d['erase_bytes'] * erased),
        'program': words * word_us / 1e6 + t(d['insn.program']),
        'inflate': t(d['insn.inflate']),
        'hashing': t(d['insn.hash_slot'] + d['insn.hash_app']),
        'signature': t(d['insn.sig']),
        'other': t(d['insn.other'] + d['insn.journal']) + d['console_chars'] * 10 / BAUD,
    }
    p['total'] = sum(p.values())
    p['cpu'] = t(cpu_insn(d) - d['insn.erase'] + d['insn.erase'] / d['erase_bytes'] * erased)
    p['console'] = d['console_chars'] * 10 / BAUD
    p['minimum'] = sum(ms for _, ms in secs) / 1e3 + math.ceil(n / bd['align']) * bd['word_us'] / 1e6
    p['ratio'] = p['total'] / p['minimum']
    return p


def scaled(small, large, n):
    """Counts at n raw bytes, linear through two measurements (per-byte cost
    and fixed part of each phase); erase driver work per erased byte."""
    out = dict(large)
    for k in ['insn.' + c for c in CATS if c != 'erase'] + ['prog_bytes', 'console_chars']:
        slope = (large[k] - small[k]) / (large['raw'] - small['raw'])
        out[k] = max(0.0, small[k] + slope * (n - small['raw']))
    out['raw'] = n
    return out


# ---- commands ------------------------------------------------------------------------

def plot(bds, small, large, png):
    try:
        import matplotlib
    except ImportError:
        return 'not drawn: python3-matplotlib missing (scripts/install-deps.sh bench)'
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 5), dpi=100)
    for i, (b, bd) in enumerate(sorted(bds.items())):
        sizes = list(range(32 * KIB, bd['app_size'] + 1, 4 * KIB))
        tot = [model(bd, scaled(small, large, n), n)['total'] for n in sizes]
        mn = [model(bd, scaled(small, large, n), n)['minimum'] for n in sizes]
        color = 'C%d' % i
        ax.plot([s / KIB for s in sizes], tot, color=color, label='%s (%d MHz)' % (b, bd['hz'] // 1000000))
        ax.plot([s / KIB for s in sizes], mn, color=color, linestyle=':', linewidth=1)
    ax.set_xlabel('image size (KiB, raw application)')
    ax.set_ylabel('downtime (s)')
    ax.set_title('Update downtime, signed bl1, slot layout: typical flash times, CPI %.1f\n'
                 '(dotted: erase + program only, the physical minimum)' % CPI_NOMINAL, fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png)
    return png


def measure(png):
    # The rollback is measured at the largest size that fits every board's
    # rollback layout (the smallest application area), the update beside it.
    rb_bds = boards('rollback')
    rb = min(bd['app_size'] for bd in rb_bds.values())
    work = tempfile.mkdtemp(prefix='otaboot-downtime.')
    try:
        runs = {}
        for v, signed in (('dev', False), ('signed', True)):
            for n in FW_SIZES + (rb,):
                runs['%s.fw%d' % (v, n // KIB)] = (v, make_image(work, '%s-fw%d' % (v, n // KIB), n, signed))
            runs['%s.big' % v] = (v, 'build/qemu/an386/%s/demo-big.gz' % ('slot-signed' if signed else 'slot'))
            runs['rollback-%s.fw%d' % (v, rb // KIB)] = ('rollback-' + v, tuple(
                make_image(work, 'rollback-%s-%s' % (v, ver), rb, signed, ver, 'rollback') for ver in (V1, V2)))
        runs['dev-sha-unrolled.fw320'] = ('dev-sha-unrolled', runs['dev.fw320'][1])
        res = {}
        for name, (v, image) in runs.items():
            elf = os.path.join(B, v, 'bl1.elf')
            d = qemu_rollback(elf, *image, work) if v.startswith('rollback') else qemu_install(elf, image, work)
            res[name] = d
            with open(os.path.join('build/bench/logs', 'downtime-%s.txt' % name), 'w') as f:
                f.write(d['log'])
            for p in d['problems']:
                print('downtime.%s.problem=%s' % (name, p))
    finally:
        shutil.rmtree(work)
    for name, d in res.items():
        if d['problems']:
            continue
        print('downtime.run.%s=%s' % (name, ' '.join('%s:%s' % (k, d[k]) for k in
              ['raw', 'payload', 'prog_bytes', 'erase_bytes', 'console_chars', 'programs', 'erases',
               'probe_1000_pairs'] + ['insn.' + c for c in CATS])))
    bds = boards()
    for b, bd in sorted(bds.items()):
        print('downtime.board.%s=hz:%d ws:%d mcu:%s' % (b, bd['hz'], bd['ws'], bd['mcu']))
    print('downtime.rollback_size=%d' % rb)
    for name in ('signed.fw320', 'signed.big', 'dev.fw320', 'dev.big', 'signed.fw%d' % (rb // KIB),
                 'dev.fw%d' % (rb // KIB), 'rollback-signed.fw%d' % (rb // KIB), 'rollback-dev.fw%d' % (rb // KIB)):
        d = res.get(name)
        if not d or d['problems']:
            continue
        for b, bd in sorted((rb_bds if name.startswith('rollback') else bds).items()):
            if d['raw'] > bd['app_size']:
                continue
            typ, pess, mx = model(bd, d), model(bd, d, cpi=1 + bd['ws']), model(bd, d, flash='max')
            print('downtime.%s.%s=%s' % (name, b, ' '.join('%s:%.4f' % (k, typ[k]) for k in sorted(typ))))
            print('downtime.%s.%s.pessimistic=%.4f:%.4f' % (name, b, pess['total'], pess['ratio']))
            print('downtime.%s.%s.max=%.4f' % (name, b, mx['total']))
    # What each step buys (signed, 320 KiB firmware-like): measured counts
    # with one phase changed, nominal CPI.
    d, u = res.get('signed.fw320'), res.get('dev-sha-unrolled.fw320')
    if d and u and not d['problems'] and not u['problems']:
        fast = dict(d)  # 1. SHA-256 unrolled: the measured hash counts
        for k in ('insn.hash_slot', 'insn.hash_app'):
            fast[k] = u[k]
        prog = dict(fast)  # 2. inflate and the output's hash under the program busy time
        prog['insn.inflate'] = prog['insn.hash_app'] = 0
        erase = dict(prog)  # 3. signature and slot hash under the first erase
        erase['insn.sig'] = erase['insn.hash_slot'] = 0
        for b, bd in sorted(bds.items()):
            now = model(bd, d)
            print('downtime.steps.%s=now:%.4f sha_unrolled:%.4f overlap_program:%.4f overlap_erase:%.4f '
                  'console_921600:%.4f' % (b, now['ratio'], model(bd, fast)['ratio'], model(bd, prog)['ratio'],
                                           model(bd, erase)['ratio'],
                                           (now['total'] - now['console'] * (1 - BAUD / 921600)) / now['minimum']))
        sizes = [run(['arm-none-eabi-size', os.path.join(B, p)]).splitlines()[1].split()[0]
                 for p in ('tp/library/sha256.o', 'tp-unrolled/sha256.o')]
        print('downtime.sha256_text=%s:%s' % tuple(sizes))
    small, large = res.get('signed.fw64'), res.get('signed.fw320')
    if small and large and not small['problems'] and not large['problems']:
        print('downtime.plot=%s' % plot(bds, small, large, png))


def check_run(name, measure):
    """One counted QEMU run as a cmocka-style test; 0 when it passed."""
    print('[ RUN      ] ' + name)
    work = tempfile.mkdtemp(prefix='otaboot-downtime.')
    try:
        d = measure(work)
    except (subprocess.SubprocessError, OSError) as e:
        d = {'problems': ['could not run: %s' % e], 'log': getattr(e, 'output', '') or ''}
    finally:
        shutil.rmtree(work)
    if not d['problems'] and (d['erase_bytes'] == 0 or d['prog_bytes'] < d['raw'] or cpu_insn(d) <= 0):
        d['problems'].append('implausible counts: %s' % {k: d[k] for k in ('erase_bytes', 'prog_bytes', 'raw')})
    for line in d['log'].splitlines():
        print('    ' + line)
    if d['problems']:
        print('    ' + '; '.join(d['problems']))
        print('[  FAILED  ] ' + name)
        return 1
    print('[       OK ] ' + name)
    return 0


def check():
    tests = (
        ('t_downtime_install_counted',
         lambda work: qemu_install(os.path.join(B, 'dev', 'bl1.elf'), os.path.join(Q, 'demo-big.gz'), work)),
        ('t_downtime_rollback_counted',
         lambda work: qemu_rollback(os.path.join(B, 'rollback-dev', 'bl1.elf'),
                                    *(make_image(work, v, None, False, v, 'rollback') for v in (V1, V2)), work)),
    )
    print('[==========] Running %d test(s) (update and rollback downtime measurement, QEMU -icount).' % len(tests))
    failed = [name for name, measure in tests if check_run(name, measure)]
    print('[  PASSED  ] %d test(s).' % (len(tests) - len(failed)))
    if failed:
        print('[  FAILED  ] %d test(s), listed below:' % len(failed))
        for name in failed:
            print('[  FAILED  ] ' + name)
        return 1
    return 0


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    if len(sys.argv) == 3 and sys.argv[1] == 'measure':
        os.makedirs('build/bench/logs', exist_ok=True)
        measure(sys.argv[2])
        return 0
    if len(sys.argv) == 2 and sys.argv[1] == 'check':
        return check()
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main())
