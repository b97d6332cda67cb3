#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the update downtime measurement (bench/downtime.py, `make bench`):
# an update sealed into the emulated flash is installed once by the counting
# bl1 (build/bench/downtime/dev/bl1.elf) under QEMU -icount shift=0; passes
# when the calibration loop reads exactly, bl1 installed the update and the
# output parses with its phases adding up. Figures are reported by
# `make bench`, never judged here. Prints cmocka-style result lines.
set -u
cd "$(dirname "$0")/../../.."
exec timeout 90 /usr/bin/python3 bench/downtime.py check
