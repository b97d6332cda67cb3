#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Deep fuzzing: usage tests/fuzz/deep.sh build/fuzz/fuzz_<t>...
# For each target, one at a time at the lowest priority (nice 19):
#  1. replays tests/fuzz/known/<t>/ (inputs that broke a property whose fix
#     has not landed), if there are any, and says how many still fail;
#  2. fuzzes FUZZ_RUNS executions (default 10^7), or FUZZ_SECONDS seconds when
#     that is set, from tests/fuzz/corpus/<t> plus build/fuzz/deep/<t>, in
#     FUZZ_JOBS processes side by side (default: one per core, nproc), each
#     with its share of the executions. They share build/fuzz/deep/<t>: each
#     writes the inputs it keeps there and picks up the others' (libFuzzer
#     reloads its first corpus directory every second);
#  3. merges and minimises everything kept into tests/fuzz/corpus/<t>
#     (libFuzzer -merge=1), which `make check` replays; the regression
#     inputs there (regress-*) are kept as they are;
#  4. prints executions (all processes), exec/s of the machine (executions
#     per second of wall-clock time), executions per CPU-second (what one
#     process does on a core of its own), and the coverage (cov) and features
#     (ft) of the minimised corpus. Logs: build/fuzz/deep-logs/<t>.<job>.log.
# A crash leaves its input under
# build/fuzz/artifacts/ and the run goes on with the next target; the exit
# status says whether anything failed, known inputs included.
# OB_FUZZ_FAST_SIG=1 in the environment gives `signed` a fuzz-only stand-in
# for P-256 (tests/fuzz/fuzz_signed.c): some 13 times the executions.
set -uo pipefail
runs=${FUZZ_RUNS:-10000000}
secs=${FUZZ_SECONDS:-}
logs=build/fuzz/deep-logs
mkdir -p "$logs" build/fuzz/artifacts
status=0
for bin in "$@"; do
  t=$(basename "$bin"); t=${t#fuzz_}
  corpus=tests/fuzz/corpus/$t work=build/fuzz/deep/$t known=tests/fuzz/known/$t
  mkdir -p "$corpus" "$work"
  if [ -d "$known" ]; then
    n=0 bad=0
    for f in "$known"/*; do
      n=$((n + 1))
      "$bin" "$f" >"$logs/$t-known.log" 2>&1 || bad=$((bad + 1))
    done
    echo "fuzz-deep $t: known inputs: $bad of $n still fail ($known)"
    [ "$bad" -eq 0 ] || status=1
  fi
  jobs=${FUZZ_JOBS:-$(nproc)}
  if [ -n "$secs" ]; then limit=(-max_total_time="$secs"); else limit=(-runs=$(((runs + jobs - 1) / jobs))); fi
  # a target's own input limit, if its .options file names one
  max_len=$(sed -n 's/^max_len *= *//p' "tests/fuzz/fuzz_$t.options" 2>/dev/null)
  rm -f "$logs/$t".*.log "$logs/$t".*.cpu
  start=$(date +%s.%N)
  pids=()
  for ((job = 1; job <= jobs; job++)); do
    /usr/bin/time -f '%U %S' -o "$logs/$t.$job.cpu" nice -n 19 "$bin" -timeout=20 -rss_limit_mb=2560 \
      "-max_len=${max_len:-65536}" -print_final_stats=1 "-artifact_prefix=build/fuzz/artifacts/$t-" "${limit[@]}" \
      "$work" "$corpus" >"$logs/$t.$job.log" 2>&1 &
    pids+=($!)
  done
  for ((job = 1; job <= jobs; job++)); do
    wait "${pids[job - 1]}" || { echo "fuzz-deep $t: FAILED (see $logs/$t.$job.log)"; status=1; }
  done
  end=$(date +%s.%N)
  # executions and CPU seconds (user + system) summed over the processes;
  # per CPU-second is what the target does on a core of its own, whatever
  # else the machine ran meanwhile
  execs=$(cat "$logs/$t".*.log | grep -a '^stat::number_of_executed_units:' | awk '{n += $2} END {print n + 0}')
  rates=$(cat "$logs/$t".*.cpu 2>/dev/null | awk -v n="$execs" -v w="$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" \
    -v j="$jobs" 'NF == 2 {c += $1 + $2} END {
      printf "%.0f exec/s of the machine (%d process%s, %.0f s)", n / (w > 0 ? w : 1), j, j == 1 ? "" : "es", w
      if (c > 0) printf ", %.0f per CPU-second (%.0f s)", n / c, c }')
  merged=build/fuzz/deep/$t.merged
  rm -rf "$merged"; mkdir -p "$merged"
  if nice -n 19 "$bin" -merge=1 -max_len=65536 -timeout=20 "$merged" "$corpus" "$work" >"$logs/$t-merge.log" 2>&1; then
    # regression inputs (regress-*) stay under their names, whatever the merge kept
    find "$corpus" -type f ! -name 'regress-*' -delete
    cp "$merged"/* "$corpus"/ 2>/dev/null
  else
    echo "fuzz-deep $t: merge failed (see $logs/$t-merge.log)"; status=1
  fi
  cov=$("$bin" -runs=0 -max_len=65536 "$corpus" 2>&1 | grep -aEo 'cov: [0-9]+ ft: [0-9]+' | tail -1)
  echo "fuzz-deep $t: $execs executions, $rates; minimised corpus: $(ls "$corpus" | wc -l) inputs, ${cov:-cov: ?}"
done
exit $status
