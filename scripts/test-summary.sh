#!/usr/bin/env bash
# Prints one line over all Surefire reports of the build (both JDK runs): "Tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
reports=(*/target/surefire-reports*/TEST-*.xml)   # surefire-reports-ffm: the JDK 25 (java.lang.foreign) run
[ ${#reports[@]} -gt 0 ] || { echo "test-summary: no Surefire reports found" >&2; exit 1; }
awk '
  /<testsuite / {
    for (i = 1; i <= NF; i++) {
      if (match($i, /^tests="[0-9]+"/))    { t += substr($i, 8) + 0 }
      if (match($i, /^failures="[0-9]+"/)) { f += substr($i, 11) + 0 }
      if (match($i, /^errors="[0-9]+"/))   { f += substr($i, 9) + 0 }
      if (match($i, /^skipped="[0-9]+"/))  { s += substr($i, 10) + 0 }
    }
  }
  END { printf "Tests: %d passed, %d failed, %d skipped\n", t - f - s, f, s }
' "${reports[@]}"
