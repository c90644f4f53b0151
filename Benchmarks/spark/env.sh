# Shell helpers of the Spark recipe (sourced, not run): Java 17, the PySpark venv, the static binary.

# spark_java: checks that Java 17 or later runs Spark; installs Debian's openjdk-17-jre-headless when
# none is there and apt-get can (as root).
spark_java() {
    if java -version 2>&1 | grep -Eq 'version "(1[7-9]|2[0-9])'; then return; fi
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        echo "== installing openjdk-17-jre-headless (Debian)"
        apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless > /dev/null
    fi
    java -version 2>&1 | grep -Eq 'version "(1[7-9]|2[0-9])' || { echo "Spark needs Java 17 or later (java -version)" >&2; exit 1; }
}

# spark_python ROOT: the venv ROOT/.venv-spark with requirements.txt installed (quietly; pip's cache
# makes a fresh venv quick), and $python set to its interpreter.
spark_python() {
    local venv="$1/.venv-spark" wanted
    wanted="$(sed -n 's/^pyspark==//p' "$1/Benchmarks/spark/requirements.txt")"
    if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
    if [ "$("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)' 2>/dev/null)" != "$wanted" ]; then
        echo "== pip install -r Benchmarks/spark/requirements.txt (into .venv-spark)"
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$1/Benchmarks/spark/requirements.txt"
    fi
    python="$venv/bin/python"
}

# spark_linkfit ROOT: builds linkfit (release) with the Swift runtime linked in, so that executors
# need nothing installed, and sets $linkfit to it. Incremental: a built tree takes seconds.
spark_linkfit() {
    echo "== swift build -c release --static-swift-stdlib --product linkfit"
    (cd "$1" && swift build -c release --static-swift-stdlib --product linkfit 2>&1 | tail -1)
    linkfit="$1/.build/release/linkfit"
}
