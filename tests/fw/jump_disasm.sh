#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The hand-over to the application, checked in the built firmware: for every
# board, bl1's cm_jump_tail (port/stm32/stm32_sys.c) must
#   - touch no memory but the System Control Space (every load and store based
#     on ip = 0xE000E000: no stack, no literal pool), call nothing, push nothing;
#   - on the F7, clean and invalidate the D-cache by set/way (DCCISW) while it
#     is still enabled, and only then clear CCR.DC and CCR.IC, then ICIALLU;
#   - then MPU_CTRL, VTOR, MSP, cpsie i, bx.
# A check of the checker runs first: sequences with a push, a stack access or
# the clean after the disable must be refused.
# Prints cmocka-style "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)".
set -uo pipefail
cd "$(dirname "$0")/../.."
FW=${FW:-build/fw}
OBJDUMP=${OBJDUMP:-arm-none-eabi-objdump}
BOARDS=${BOARDS:-nucleo-f207zg olimex-e407 nucleo-f429zi nucleo-f746zg}
. tests/fw/report.sh

# SCS offsets (ARMv7-M ARM B3.2.2, PM0253 4.3/4.8), as objdump prints them.
declare -A REG=([0xd84]=CSSELR [0xd80]=CCSIDR [0xf74]=DCCISW [0xd14]=CCR [0xf50]=ICIALLU
                [0xd94]=MPU_CTRL [0xd08]=VTOR)

# Reads `objdump -d` text of one function on stdin; prints the access
# sequence ("w:CCR r:CCSIDR ... msr cpsie bx") or "ERROR: why" and fails.
sequence() {
    local line op rest seq=() off
    while IFS= read -r line; do
        [[ $line =~ ^\ +[0-9a-f]+:[[:space:]]+([0-9a-f]{4}\ ?)+[[:space:]]+([a-z.]+)[[:space:]]*(.*)$ ]] || continue
        op=${BASH_REMATCH[2]}; rest=${BASH_REMATCH[3]}
        case $op in
        push* | pop* | stm* | ldm* | bl | blx | svc) echo "ERROR: $op $rest"; return 1 ;;
        esac
        if [[ $rest =~ (^|[^a-z])sp([^a-z]|$) ]]; then echo "ERROR: stack access: $op $rest"; return 1; fi
        if [[ $op =~ ^(ldr|str) ]]; then
            [[ $rest =~ \[ip,\ \#[0-9]+\][[:space:]]+@\ (0x[0-9a-f]+) ]] ||
                { echo "ERROR: memory access outside the SCS: $op $rest"; return 1; }
            off=${BASH_REMATCH[1]}
            [ -n "${REG[$off]:-}" ] || { echo "ERROR: unexpected SCS offset $off"; return 1; }
            [ "${op:0:1}" = l ] && seq+=("r:${REG[$off]}") || seq+=("w:${REG[$off]}")
        fi
        case $op in
        msr) [[ $rest == MSP* ]] && seq+=(msr) ;;
        cpsie) seq+=(cpsie) ;;
        bx) seq+=(bx) ;;
        esac
    done
    echo "${seq[*]}"
}

# The order the tail must follow; the first check runs the F7 path.
WANT="w:CSSELR r:CCSIDR w:DCCISW r:CCR w:CCR w:ICIALLU w:MPU_CTRL w:VTOR msr cpsie bx"

check_text() { # NAME TEXT
    local got
    if ! got=$(sequence <<<"$2"); then bad "$1" "$got"; return; fi
    if [ "$got" != "$WANT" ]; then bad "$1" "sequence: $got (want $WANT)"; return; fi
    ok "$1"
}

# The checker refuses what it must refuse (mutations of a good listing).
good=$'   0:\tf8cc 4d84 \tstr.w\tr4, [ip, #3460]\t@ 0xd84
   4:\tf8dc 4d80 \tldr.w\tr4, [ip, #3456]\t@ 0xd80
   8:\tf8cc 7f74 \tstr.w\tr7, [ip, #3956]\t@ 0xf74
   c:\tf8dc 4d14 \tldr.w\tr4, [ip, #3348]\t@ 0xd14
  10:\tf8cc 4d14 \tstr.w\tr4, [ip, #3348]\t@ 0xd14
  14:\tf8cc 4f50 \tstr.w\tr4, [ip, #3920]\t@ 0xf50
  18:\tf8cc 4d94 \tstr.w\tr4, [ip, #3476]\t@ 0xd94
  1c:\tf8cc 1d08 \tstr.w\tr1, [ip, #3336]\t@ 0xd08
  20:\tf382 8808 \tmsr\tMSP, r2
  24:\tb662      \tcpsie\ti
  26:\t4718      \tbx\tr3'
echo "[ RUN      ] jump_checker_accepts_good"
check_text jump_checker_accepts_good "$good"
for m in push stack late_clean literal; do
    case $m in
    push) text=$(sed '3a\  09:\tb510      \tpush\t{r4, lr}' <<<"$good") ;;
    stack) text=$(sed '3a\  09:\t9b01      \tldr\tr3, [sp, #4]' <<<"$good") ;;
    late_clean) text=$(sed -e '3d' -e '5a\  11:\tf8cc 7f74 \tstr.w\tr7, [ip, #3956]\t@ 0xf74' <<<"$good") ;;
    literal) text=$(sed '3a\  09:\t4b02      \tldr\tr3, [pc, #8]\t@ (30 <x>)' <<<"$good") ;;
    esac
    name=jump_checker_refuses_$m
    echo "[ RUN      ] $name"
    if got=$(sequence <<<"$text") && [ "$got" = "$WANT" ]; then bad "$name" "accepted: $got"; else ok "$name"; fi
done

for b in $BOARDS; do
    name=jump_tail_$b
    echo "[ RUN      ] $name"
    elf=$FW/$b/bl1.elf
    if [ ! -f "$elf" ]; then bad "$name" "$elf missing (make firmware)"; continue; fi
    text=$("$OBJDUMP" -d --disassemble=cm_jump_tail "$elf" 2>&1 | sed -n '/<cm_jump_tail>:/,$p')
    if [ -z "$text" ]; then bad "$name" "no cm_jump_tail in $elf"; continue; fi
    # The caller; on the F7 it passes l1 = 1 in r0 (a constant after LTO).
    call=$("$OBJDUMP" -d "$elf" | grep -B6 -E $'\tbl?\t[0-9a-f]+ <cm_jump_tail>')
    if [ -z "$call" ]; then bad "$name" "bl1 never branches to cm_jump_tail"; continue; fi
    if [ "$b" = nucleo-f746zg ] && ! grep -qE $'\tmovs?\tr0, #1$' <<<"$call"; then
        bad "$name" "r0 is not set to 1 before the branch: $call"; continue
    fi
    check_text "$name" "$text"
done

report_summary
