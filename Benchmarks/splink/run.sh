#!/usr/bin/env bash
# Side-by-side: linkfit vs Splink 5 (DuckDB) on the same synthetic DID/HES data.
#
#   Benchmarks/splink/run.sh [--hes N] [--did M] [--threads T] [--data DIR]
#
# Defaults: --hes 2000000 --did 500000, all cores, data in Benchmarks/splink/data-N-M/ (gitignored).
# Builds linkfit (release), makes Benchmarks/splink/.venv with requirements.txt, generates the data
# with `linkfit synth --seed 1` (reused when present), then runs each tool's fit, link and
# evaluation under /usr/bin/time -v (linkfit also through a HES index, checked byte-identical) and
# prints one table (report.py). Everything the tools print
# is kept in DIR/logs/.
set -euo pipefail

hes=2000000
did=500000
threads=""
data=""
while [ $# -gt 0 ]; do
    case "$1" in
        --hes) hes="$2"; shift 2 ;;
        --did) did="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        -h|--help) sed -n 2,11p "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 64 ;;
    esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${data:-$here/data-$hes-$did}"
logs="$data/logs"
mkdir -p "$data" "$logs"

source "$here/../lib.sh"
build_linkfit "$root"

echo "== Python environment ($here/.venv)"
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/pip" install -q -r "$here/requirements.txt"
python="$here/.venv/bin/python"

ensure_synth "$data" "$hes" "$did"

thread_args=()
if [ -n "$threads" ]; then thread_args=(--threads "$threads"); fi

timed "$logs" linkfit-fit "$linkfit" fit --did "$data/did.csv" --hes "$data/hes.csv" --old-new "$data/old_new_hesid.csv" \
    --model "$data/linkfit-model.json" "${thread_args[@]}"
timed "$logs" linkfit-run "$linkfit" run --did "$data/did.csv" --hes "$data/hes.csv" --old-new "$data/old_new_hesid.csv" \
    --model "$data/linkfit-model.json" --file-version V1 --out "$data/linkfit-run" "${thread_args[@]}"
"$linkfit" evaluate --links "$data/linkfit-run/links.csv" --truth "$data/truth.csv" --json > "$logs/linkfit-evaluate.json"
# linkfit through a HES index: built once per HES refresh (timed on its own), then fit and run with
# --hes-index; their outputs must be the CSV path's, byte for byte.
timed "$logs" linkfit-index "$linkfit" index --hes "$data/hes.csv" --old-new "$data/old_new_hesid.csv" --out "$data/hes.lfx" \
    "${thread_args[@]}"
timed "$logs" linkfitindex-fit "$linkfit" fit --did "$data/did.csv" --hes-index "$data/hes.lfx" --old-new "$data/old_new_hesid.csv" \
    --model "$data/linkfit-model-index.json" "${thread_args[@]}"
timed "$logs" linkfitindex-run "$linkfit" run --did "$data/did.csv" --hes-index "$data/hes.lfx" --old-new "$data/old_new_hesid.csv" \
    --model "$data/linkfit-model-index.json" --file-version V1 --out "$data/linkfit-run-index" "${thread_args[@]}"
cmp "$data/linkfit-model.json" "$data/linkfit-model-index.json"
for name in links.csv review.csv summary.json quality.json; do cmp "$data/linkfit-run/$name" "$data/linkfit-run-index/$name"; done
cp "$logs/linkfit-evaluate.json" "$logs/linkfitindex-evaluate.json"  # identical links, identical evaluation

# linkfit again at a looser operating point: records whose best candidate reaches only the score-only
# rank are linked from a record-level probability of 0.95 instead of 0.98 (settings file, same data).
"$linkfit" settings --default | "$python" -c 'import json, sys
settings = json.load(sys.stdin)
settings["linking"]["scoreOnlyProbability"] = 0.95
json.dump(settings, sys.stdout, indent=2)' > "$data/linkfit-settings-095.json"
timed "$logs" linkfit095-fit "$linkfit" fit --did "$data/did.csv" --hes "$data/hes.csv" --old-new "$data/old_new_hesid.csv" \
    --model "$data/linkfit-model-095.json" --settings "$data/linkfit-settings-095.json" "${thread_args[@]}"
timed "$logs" linkfit095-run "$linkfit" run --did "$data/did.csv" --hes "$data/hes.csv" --old-new "$data/old_new_hesid.csv" \
    --model "$data/linkfit-model-095.json" --file-version V1 --out "$data/linkfit-run-095" "${thread_args[@]}"
"$linkfit" evaluate --links "$data/linkfit-run-095/links.csv" --truth "$data/truth.csv" --json > "$logs/linkfit095-evaluate.json"

timed "$logs" splink-fit "$python" "$here/splink_link.py" fit --did "$data/did.csv" --hes "$data/hes.csv" \
    --old-new "$data/old_new_hesid.csv" --model "$data/splink-model.json" "${thread_args[@]}"
timed "$logs" splink-run "$python" "$here/splink_link.py" run --did "$data/did.csv" --hes "$data/hes.csv" \
    --old-new "$data/old_new_hesid.csv" --model "$data/splink-model.json" --out "$data/splink-links.csv" --threshold 0.01 "${thread_args[@]}"
# Links from p ≥ 0.01 are kept so that one evaluation gives Splink at p ≥ 0.5 and at its best threshold.
"$python" "$here/splink_link.py" evaluate --links "$data/splink-links.csv" --truth "$data/truth.csv" --threshold 0.5 --sweep \
    > "$logs/splink-evaluate.json" 2> /dev/null

echo
python3 "$here/report.py" --logs "$logs" --hes "$hes" --did "$did" | tee "$data/results.md"
