#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Adding a board is adding its folder: a copy of boards/ with a new board
# (boards/nucleo-f207zg renamed tmp-board) goes through scripts/board-lists.sh
# into the layout registry and the STM32 board test's list, and the registry
# built from it finds the new layouts, with no other file edited. Works in a
# temporary directory; the tree is not touched. Prints cmocka-style lines.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PASS=0 FAIL=0

# A copy of the boards and the script, with the new board.
mkdir -p "$T/scripts"
cp -r boards "$T/"
cp scripts/board-lists.sh "$T/scripts/"
cp -r boards/nucleo-f207zg "$T/boards/tmp-board"
sed -i 's/nucleo-f207zg/tmp-board/g; s/nucleo_f207zg/tmp_board/g' "$T"/boards/tmp-board/*

lists() { (cd "$T" && scripts/board-lists.sh gen); }

t_registry_lists_the_new_board() {
  lists || return 1
  local want
  want=$(cd "$ROOT" && scripts/board-lists.sh "$T/real" && grep -v '_rollback)$' "$T/real/all_layouts.inc" | tail -n +2
         echo 'OB_LAYOUT(ob_layout_tmp_board_slot)'; echo 'OB_LAYOUT(ob_layout_tmp_board_direct)'
         grep '_rollback)$' "$T/real/all_layouts.inc"; echo 'OB_LAYOUT(ob_layout_tmp_board_rollback)')
  # tmp-board sorts last: every existing layout keeps its place in its group
  diff <(tail -n +2 "$T/gen/all_layouts.inc") <(echo "$want") >/dev/null ||
    { echo "  all_layouts.inc:"; cat "$T/gen/all_layouts.inc"; return 1; }
}

t_board_test_lists_the_new_board() {
  lists || return 1
  grep -qx '#include "tmp-board/board.h"' "$T/gen/stm32_boards.inc" &&
    grep -qx 'STM32_BOARD_ROW("tmp-board")' "$T/gen/stm32_boards.inc" ||
    { echo "  stm32_boards.inc:"; cat "$T/gen/stm32_boards.inc"; return 1; }
  # a QEMU mps2 board is not an STM32 board
  ! grep -q 'qemu-mps2' "$T/gen/stm32_boards.inc" || { echo "  an mps2 board in stm32_boards.inc"; return 1; }
}

# Its Ethernet pins (BOARD_ETH) come with it into the Ethernet test's list
# (tests/stm32/test_stm32_eth_phy.c), and a board.h without them does not.
t_eth_test_lists_the_new_board_pins() {
  lists || return 1
  local out
  out=$(printf '%s\n' '#define STM32_BOARD_ROW(dir) row dir' '#define STM32_BOARD_ETH(dir) eth dir' \
          '#include "stm32_boards.inc"' |
        gcc -std=c99 -E -P -Icore -Iport/stm32 -Itests/stm32 -I"$T/boards" -I"$T/gen" - 2>&1 |
        grep -E '^ *(row|eth) "') || { echo "  $out"; return 1; }
  grep -qx ' *eth "tmp-board"' <<<"$out" && grep -qx ' *eth "olimex-e407"' <<<"$out" &&
    grep -qx ' *row "qemu-netduinoplus2"' <<<"$out" && ! grep -q 'eth "qemu-netduinoplus2"' <<<"$out" ||
    { echo "  the preprocessed list:"; echo "$out"; return 1; }
}

t_registry_finds_the_new_layouts() {
  lists || return 1
  cat >"$T/main.c" <<'EOF'
#include <stdio.h>
#include "layout.h"
int main(void)
{
    int n = 0;
    while (ob_all_layouts[n] != NULL)
        n++;
    const ob_layout *l = ob_layout_find("tmp-board", OB_PROFILE_ROLLBACK);
    printf("%d %s %s\n", n, l ? l->board : "-", l ? l->mcu : "-");
    return 0;
}
EOF
  local out
  out=$(gcc -std=c99 -Wall -Wextra -Werror -Icore -I"$T/boards" -I"$T/gen" "$T/main.c" \
        "$T"/boards/registry.c "$T"/boards/chips/geometry.c "$T"/boards/*/layout.c -o "$T/find" 2>&1 &&
        "$T/find") || { echo "  $out"; return 1; }
  local n
  n=$(($(grep -c '^OB_LAYOUT' "$T/real/all_layouts.inc") + 3))
  [ "$out" = "$n tmp-board STM32F207ZG" ] || { echo "  registry says: $out (want $n tmp-board STM32F207ZG)"; return 1; }
}

t_unchanged_lists_are_not_rewritten() {
  lists || return 1
  touch -d '2000-01-01' "$T/gen/all_layouts.inc" "$T/gen/stm32_boards.inc"
  lists || return 1
  [ -z "$(find "$T/gen" -name '*.inc' -newermt '2000-01-02')" ] || { echo "  rewritten although unchanged"; return 1; }
}

t_layout_without_tables_is_refused() {
  mkdir -p "$T/boards/broken"
  echo 'static const ob_layout ob_layout_broken_slot = {0};' >"$T/boards/broken/layout.c"
  local out rc
  out=$(lists 2>&1); rc=$?
  rm -rf "$T/boards/broken"
  [ "$rc" -ne 0 ] && grep -q '^boards/broken/layout.c: no layout found; define each as' <<<"$out" ||
    { echo "  rc $rc: $out"; return 1; }
}

TESTS=(t_registry_lists_the_new_board t_board_test_lists_the_new_board t_eth_test_lists_the_new_board_pins
       t_registry_finds_the_new_layouts t_unchanged_lists_are_not_rewritten t_layout_without_tables_is_refused)
echo "[==========] Running ${#TESTS[@]} test(s)."
for t in "${TESTS[@]}"; do
  echo "[ RUN      ] $t"
  if out=$($t 2>&1); then
    echo "[       OK ] $t"; PASS=$((PASS + 1))
  else
    [ -n "$out" ] && echo "$out"
    echo "[  FAILED  ] $t"; FAIL=$((FAIL + 1))
  fi
done
echo "[==========] ${#TESTS[@]} test(s) run."
echo "[  PASSED  ] $PASS test(s)."
[ "$FAIL" -eq 0 ] || { echo "[  FAILED  ] $FAIL test(s)"; exit 1; }
