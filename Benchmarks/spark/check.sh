#!/usr/bin/env bash
# The Spark check that .ci/run runs after `swift test` (docs/spark.md):
#   Benchmarks/spark/check.sh [--data DIR]
# Builds linkfit (release, --static-swift-stdlib), makes .venv-spark with PySpark (requirements.txt),
# checks Java 17, generates `linkfit synth --hes-persons 200000 --did-records 50000 --seed 1` (reused
# when present), fits and runs linkfit on one machine, then check_spark.py runs Spark in local mode:
# the link file must equal run's, a linkfit failing on one partition and a malformed DID record must
# each fail the job with the message. Data in .build/spark-check/ by default.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/.build/spark-check"
while [ $# -gt 0 ]; do
    case "$1" in
        --data) data="$2"; shift 2 ;;
        -h|--help) sed -n 2,8p "$0"; exit 0 ;;
        *) echo "check.sh: unknown argument $1" >&2; exit 64 ;;
    esac
done
started=$SECONDS

source "$here/env.sh"
source "$here/../lib.sh"
spark_java
spark_linkfit "$root"
spark_python "$root"
echo "== ready in $((SECONDS - started)) s"

ensure_synth "$data" 200000 50000
echo "== linkfit fit, linkfit run (one machine)"
(cd "$data" && "$linkfit" fit --did did.csv --hes hes.csv --old-new old_new_hesid.csv --model model.json > fit.log \
    && "$linkfit" run --did did.csv --hes hes.csv --old-new old_new_hesid.csv --model model.json --file-version V1 --out run > run.log)
tail -1 "$data/run.log"

echo "== Spark (local mode)"
rm -rf "$data/spark-events"
"$python" "$here/check_spark.py" --linkfit "$linkfit" --data "$data" --partitions 2
echo "== Spark check done in $((SECONDS - started)) s"
