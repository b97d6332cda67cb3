#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Flash and RAM per group of input files, from a GNU ld map (-Wl,-Map).

  bench/mapsize.py MAP NAME=REGEX...

Reads the "Linker script and memory map" part (sections kept in the output),
adds each input section's size to the first group whose REGEX matches its
file name (else "other"): .text/.rodata/.vectors/.ARM.* count as flash,
.data as flash and RAM (its initial values are stored in flash), .bss and
COMMON as RAM. Prints map.<NAME>.flash=<bytes> and map.<NAME>.ram=<bytes>.
Used by scripts/bench.sh."""
import re
import sys

SEC = re.compile(r'^ (\.[\w.$-]+|COMMON)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+))?\s*$')
CONT = re.compile(r'^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)\s*$')


def main():
    path, groups = sys.argv[1], []
    for g in sys.argv[2:]:
        name, _, rx = g.partition('=')
        groups.append((name, re.compile(rx)))
    totals = {n: [0, 0] for n, _ in groups}
    totals['other'] = [0, 0]
    started, pending = False, None
    for line in open(path, errors='replace'):
        if not started:
            started = line.startswith('Linker script and memory map')
            continue
        m = SEC.match(line)
        if m and m.group(2) is None:
            pending = m.group(1)
            continue
        if m:
            sec, addr, size, obj = m.group(1), int(m.group(2), 16), int(m.group(3), 16), m.group(4)
        else:
            c = CONT.match(line) if pending else None
            pending_sec, pending = pending, None
            if not c:
                continue
            sec, addr, size, obj = pending_sec, int(c.group(1), 16), int(c.group(2), 16), c.group(3)
        pending = None
        if size == 0 or addr == 0 and not sec.startswith(('.text', '.vectors')):
            continue
        flash = sec.startswith(('.text', '.rodata', '.vectors', '.ARM', '.data', '.init', '.fini'))
        ram = sec.startswith(('.data', '.bss', 'COMMON'))
        g = next((n for n, rx in groups if rx.search(obj)), 'other')
        totals[g][0] += size if flash else 0
        totals[g][1] += size if ram else 0
    for n, (f, r) in totals.items():
        print('map.%s.flash=%d\nmap.%s.ram=%d' % (n, f, n, r))


if __name__ == '__main__':
    main()
