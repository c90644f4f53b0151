"""Prints the side-by-side table from the logs run.sh leaves: /usr/bin/time -v reports (wall time,
maximum resident set size, CPU time) and the two evaluations. Standard library only."""

import argparse
import json
import os
import re


def time_report(path):
    """(wall seconds, peak resident bytes, user + system CPU seconds) from `/usr/bin/time -v`."""
    text = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) * 1024
    cpu = float(re.search(r"User time \(seconds\): (\S+)", text).group(1)) + float(
        re.search(r"System time \(seconds\): (\S+)", text).group(1))
    return seconds, peak, cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--logs", required=True)
    parser.add_argument("--hes", type=int, required=True)
    parser.add_argument("--did", type=int, required=True)
    args = parser.parse_args()

    def read(name):
        return time_report(os.path.join(args.logs, name + ".time"))

    def load(name):
        path = os.path.join(args.logs, name + ".load")
        return open(path).read().strip() if os.path.exists(path) else "?"

    linkfit_eval = json.load(open(os.path.join(args.logs, "linkfit-evaluate.json")))["overall"]
    splink_eval = json.load(open(os.path.join(args.logs, "splink-evaluate.json")))
    rows = []
    for tool, evaluation in (("linkfit", linkfit_eval), ("Splink 5.0.0 (DuckDB)", splink_eval)):
        prefix = "linkfit" if tool == "linkfit" else "splink"
        fit, run = read(prefix + "-fit"), read(prefix + "-run")
        rows.append({
            "tool": tool, "fit": fit[0], "link": run[0], "total": fit[0] + run[0],
            "cpu": fit[2] + run[2], "peak": max(fit[1], run[1]), "peak_fit": fit[1], "peak_link": run[1],
            "precision": evaluation["precision"], "recall": evaluation["recall"], "f1": evaluation["f1"],
            "load": f"{load(prefix + '-fit')} / {load(prefix + '-run')}",
        })

    print(f"HES {args.hes:,} persons × DID {args.did:,} records (linkfit synth --seed 1)")
    print()
    print("| tool | fit (s) | link (s) | total (s) | CPU user+sys (s) | peak memory fit / link (MiB) "
          "| precision | recall | F1 | load avg before fit / link |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['tool']} | {r['fit']:.1f} | {r['link']:.1f} | {r['total']:.1f} | {r['cpu']:.1f} "
              f"| {r['peak_fit'] / 2**20:.0f} / {r['peak_link'] / 2**20:.0f} "
              f"| {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | {r['load']} |")
    linkfit, splink = rows
    print()
    print(f"Splink ÷ linkfit: wall time fit {splink['fit'] / linkfit['fit']:.1f}×, link "
          f"{splink['link'] / linkfit['link']:.1f}×, total {splink['total'] / linkfit['total']:.1f}×; "
          f"CPU time {splink['cpu'] / linkfit['cpu']:.1f}×; peak memory {splink['peak'] / linkfit['peak']:.1f}×")
    print("(wall time and peak memory from /usr/bin/time -v, one process per phase; "
          "evaluation: precision = correct links / links, recall = correct links / records whose truth HESID is non-empty)")


if __name__ == "__main__":
    main()
