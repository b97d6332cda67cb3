#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs libFuzzer targets: usage tests/fuzz/run.sh SECONDS build/fuzz/fuzz_<t>...
# For each target: replays its committed corpus (tests/fuzz/corpus/<t>), then
# fuzzes for SECONDS with new inputs kept under build/fuzz/work/<t> (the
# committed corpus is only read). Prints the figures libFuzzer reports and a
# cmocka-style line per target; a crash leaves its input under
# build/fuzz/artifacts/ and fails the run. Logs go to $FUZZ_LOG_DIR
# (default build/fuzz/logs): give long runs their own.
set -uo pipefail
secs=$1; shift
logs=${FUZZ_LOG_DIR:-build/fuzz/logs}
mkdir -p build/fuzz/work build/fuzz/artifacts "$logs"
passed=0 failed=0
for bin in "$@"; do
  t=$(basename "$bin"); t=${t#fuzz_}
  corpus=tests/fuzz/corpus/$t
  work=build/fuzz/work/$t
  mkdir -p "$work"
  log=$logs/$t.log
  # the replay runs every committed input whole; new inputs keep within the
  # target's own limit if its .options file names one (fuzz_signed, fuzz_inflate)
  max_len=$(sed -n 's/^max_len *= *//p' "tests/fuzz/fuzz_$t.options" 2>/dev/null)
  opts=(-timeout=20 -rss_limit_mb=2560 -print_final_stats=1
        "-artifact_prefix=build/fuzz/artifacts/$t-")
  ok=1
  if [ -d "$corpus" ]; then
    if ! "$bin" "${opts[@]}" -max_len=65536 -runs=0 "$corpus" >"$log" 2>&1; then
      echo "fuzz $t: corpus replay failed"; tail -30 "$log"; ok=0
    else
      echo "fuzz $t: corpus replay ok ($(ls "$corpus" | wc -l) inputs)"
    fi
  fi
  if [ "$ok" = 1 ] && [ "$secs" -gt 0 ]; then
    if ! "$bin" "${opts[@]}" "-max_len=${max_len:-65536}" -max_total_time="$secs" "$work" ${corpus:+$( [ -d "$corpus" ] && echo "$corpus")} >"$log" 2>&1; then
      echo "fuzz $t: FAILED"; grep -aE 'ERROR|SUMMARY|Test unit written|abort|unexpected' "$log" | head -20; ok=0
    fi
    execs=$(grep -a '^stat::number_of_executed_units:' "$log" | tail -1 | awk '{print $2}')
    rate=$(grep -a '^stat::average_exec_per_sec:' "$log" | tail -1 | awk '{print $2}')
    cov=$(grep -aEo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1)
    echo "fuzz $t: ${secs}s, ${execs:-?} executions, ${rate:-?} exec/s, ${cov:-cov: ?}"
  fi
  if [ "$ok" = 1 ]; then
    passed=$((passed + 1)); echo "[  PASSED  ] 1 test(s)."
  else
    failed=$((failed + 1)); echo "[  FAILED  ] 1 test(s), listed below:"
  fi
done
[ "$failed" -eq 0 ]
