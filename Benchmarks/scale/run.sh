#!/usr/bin/env bash
# How linkfit's time and memory grow with the size of the HES index.
#
#   Benchmarks/scale/run.sh [--sizes "1000000 10000000 100000000"] [--did-ratio 25] [--threads T] [--data DIR]
#
# For each size (HES persons; about 1.42 HES rows per person), generates `linkfit synth --seed 1`
# data with persons / did-ratio DID records (reused when present), then runs `linkfit fit` and
# `linkfit run` with default settings under /usr/bin/time -v, and `linkfit evaluate`; then the same
# through a HES index (`linkfit index`, then `fit` and `run` with --hes-index), checking that the
# index path writes byte-identical files. Prints the tables (report.py): HES rows and DID records,
# records/s read, candidate pairs/s compared, every stage's time, peak memory, the growth from one
# size to the next, and the CSV and index paths side by side. The 100M size needs about
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

source "$here/../lib.sh"
build_linkfit "$root"
thread_args=()
if [ -n "$threads" ]; then thread_args=(--threads "$threads"); fi

folders=()
for hes in $sizes; do
    did=$((hes / ratio))
    folder="$data/hes-$hes-did-$did"
    folders+=("$folder")
    ensure_synth "$folder" "$hes" "$did"
    timed "$folder" fit "$linkfit" fit --did "$folder/did.csv" --hes "$folder/hes.csv" \
        --old-new "$folder/old_new_hesid.csv" --model "$folder/model.json" --timings "$folder/fit-timings.json" \
        "${thread_args[@]}"
    timed "$folder" run "$linkfit" run --did "$folder/did.csv" --hes "$folder/hes.csv" \
        --old-new "$folder/old_new_hesid.csv" --model "$folder/model.json" --file-version V1 --out "$folder/run" \
        "${thread_args[@]}"
    "$linkfit" evaluate --links "$folder/run/links.csv" --truth "$folder/truth.csv" --json > "$folder/evaluate.json"
    timed "$folder" index "$linkfit" index --hes "$folder/hes.csv" --old-new "$folder/old_new_hesid.csv" --out "$folder/hes.lfx" \
        "${thread_args[@]}"
    timed "$folder" fit-index "$linkfit" fit --did "$folder/did.csv" --hes-index "$folder/hes.lfx" \
        --old-new "$folder/old_new_hesid.csv" --model "$folder/model-index.json" --timings "$folder/fit-index-timings.json" \
        "${thread_args[@]}"
    timed "$folder" run-index "$linkfit" run --did "$folder/did.csv" --hes-index "$folder/hes.lfx" \
        --old-new "$folder/old_new_hesid.csv" --model "$folder/model.json" --file-version V1 --out "$folder/run-index" \
        "${thread_args[@]}"
    # The index path must write what the CSV path writes, byte for byte.
    identical=yes
    cmp -s "$folder/model.json" "$folder/model-index.json" || identical="no (model.json)"
    for name in links.csv review.csv summary.json quality.json; do
        cmp -s "$folder/run/$name" "$folder/run-index/$name" || identical="no ($name)"
    done
    echo "$identical" > "$folder/identical.txt"
done

echo
python3 "$here/report.py" "${folders[@]}" | tee "$data/results.md"
