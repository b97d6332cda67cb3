#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Static analysis: cppcheck and clang-tidy (Debian) on core/ and, when
# present, tools/otaboot/. Usage: tests/lint/run.sh [dir...]
# A finding fails the run unless the line before it carries an inline
# suppression with its reason (cppcheck-suppress / NOLINT), or it is listed in
# tests/lint/baseline.txt (each entry with its reason). The check sets:
# .clang-tidy and CPPCHECK_ARGS below; docs/ROBUSTNESS.md explains them.
# Prints a cmocka-style line per tool so scripts/run-tests.sh counts it.
set -uo pipefail
cd "$(dirname "$0")/../.."
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  dirs=(core)
  [ -d tools/otaboot ] && dirs+=(tools/otaboot)
fi
incs=(-Icore -Iboards -Iport/host -Itools/otaboot)
defs=(-D_POSIX_C_SOURCE=200809L)
baseline=tests/lint/baseline.txt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# cppcheck: every category but pure style noise (variableScope is readability)
CPPCHECK_ARGS=(--enable=warning,style,performance,portability --std=c99 --inline-suppr --quiet
               --suppress=missingIncludeSystem --suppress=variableScope
               --template='{file}:{line}: {severity}: {message} [{id}]')
cppcheck "${CPPCHECK_ARGS[@]}" "${defs[@]}" "${incs[@]}" -j2 "${dirs[@]}" >"$out/cppcheck" 2>&1
# clang-tidy: the checks in .clang-tidy; two files at a time
files=$(for d in "${dirs[@]}"; do ls "$d"/*.c; done)
export TIDY_FLAGS="-std=c99 ${defs[*]} ${incs[*]}"
# shellcheck disable=SC2016,SC2086
printf '%s\n' $files | xargs -P2 -n4 bash -c 'clang-tidy --quiet "$@" -- $TIDY_FLAGS' _ >"$out/tidy" 2>/dev/null
grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$out/tidy" | sed "s|^$PWD/||" | sort -u >"$out/tidy.f"
grep -E '^[^ ]+:[0-9]+: ' "$out/cppcheck" | sort -u >"$out/cppcheck.f"

status=0
for tool in cppcheck tidy; do
  n=0 new=0
  while IFS= read -r f; do
    [ -z "$f" ] && continue
    n=$((n + 1))
    id=$(echo "$f" | grep -Eo '\[[^]]+\]$' | sed 's/,-warnings-as-errors//')
    key="$(echo "$f" | cut -d: -f1) $id"
    if [ -f "$baseline" ] && grep -qxF "$key" "$baseline"; then
      echo "lint ($tool, baseline): $f"
    else
      echo "lint ($tool): $f"; new=$((new + 1))
    fi
  done <"$out/$tool.f"
  name=$([ "$tool" = tidy ] && echo clang-tidy || echo cppcheck)
  echo "lint: $name on ${dirs[*]}: $n finding(s), $new not in the baseline"
  if [ "$new" -eq 0 ]; then
    echo "[  PASSED  ] 1 test(s)."
  else
    echo "[  FAILED  ] 1 test(s), listed below:"; status=1
  fi
done
exit $status
