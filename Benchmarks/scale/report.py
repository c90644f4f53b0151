"""Prints the scaling table from the folders Benchmarks/scale/run.sh leaves: for each size, the
`/usr/bin/time -v` reports of fit and run, their stage logs (`--timings`, run/timings.json), the
run summary and the evaluation. Standard library only."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from timereport import time_report  # noqa: E402


def stages(path):
    """Stage name → seconds, nested names joined by ' / ' (the first of each name per parent)."""
    result = {}
    parents = []
    for stage in json.load(open(path))["stages"]:
        depth = int(stage["depth"])
        parents = parents[:depth] + [stage["name"]]
        result.setdefault(" / ".join(parents), stage["seconds"])
    return result


def size(folder):
    model = json.load(open(os.path.join(folder, "model.json")))["training"]
    summary = json.load(open(os.path.join(folder, "run", "summary.json")))
    fit_stages = stages(os.path.join(folder, "fit-timings.json"))
    run_stages = stages(os.path.join(folder, "run", "timings.json"))
    fit_wall, fit_peak, fit_cpu = time_report(os.path.join(folder, "fit.time"))
    run_wall, run_peak, run_cpu = time_report(os.path.join(folder, "run.time"))
    quality = json.load(open(os.path.join(folder, "evaluate.json")))["overall"]
    return {
        "entities": model["rightEntities"], "rows": model["rightRows"], "did": model["leftRecords"],
        "fit_pairs": model["candidatePairs"], "run_pairs": summary["candidatePairs"],
        "fit": fit_stages, "run": run_stages,
        "fit_wall": fit_wall, "fit_peak": fit_peak, "fit_cpu": fit_cpu,
        "run_wall": run_wall, "run_peak": run_peak, "run_cpu": run_cpu,
        "precision": quality["precision"], "recall": quality["recall"],
        "load": open(os.path.join(folder, "fit.load")).read().strip(),
        "index": index_path(folder),
    }


def index_path(folder):
    """The index path's figures (linkfit index, fit and run with --hes-index), or None when not run."""
    if not os.path.exists(os.path.join(folder, "identical.txt")):
        return None
    build_wall, build_peak, _ = time_report(os.path.join(folder, "index.time"))
    fit_wall, fit_peak, _ = time_report(os.path.join(folder, "fit-index.time"))
    run_wall, run_peak, _ = time_report(os.path.join(folder, "run-index.time"))
    return {
        "build_wall": build_wall, "build_peak": build_peak, "fit_wall": fit_wall, "fit_peak": fit_peak,
        "run_wall": run_wall, "run_peak": run_peak, "bytes": os.path.getsize(os.path.join(folder, "hes.lfx")),
        "run": stages(os.path.join(folder, "run-index", "timings.json")),
        "identical": open(os.path.join(folder, "identical.txt")).read().strip(),
    }


def main():
    sizes = [size(folder) for folder in sys.argv[1:]]
    print("| HES persons | HES rows | DID | fit (s) | run (s) | fit+run (s) | CPU (s) | peak fit / run (GB) "
          "| HES rows/s read | pairs/s compared (run) | bytes per HES row | precision | recall | load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|")
    for s in sizes:
        read = s["run"]["read HES"]
        compare = s["run"]["link / block, compare, score"]
        peak = max(s["fit_peak"], s["run_peak"])
        print(f"| {s['entities']:,} | {s['rows']:,} | {s['did']:,} | {s['fit_wall']:.1f} | {s['run_wall']:.1f} "
              f"| {s['fit_wall'] + s['run_wall']:.1f} | {s['fit_cpu'] + s['run_cpu']:.1f} "
              f"| {s['fit_peak'] / 1e9:.2f} / {s['run_peak'] / 1e9:.2f} | {s['rows'] / read / 1e6:.2f} M "
              f"| {s['run_pairs'] / compare / 1e6:.2f} M | {peak / s['rows']:.0f} "
              f"| {s['precision']:.4f} | {s['recall']:.4f} | {s['load']} |")
    print()
    print("Stage times (s), fit then run:")
    print()
    print("| stage | " + " | ".join(f"{s['entities']:,}" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for command in ("fit", "run"):
        for name in sizes[-1][command]:
            cells = [f"{s[command].get(name, 0):.2f}" for s in sizes]
            print(f"| {command}: {name} | " + " | ".join(cells) + " |")
    print()
    indexed = [s for s in sizes if s["index"]]
    if indexed:
        print("CSV and index paths (wall s, peak GB; the index built once per HES refresh):")
        print()
        print("| HES persons | index build (s) | index file (GB) | fit CSV / index (s) | run CSV / index (s) "
              "| read HES in run: CSV / index (s) | peak run CSV / index (GB) | identical outputs |")
        print("|---:|---:|---:|---|---|---|---|---|")
        for s in indexed:
            i = s["index"]
            read_csv = s["run"]["read HES"]
            read_index = i["run"].get("read HES index", 0)
            print(f"| {s['entities']:,} | {i['build_wall']:.1f} | {i['bytes'] / 1e9:.2f} "
                  f"| {s['fit_wall']:.1f} / {i['fit_wall']:.1f} | {s['run_wall']:.1f} / {i['run_wall']:.1f} "
                  f"| {read_csv:.2f} / {read_index:.2f} | {s['run_peak'] / 1e9:.2f} / {i['run_peak'] / 1e9:.2f} | {i['identical']} |")
        print()
    for before, after in zip(sizes, sizes[1:]):
        rows = after["rows"] / before["rows"]
        time = (after["fit_wall"] + after["run_wall"]) / (before["fit_wall"] + before["run_wall"])
        memory = max(after["fit_peak"], after["run_peak"]) / max(before["fit_peak"], before["run_peak"])
        print(f"{before['entities']:,} → {after['entities']:,} persons: HES rows ×{rows:.1f}, "
              f"fit+run time ×{time:.1f}, peak memory ×{memory:.1f}")


if __name__ == "__main__":
    main()
