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
rm -rf "$data/spark-events" "$logs/steps.log"
# The CPU time of the whole process tree (the JVM and every linkfit step) when perf is there; each
# step's own time from timed_linkfit.sh.
cpu=()
if command -v perf > /dev/null; then cpu=(perf stat -x, -e task-clock -o "$logs/spark.perf" --); fi
timed "$logs" spark "${cpu[@]}" "$python" "$here/linkfit_spark.py" --linkfit "$here/timed_linkfit.sh $logs/steps.log $linkfit" \
    "${inputs[@]}" --file-version V1 --out "$data/spark-links.csv" --partitions "$partitions" --master "$master" \
    --event-log "$data/spark-events"

if cmp -s "$data/run/links.csv" "$data/spark-links.csv"; then same="identical"; else same="DIFFERENT"; fi
# report NAME [CPU]: one row from NAME.time; CPU (seconds) replaces its own when given (the Spark
# job's JVM is not a waited child of the Python driver, so /usr/bin/time misses it and its memory).
report() {
    local name="$1" cpu="${2:-}"
    awk -F': ' -v name="$name" -v load="$(cat "$logs/$name.load")" -v cpu="$cpu" '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
        /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 / 1048576 }
        END { if (cpu != "") printf "| %s | %.1f | %.1f | (JVM not measured) | %s |\n", name, wall, cpu, load
              else printf "| %s | %.1f | %.1f | %.2f | %s |\n", name, wall, user + sys, rss, load }' "$logs/$name.time"
}
echo
echo "HES persons $hes, DID records $did, $partitions partitions, $master; links.csv: $same"
echo
echo "| step | wall (s) | CPU (s; spark: its whole process tree) | peak RSS (GB) | load before |"
echo "|---|---:|---:|---:|---|"
report fit
report run
report spark "$( [ -f "$logs/spark.perf" ] && awk -F, '/task-clock/ { printf "%.1f", $1 / 1000 }' "$logs/spark.perf")"
grep -h "^wrote\|^shuffle" "$logs/spark.out"
echo
echo "| linkfit step | processes | wall (s, summed) | CPU (s) | largest RSS (GB) |"
echo "|---|---:|---:|---:|---:|"
awk '{ n[$1]++; wall[$1] += $2; cpu[$1] += $3 + $4; if ($5 > rss[$1]) rss[$1] = $5 }
     END { for (s in n) printf "| %s | %d | %.1f | %.1f | %.2f |\n", s, n[s], wall[s], cpu[s], rss[s] / 1048576 }' "$logs/steps.log" | sort
[ "$same" = identical ]
