# SPDX-License-Identifier: Apache-2.0
# cmocka-style results for the shell tests in tests/fw/ (sourced):
#   ok NAME            one test passed
#   bad NAME WHY       one test failed, with the reason
#   report_summary     the totals; exits 1 if anything failed
passed=0 failed=0 failed_names=()

ok() { echo "[       OK ] $1"; passed=$((passed + 1)); }
bad() { echo "    $2"; echo "[  FAILED  ] $1"; failed=$((failed + 1)); failed_names+=("$1"); }

report_summary() {
    echo "[==========] $((passed + failed)) test(s) run."
    echo "[  PASSED  ] $passed test(s)."
    if [ "$failed" -gt 0 ]; then
        echo "[  FAILED  ] $failed test(s), listed below:"
        for n in "${failed_names[@]}"; do echo "[  FAILED  ] $n"; done
        exit 1
    fi
}
