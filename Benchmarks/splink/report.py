"""Prints the side-by-side table from the logs run.sh leaves: /usr/bin/time -v reports (wall time,
maximum resident set size, CPU time) and the two evaluations. Standard library only."""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from timereport import time_report  # noqa: E402


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

    def evaluation(prefix):
        found = json.load(open(os.path.join(args.logs, prefix + "-evaluate.json")))
        return found.get("overall", found)

    rows = []
    for tool, prefix in (("linkfit (defaults)", "linkfit"), ("linkfit (scoreOnlyProbability 0.95)", "linkfit095"),
                         ("Splink 5.0.0 (DuckDB, links at p ≥ 0.5)", "splink"),
                         ("linkfit (defaults, with a HES index)", "linkfitindex")):
        fit, run = read(prefix + "-fit"), read(prefix + "-run")
        quality = evaluation(prefix)
        rows.append({
            "tool": tool, "fit": fit[0], "link": run[0], "total": fit[0] + run[0],
            "cpu": fit[2] + run[2], "peak": max(fit[1], run[1]), "peak_fit": fit[1], "peak_link": run[1],
            "precision": quality["precision"], "recall": quality["recall"], "f1": quality["f1"],
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
    best = json.load(open(os.path.join(args.logs, "splink-evaluate.json"))).get("best")
    if best:
        print(f"| Splink 5.0.0 at its best threshold (p ≥ {best['threshold']:.2f}) | | | | | "
              f"| {best['precision']:.4f} | {best['recall']:.4f} | {best['f1']:.4f} | |")
    print()
    print("| tool | false links | wrong-twin links | people not in HES left unlinked |")
    print("|---|---:|---:|---:|")
    for tool, prefix in (("linkfit (defaults)", "linkfit"), ("linkfit (scoreOnlyProbability 0.95)", "linkfit095")):
        e = json.load(open(os.path.join(args.logs, prefix + "-evaluate.json")))
        outside = e["notInIndex"]
        print(f"| {tool} | {e['falseLinks']} | {e['wrongTwinLinks']} "
              f"| {outside['unlinked'] / outside['records'] if outside['records'] else 1:.4%} |")
    s05 = json.load(open(os.path.join(args.logs, "splink-evaluate.json")))
    for label, e in (("Splink, p ≥ 0.5", s05), (f"Splink, best (p ≥ {best['threshold']:.2f})" if best else "", best)):
        if e:
            print(f"| {label} | {e['linked'] - e['correct']} | {e['wrongTwinLinks']} | {e['notInIndexUnlinked']:.4%} |")
    linkfit, splink = rows[0], rows[2]
    print()
    print(f"Splink ÷ linkfit: wall time fit {splink['fit'] / linkfit['fit']:.1f}×, link "
          f"{splink['link'] / linkfit['link']:.1f}×, total {splink['total'] / linkfit['total']:.1f}×; "
          f"CPU time {splink['cpu'] / linkfit['cpu']:.1f}×; peak memory {splink['peak'] / linkfit['peak']:.1f}×")
    indexed, build = rows[3], read("linkfit-index")
    print(f"With a HES index (built once in {build[0]:.1f} s, peak {build[1] / 2**20:.0f} MiB, not counted): "
          f"Splink ÷ linkfit wall time fit {splink['fit'] / indexed['fit']:.1f}×, link {splink['link'] / indexed['link']:.1f}×, "
          f"total {splink['total'] / indexed['total']:.1f}×; counting the build once, "
          f"{splink['total'] / (indexed['total'] + build[0]):.1f}×")
    print(f"F1: linkfit defaults {linkfit['f1'] - splink['f1']:+.4f}, scoreOnlyProbability 0.95 "
          f"{rows[1]['f1'] - splink['f1']:+.4f} against Splink at p ≥ 0.5"
          + (f"; {linkfit['f1'] - best['f1']:+.4f} and {rows[1]['f1'] - best['f1']:+.4f} against Splink at its best threshold" if best else ""))
    print("(wall time and peak memory from /usr/bin/time -v, one process per phase; "
          "evaluation: precision = correct links / links, recall = correct links / records whose truth HESID is non-empty)")


if __name__ == "__main__":
    main()
