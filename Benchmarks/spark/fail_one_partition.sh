#!/usr/bin/env bash
# fail_one_partition.sh STEP LINKFIT ARGS...: LINKFIT ARGS..., except that step STEP fails (exit 3,
# after reading all its input) on the one partition whose input holds the row of the source file's
# line 2 (a row "ID<tab>2<tab>…" for 'entities'). check_spark.py stands it in for linkfit to check
# that a failing partition fails the Spark job with its message.
set -euo pipefail
step="$1"
linkfit="$2"
shift 2
if [ "${2:-}" != "$step" ]; then exec "$linkfit" "$@"; fi
input="$(mktemp)"
trap 'rm -f "$input"' EXIT
cat > "$input"
if grep -q $'^[^\t]*\t2\t' "$input"; then
    echo "fail_one_partition: $step: injected failure on this partition" >&2
    exit 3
fi
"$linkfit" "$@" < "$input"
