#!/usr/bin/env bash
# linkfit in Spark (local mode) against `linkfit run` on one machine, on the same synthetic data:
#   Benchmarks/spark/run.sh [--hes N] [--did M] [--partitions P] [--master M] [--data DIR]
# Defaults: --hes 2000000 --did 500000 --partitions 8 --master local[2], data in
# Benchmarks/spark/data-N-M/ (gitignored). Builds linkfit (release, --static-swift-stdlib), makes
# .venv-spark, generates `linkfit synth --seed 1` data (reused when present), runs fit, run and the
# Spark job (linkfit_spark.py) under /usr/bin/time -v, checks that the link files are identical and
# prints wall time, CPU time, peak memory and the Spark job's shuffle bytes. Logs in DIR/logs/.
set -euo pipefail

hes=2000000
did=500000
partitions=8
master="local[2]"
data=""
while [ $# -gt 0 ]; do
    case "$1" in
        --hes) hes="$2"; shift 2 ;;
        --did) did="$2"; shift 2 ;;
        --partitions) partitions="$2"; shift 2 ;;
        --master) master="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        -h|--help) sed -n 2,9p "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 64 ;;
    esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${data:-$here/data-$hes-$did}"
logs="$data/logs"
mkdir -p "$data" "$logs"

source "$here/env.sh"
source "$here/../lib.sh"
spark_java
spark_linkfit "$root"
spark_python "$root"
ensure_synth "$data" "$hes" "$did"

inputs=(--did "$data/did.csv" --hes "$data/hes.csv" --old-new "$data/old_new_hesid.csv" --model "$data/model.json")
timed "$logs" fit "$linkfit" fit "${inputs[@]}"
timed "$logs" run "$linkfit" run "${inputs[@]}" --file-version V1 --out "$data/run"
rm -rf "$data/spark-events"
timed "$logs" spark "$python" "$here/linkfit_spark.py" --linkfit "$linkfit" "${inputs[@]}" --file-version V1 \
    --out "$data/spark-links.csv" --partitions "$partitions" --master "$master" --event-log "$data/spark-events"

if cmp -s "$data/run/links.csv" "$data/spark-links.csv"; then same="identical"; else same="DIFFERENT"; fi
report() {
    local name="$1"
    awk -F': ' -v name="$name" -v load="$(cat "$logs/$name.load")" '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
        /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 / 1048576 }
        END { printf "| %s | %.1f | %.1f | %.2f | %s |\n", name, wall, user + sys, rss, load }' "$logs/$name.time"
}
echo
echo "HES persons $hes, DID records $did, $partitions partitions, $master; links.csv: $same"
echo
echo "| step | wall (s) | CPU (s) | peak RSS of one process (GB) | load before |"
echo "|---|---:|---:|---:|---|"
report fit
report run
report spark
grep -h "^wrote\|^shuffle" "$logs/spark.out"
[ "$same" = identical ]
