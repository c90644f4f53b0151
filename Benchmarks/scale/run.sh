#!/usr/bin/env bash
# How linkfit's time and memory grow with the size of the HES index.
#
#   Benchmarks/scale/run.sh [--sizes "1000000 10000000 100000000"] [--did-ratio 25] [--threads T] [--data DIR]
#
# For each size (HES persons; about 1.42 HES rows per person), generates `linkfit synth --seed 1`
# data with persons / did-ratio DID records (reused when present), then runs `linkfit fit` and
# `linkfit run` with default settings under /usr/bin/time -v, and `linkfit evaluate`. Prints one
# table: HES rows and DID records, records/s read, candidate pairs/s compared, every stage's time,
# peak memory, and the growth from one size to the next (report.py). The 100M size needs about
# 16 GB of memory, 20 GB of disk and 10 minutes on 2 cores. Data and logs: DIR (default
# Benchmarks/scale/data, gitignored).
set -euo pipefail

sizes="1000000 10000000 100000000"
ratio=25
threads=""
data=""
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --did-ratio) ratio="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        -h|--help) sed -n 2,13p "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 64 ;;
    esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${data:-$here/data}"
mkdir -p "$data"

echo "== build linkfit (release)"
(cd "$root" && swift build -c release 2>&1 | tail -1)
linkfit="$root/.build/release/linkfit"
thread_args=()
if [ -n "$threads" ]; then thread_args=(--threads "$threads"); fi

folders=()
for hes in $sizes; do
    did=$((hes / ratio))
    folder="$data/hes-$hes-did-$did"
    folders+=("$folder")
    mkdir -p "$folder"
    want="hes=$hes did=$did seed=1"
    if [ "$(cat "$folder/synth-config.txt" 2>/dev/null)" != "$want" ]; then
        echo "== linkfit synth --hes $hes --did $did --seed 1"
        "$linkfit" synth --hes "$hes" --did "$did" --seed 1 --out "$folder" | tail -1
        echo "$want" > "$folder/synth-config.txt"
    fi
    echo "== $hes HES persons, $did DID records: fit (load $(cut -d' ' -f1-3 /proc/loadavg))"
    cut -d' ' -f1-3 /proc/loadavg > "$folder/fit.load"
    /usr/bin/time -v -o "$folder/fit.time" "$linkfit" fit --did "$folder/did.csv" --hes "$folder/hes.csv" \
        --old-new "$folder/old_new_hesid.csv" --model "$folder/model.json" --timings "$folder/fit-timings.json" \
        "${thread_args[@]}" > "$folder/fit.out"
    echo "== $hes HES persons, $did DID records: run (load $(cut -d' ' -f1-3 /proc/loadavg))"
    cut -d' ' -f1-3 /proc/loadavg > "$folder/run.load"
    /usr/bin/time -v -o "$folder/run.time" "$linkfit" run --did "$folder/did.csv" --hes "$folder/hes.csv" \
        --old-new "$folder/old_new_hesid.csv" --model "$folder/model.json" --file-version V1 --out "$folder/run" \
        "${thread_args[@]}" > "$folder/run.out"
    "$linkfit" evaluate --links "$folder/run/links.csv" --truth "$folder/truth.csv" --json > "$folder/evaluate.json"
done

echo
python3 "$here/report.py" "${folders[@]}" | tee "$data/results.md"
