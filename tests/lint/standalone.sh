#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The repository stands on its own: no tracked file cites a path outside the
# tree or a document the tree does not hold, and no file carries process
# words (who does what in which ticket) instead of facts.
#   tests/lint/standalone.sh            the self-test, then this repository
#                                       (make check)
#   tests/lint/standalone.sh DIR        checks the files under DIR only
#   tests/lint/standalone.sh --self-test  plants each kind of fault in a
#                                       scratch tree and expects it caught
# Rules, each a finding "file:line: what":
#   1. a relative path "../name..." must name something in the tree, either
#      from the citing file's directory or, once its leading "../" are
#      removed, from the top (build-relative paths such as a test's
#      "../../../tests/vectors");
#   2. a document named like "NAME.md" (capitals) must be a file of the tree
#      (OUT.md is the report argument in bench usage lines, not a citation);
#   3. process words: "issue <number>", "signing issue", "the lead",
#      "until then", "a later issue";
#   4. a fuzz regression input named "regress-<name>" must be a file of the
#      tree (tests/fuzz/corpus/<target>/): a merge must not lose one that a
#      document or a harness cites.
# Prints cmocka-style summary lines for scripts/run-tests.sh.
set -uo pipefail

PROCESS_RE='\bissues? #?[0-9]|signing issue|\bthe lead\b|until then|\b(a )?later issue'
DOC_RE='\b[A-Z][A-Z0-9_-]*\.md\b'
REL_RE='(\.\./)+[A-Za-z_][A-Za-z0-9_./-]*'
REG_RE='\bregress-[a-z0-9]+(-[a-z0-9]+)*'
SELF=tests/lint/standalone.sh

# check ROOT: prints the findings, returns 1 if there are any.
check() {
  local root=$1 files f n=0 line path rest dir full here
  cd "$root" || return 2
  here=$(pwd -P)
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files)
  else
    files=$(find . -type f -not -path './build/*' -not -path './.git/*' | sed 's|^\./||' | sort)
  fi
  local names
  names=$(printf '%s\n' "$files" | sed 's|.*/||' | sort -u)
  while IFS= read -r f; do
    [ -f "$f" ] || continue
    [ "$f" = "$SELF" ] && continue
    grep -Iq . "$f" 2>/dev/null || continue # binary (test vectors, corpora)
    # 1. relative paths
    while IFS=: read -r line path; do
      [ -z "$path" ] && continue
      path=${path%.}
      dir=$(dirname "$f")
      rest=$(echo "$path" | sed 's|^\(\.\./\)*||')
      full=$(realpath -m "$dir/$path")
      case "$full/" in "$here/"*) [ -e "$full" ] && continue ;; esac
      [ -e "$rest" ] && continue
      echo "$f:$line: cites $path, which is not in the repository"; n=$((n + 1))
    done < <(grep -noE "$REL_RE" "$f" 2>/dev/null)
    # 2. documents by name
    while IFS=: read -r line path; do
      [ -z "$path" ] && continue
      [ "$path" = OUT.md ] && continue
      grep -qxF "$path" <<<"$names" && continue
      echo "$f:$line: cites $path, which is not a file of the repository"; n=$((n + 1))
    done < <(grep -noE "$DOC_RE" "$f" 2>/dev/null)
    # 3. process words
    while IFS= read -r line; do
      [ -z "$line" ] && continue
      echo "$f:${line%%:*}: process words: ${line#*:}"; n=$((n + 1))
    done < <(grep -niE "$PROCESS_RE" "$f" 2>/dev/null)
    # 4. regression inputs by name
    while IFS=: read -r line path; do
      [ -z "$path" ] && continue
      grep -qxF "$path" <<<"$names" && continue
      echo "$f:$line: names the regression input $path, which is not a file of the repository"; n=$((n + 1))
    done < <(grep -noE "$REG_RE" "$f" 2>/dev/null)
  done <<<"$files"
  echo "standalone: $n finding(s)"
  [ "$n" -eq 0 ]
}

# One test: a scratch tree (no git) with one planted fault must fail, the
# same tree without it must pass.
self_test() {
  local t failed=0 kind up=.. nodoc=NOWHERE reg=regress
  for kind in outside-path design-doc issue-number the-lead lost-input clean; do
    t=$(mktemp -d)
    mkdir -p "$t/docs" "$t/core"
    echo "# Notes" >"$t/docs/NOTES.md"
    echo "/* see docs/NOTES.md and ../core/a.h */" >"$t/core/a.h"
    # the planted names are made up and put together here, so that this
    # file itself names nothing outside the tree
    case $kind in
      outside-path) echo "read $up/elsewhere/OUTSIDE-X.txt first" >>"$t/docs/NOTES.md" ;;
      design-doc) echo "/* $nodoc.md \"section 3\" */" >>"$t/core/a.h" ;;
      issue-number) echo "/* goals of Issue 8 */" >>"$t/core/a.h" ;;
      the-lead) echo "# the lead provides it" >>"$t/docs/NOTES.md" ;;
      lost-input) echo "regression input $reg-nowhere-at-all" >>"$t/docs/NOTES.md" ;;
    esac
    if (check "$t" >"$t.log" 2>&1); then got=pass; else got=fail; fi
    want=$([ $kind = clean ] && echo pass || echo fail)
    if [ "$got" != "$want" ]; then
      echo "standalone self-test: $kind: expected $want, got $got:"; cat "$t.log"; failed=1
    fi
    rm -rf "$t" "$t.log"
  done
  if [ $failed -eq 0 ]; then
    echo "standalone self-test: each planted fault caught, the clean tree passes"
    echo "[  PASSED  ] 1 test(s)."
  else
    echo "[  FAILED  ] 1 test(s), listed below:"
  fi
  return $failed
}

top=$(cd "$(dirname "$0")/../.." && pwd)
status=0
case "${1:-}" in
  --self-test) self_test; exit $? ;;
  "") root=$top; self_test || status=1 ;;
  *) root=$1 ;;
esac
if (check "$root"); then
  echo "[  PASSED  ] 1 test(s)."
else
  echo "standalone: cite only files of the repository (docs/ARCHITECTURE.md, docs/HARDWARE.md, ...) and state facts, not who does what"
  echo "[  FAILED  ] 1 test(s), listed below:"
  status=1
fi
exit $status
