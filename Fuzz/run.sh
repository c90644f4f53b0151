#!/usr/bin/env bash
# Builds (Fuzz/build.sh) and runs one libFuzzer target for SECONDS on one job, its working corpus
# Fuzz/corpus/TARGET/ seeded from Fuzz/seeds/TARGET/. A crash, trap, leak-free failure of a check,
# or an input that takes more than 10 s is a finding: libFuzzer writes it to Fuzz/findings/TARGET/
# and stops with a non-zero status. The log is Fuzz/findings/TARGET.log.
# Usage: Fuzz/run.sh TARGET SECONDS   (TARGET: csv settings model oldnew ledger)
set -euo pipefail
export SWIFT_BACKTRACE=enable=no   # libFuzzer prints the stack; the Swift backtracer can hang on a fuzzer crash
cd "$(dirname "$0")/.."
target=${1:?usage: Fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: Fuzz/run.sh TARGET SECONDS}
Fuzz/build.sh "$target" 2> >(grep -v 'Cannot export local symbol' >&2)
[[ -d Fuzz/seeds/$target ]] || Fuzz/seed.sh
maxlen=4096; [[ $target == model || $target == settings ]] && maxlen=40000   # the demo model is 36 kB
mkdir -p "Fuzz/corpus/$target" "Fuzz/findings/$target"
cp -n Fuzz/seeds/"$target"/* "Fuzz/corpus/$target/"
# detect_leaks=0: the loaders keep no memory between inputs; leaks are not what these targets look for.
# One in-process job (libFuzzer's -jobs=N would fork workers logging to fuzz-N.log instead).
set +e
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 ".build/fuzz/fuzz-$target" "Fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" -print_final_stats=1 \
    -artifact_prefix="Fuzz/findings/$target/" > "Fuzz/findings/$target.log" 2>&1
status=$?
set -e
grep -E '^(#[0-9]+.*DONE|SUMMARY|.*finding|Fatal error|.*ERROR:)' "Fuzz/findings/$target.log" || true
grep -E "^stat::number_of_executed_units|^Done" "Fuzz/findings/$target.log" || true
exit "$status"
