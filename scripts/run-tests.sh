#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs each test program given, shows its output, and ends with one summary
# line "N passed, N failed" over all cmocka test cases.
set -uo pipefail
passed=0 failed=0 broken=()
for t in "$@"; do
  log=$(mktemp)
  timeout "${TEST_TIMEOUT:-900}" "$t" >"$log" 2>&1
  rc=$?
  cat "$log"
  p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$log" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '^\[  FAILED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); broken+=("$t (exit $rc)"); fi
  rm -f "$log"
done
for b in "${broken[@]+"${broken[@]}"}"; do echo "test program failed: $b"; done
echo
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
