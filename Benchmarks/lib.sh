# Shell helpers shared by the benchmark scripts (sourced, not run).

# build_linkfit ROOT: builds linkfit (release) in ROOT and sets $linkfit to the binary.
build_linkfit() {
    echo "== build linkfit (release)"
    (cd "$1" && swift build -c release 2>&1 | tail -1)
    linkfit="$1/.build/release/linkfit"
}

# ensure_synth FOLDER HES DID: `linkfit synth --seed 1` data in FOLDER, reused when its stamp
# (synth-config.txt) says it was made for the same sizes.
ensure_synth() {
    local folder="$1" hes="$2" did="$3"
    local want="hes=$hes did=$did seed=1"
    mkdir -p "$folder"
    if [ "$(cat "$folder/synth-config.txt" 2>/dev/null)" != "$want" ]; then
        echo "== linkfit synth --hes-persons $hes --did-records $did --seed 1 --out $folder"
        "$linkfit" synth --hes-persons "$hes" --did-records "$did" --seed 1 --out "$folder" | tail -1
        echo "$want" > "$folder/synth-config.txt"
    fi
}

# timed DIR NAME COMMAND...: runs COMMAND under /usr/bin/time -v; its output in DIR/NAME.out and
# DIR/NAME.err, the resource report in DIR/NAME.time, the load average before it in DIR/NAME.load.
timed() {
    local dir="$1" name="$2"; shift 2
    cut -d' ' -f1-3 /proc/loadavg > "$dir/$name.load"
    echo "== $name (load $(cat "$dir/$name.load")): $*"
    /usr/bin/time -v -o "$dir/$name.time" "$@" > "$dir/$name.out" 2> "$dir/$name.err" || {
        echo "$name failed; see $dir/$name.err" >&2; tail -20 "$dir/$name.err" >&2; exit 1; }
}
