"""The Spark check (check.sh runs it): in one local Spark session,
1. the recipe's job on DATA writes links.csv equal to `linkfit run`'s, row for row after sorting by
   DID id, and byte for byte;
2. the same job with a linkfit that exits non-zero on one partition (fail_one_partition.sh) fails,
   with that partition's message, and writes no link file;
3. the job on a DID file with one malformed record fails with linkfit's own located error, the one
   `linkfit run` gives for that file, and writes no link file.

    python check_spark.py --linkfit BIN --data DIR [--partitions 2]

DATA holds did.csv, hes.csv, old_new_hesid.csv, model.json and run/links.csv (`linkfit run` with
--file-version V1). Prints one line per case and then 'check: N passed, M failed'; exits 1 on a failure.
"""

import argparse
import csv
import os
import subprocess
import sys
import time

import linkfit_spark

HERE = os.path.dirname(os.path.abspath(__file__))


def job_arguments(args, did, out, linkfit=None):
    return linkfit_spark.arguments([
        "--linkfit", linkfit or args.linkfit, "--model", os.path.join(args.data, "model.json"), "--did", did,
        "--hes", os.path.join(args.data, "hes.csv"), "--old-new", os.path.join(args.data, "old_new_hesid.csv"),
        "--file-version", "V1", "--out", out, "--partitions", str(args.partitions), "--master", "local[2]",
        "--event-log", os.path.join(args.data, "spark-events")])


def rows_by_id(path):
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    return rows[0], sorted(rows[1:], key=lambda row: row[0])


def failure_text(job):
    """Runs a job that must fail; returns its error lines (None when it succeeded)."""
    try:
        job.run()
    except linkfit_spark.StepFailed as failure:
        return str(failure)
    return None


def check_links(spark, args):
    out = os.path.join(args.data, "spark-links.csv")
    if os.path.exists(out):
        os.remove(out)
    started = time.time()
    count, timings = linkfit_spark.Job(spark, job_arguments(args, os.path.join(args.data, "did.csv"), out)).run()
    elapsed = time.time() - started
    expected = os.path.join(args.data, "run", "links.csv")
    header, ours = rows_by_id(out)
    run_header, theirs = rows_by_id(expected)
    same_rows = header == run_header and ours == theirs
    with open(out, "rb") as a, open(expected, "rb") as b:
        same_bytes = a.read() == b.read()
    detail = f"{count} rows in {elapsed:.1f} s (" + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()) + ")"
    if not same_rows:
        differing = next((i for i, (x, y) in enumerate(zip(ours, theirs)) if x != y), min(len(ours), len(theirs)))
        detail += f"; first difference after sorting by DID id at row {differing + 1} of {len(theirs)}"
    return same_rows and same_bytes, f"links.csv equals run's row for row (sorted by DID id) and byte for byte: {detail}"


def check_failing_partition(spark, args):
    out = os.path.join(args.data, "spark-links-failing.csv")
    wrapper = " ".join([os.path.join(HERE, "fail_one_partition.sh"), "entities", args.linkfit])
    text = failure_text(linkfit_spark.Job(spark, job_arguments(args, os.path.join(args.data, "did.csv"), out, linkfit=wrapper)))
    ok = text is not None and "fail_one_partition: entities: injected failure" in text and not os.path.exists(out)
    return ok, f"a linkfit exiting 3 on one partition of 'entities' fails the job: {text!r}"


def check_malformed_row(spark, args):
    """did-malformed.csv: did.csv with the DID_ID of the record on line 1001 blanked."""
    malformed = os.path.join(args.data, "did-malformed.csv")
    with open(os.path.join(args.data, "did.csv"), encoding="utf-8", newline="") as file:
        lines = file.read().split("\n")
    lines[1000] = "," + lines[1000].split(",", 1)[1]
    with open(malformed, "w", encoding="utf-8", newline="") as file:
        file.write("\n".join(lines))
    run = subprocess.run([args.linkfit, "run", "--did", "did-malformed.csv", "--hes", "hes.csv", "--model", "model.json",
                          "--file-version", "V1", "--out", "run-malformed", "--quiet"], cwd=args.data, capture_output=True, text=True)
    out = os.path.join(args.data, "spark-links-malformed.csv")
    text = failure_text(linkfit_spark.Job(spark, job_arguments(args, malformed, out)))
    expected = "linkfit: error: did-malformed.csv:1001: DID_ID: is blank (every record needs an id)"
    ok = run.returncode == 65 and run.stderr.strip() == expected and text is not None and expected in text and not os.path.exists(out)
    return ok, f"a malformed DID record fails the job with run's message ({expected!r}): {text!r}"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--linkfit", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--partitions", type=int, default=2)
    args = parser.parse_args(argv)
    args.data = os.path.abspath(args.data)
    args.linkfit = os.path.abspath(args.linkfit)
    spark = linkfit_spark.session(job_arguments(args, os.path.join(args.data, "did.csv"), os.path.join(args.data, "unused.csv")))
    passed = failed = 0
    try:
        for check in (check_links, check_failing_partition, check_malformed_row):
            ok, line = check(spark, args)
            print(("ok: " if ok else "FAILED: ") + line, flush=True)
            passed, failed = passed + ok, failed + (not ok)
    finally:
        spark.stop()
    written, read = linkfit_spark.shuffle_bytes(os.path.join(args.data, "spark-events"))
    print(f"shuffle over the three jobs: {written / 1e6:.1f} MB written, {read / 1e6:.1f} MB read")
    print(f"check: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
