"""linkfit inside Apache Spark: the sharded run of docs/spark.md, writing run's links.csv.

    python linkfit_spark.py --linkfit BIN --model model.json --did did.csv --hes hes.csv \
        [--old-new old_new_hesid.csv] --file-version V1 --out links.csv [--partitions 4] \
        [--shared DIR] [--master local[2]] [--event-log DIR]

Every step is linkfit itself, called through Spark SQL's TRANSFORM on the executors (the same
static binary everywhere); Spark only reads the files, partitions the rows by the keys linkfit
writes, sums the counts of the tables file and writes the result. --linkfit is a command prefix
(split like a shell line), so a wrapper can stand in for the binary. --shared is a folder every
executor sees at the same path (local mode: any folder): the headers and the tables file go there.

A step that exits non-zero (a malformed row, a bad file) fails the job: this script prints
linkfit's own error lines and exits 1, writing nothing. Each step's stderr is also kept in a file of
its own under --shared (read back when the job fails, then removed): Spark's failure text carries
only as much of a step's stderr as its reader thread had read when the step exited.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

# A step under TRANSFORM: `sh -c STEP_SHELL linkfit-step DIR linkfit shard …` runs the step with its
# stderr in a new file under DIR, then copies that file to its own stderr for Spark, keeping the status;
# the file is kept only when the step failed (so a report holds no succeeded step's or retry's lines).
STEP_SHELL = 'd=$1; shift; f=$(mktemp "$d/step.XXXXXX") || exit 70; "$@" 2>"$f"; s=$?; cat "$f" >&2; [ $s -eq 0 ] && rm -f "$f"; exit $s'
ROW_FORMAT = "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n'"
UNESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


class StepFailed(Exception):
    """A linkfit step failed on an executor; the message holds linkfit's error lines."""


def escaped(column):
    """A string column in the rows' escaping (docs/spark.md): backslash, tab, LF and CR escaped."""
    for raw, escape in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        column = F.regexp_replace(column, re.escape(raw), escape.replace("\\", "\\\\"))
    return column


def unescaped(text):
    return re.sub(r"\\[\\tnr]", lambda m: UNESCAPES[m.group(0)], text) if "\\" in text else text


def numbered_lines(spark, path):
    """The file's records as (LINE, TEXT): LINE the 1-based line in the file (the header, line 1, and
    blank lines left out), TEXT the line escaped. Lines are numbered from each scan partition's
    offset (one small counting job), so errors name the file's own lines."""
    text = (spark.read.text(path)
            .withColumn("pid", F.spark_partition_id())
            .withColumn("mid", F.monotonically_increasing_id())
            .persist(StorageLevel.MEMORY_AND_DISK))
    counts = sorted((r["pid"], r["count"]) for r in text.groupBy("pid").count().collect())
    offsets, total = [], 0
    for pid, count in counts:
        offsets.append((pid, total))
        total += count
    offset_of = spark.createDataFrame(offsets, "pid INT, offset LONG")
    lines = (text.join(F.broadcast(offset_of), "pid")
             .select((F.col("offset") + (F.col("mid") - F.shiftleft(F.col("pid").cast("long"), 33)) + 1).alias("LINE"),
                     F.col("value").alias("TEXT")))
    return lines.where((F.col("LINE") > 1) & (F.col("TEXT") != "")) \
        .select(F.col("LINE").cast("string").alias("LINE"), escaped(F.col("TEXT")).alias("TEXT")), text


class Job:
    def __init__(self, spark, args):
        self.spark = spark
        self.args = args
        self.prefix = shlex.split(args.linkfit)
        self.views = 0
        self.errors = None  # the folder of the steps' stderr files while a job runs

    def words(self, step, *options):
        """The command line of `linkfit shard STEP` with the model and `options`."""
        return self.prefix + ["shard", step, "--model", self.args.model] + list(options)

    def command(self, step, *options):
        """The shell line Spark runs for a step: the step under STEP_SHELL, its stderr kept in a file."""
        words = ["/bin/sh", "-c", STEP_SHELL, "linkfit-step", self.errors] + self.words(step, *options)
        return " ".join(shlex.quote(word) for word in words)

    def plan(self):
        return json.loads(self.preflight("plan", "--header", self.args.did))

    def preflight(self, step, *options):
        """Runs a step on the driver with no rows: a wrong option or an unreadable file fails here with
        linkfit's message, before any executor starts it."""
        done = subprocess.run(self.words(step, *options), input="", capture_output=True, text=True)
        if done.returncode != 0:
            raise StepFailed(done.stderr.strip())
        return done.stdout

    def transform(self, frame, columns, step, options, outputs):
        """frame's `columns` piped through `linkfit shard STEP`, one process per partition."""
        self.preflight(step, *options)
        self.views += 1
        view = f"linkfit_input_{self.views}"
        frame.createOrReplaceTempView(view)
        script = self.command(step, *options).replace("\\", "\\\\").replace("'", "\\'")
        return self.spark.sql(
            f"SELECT TRANSFORM({', '.join(columns)}) {ROW_FORMAT} USING '{script}' "
            f"AS ({', '.join(c + ' STRING' for c in outputs)}) {ROW_FORMAT} FROM {view}")

    def run(self):
        """Runs the job (`steps`); a failing step raises StepFailed with the step's own error lines."""
        self.errors = os.path.abspath(os.path.join(self.args.shared, f"linkfit-errors-{os.getpid()}"))
        shutil.rmtree(self.errors, ignore_errors=True)
        os.makedirs(self.errors)
        try:
            return self.steps()
        except StepFailed:
            raise
        except Exception as error:  # a Spark failure: a step exited non-zero on an executor
            raise StepFailed("\n".join(linkfit_errors(error, self.step_errors()))) from error
        finally:
            shutil.rmtree(self.errors, ignore_errors=True)

    def step_errors(self):
        """The lines the failed steps wrote to stderr, file by file in name order."""
        lines = []
        for name in sorted(os.listdir(self.errors)):
            with open(os.path.join(self.errors, name), encoding="utf-8", errors="replace") as file:
                lines += file.read().splitlines()
        return lines

    # Over 60 lines on purpose: the job, step by step, as docs/spark.md lists it.
    def steps(self):
        args, partitions = self.args, self.args.partitions
        timings = {}
        started = time.time()
        plan = self.plan()

        did, did_text = numbered_lines(self.spark, args.did)
        records = did.count()
        left = self.transform(did, ["LINE", "TEXT"], "left", ["--header", args.did, "--source", os.path.basename(args.did)],
                              ["KIND", "KEY", "LINE", "ID", "CODES", "EXTRA"]).persist(StorageLevel.MEMORY_AND_DISK)
        stats = left.where("KIND = 'stats'").agg(F.sum(F.col("LINE").cast("long")).alias("records"),
                                                 F.max(F.when(F.col("EXTRA") != "", F.col("EXTRA"))).alias("latest")).first()
        did_text.unpersist()
        if (stats["records"] or 0) != records:
            raise StepFailed(f"records in ({records}) != records through the left step ({stats['records'] or 0})")
        latest = stats["latest"]
        timings["left"] = time.time() - started

        hes, hes_text = numbered_lines(self.spark, args.hes)
        right_options = ["--header", args.hes, "--source", os.path.basename(args.hes)]
        if args.old_new:
            right_options += ["--old-new", args.old_new]
        if latest:
            right_options += ["--latest-record-date", latest]
        right = self.transform(hes, ["LINE", "TEXT"], "right", right_options, ["ID", "LINE", "CODES"])
        entities = self.transform(right.repartition(partitions, "ID"), ["ID", "LINE", "CODES"], "entities", [],
                                  ["KIND", "KEY", "A", "B", "N", "ROWS"]).persist(StorageLevel.MEMORY_AND_DISK)

        # The tables file: the entities step's counts summed over partitions, and the oversized blocks.
        # One aggregation: the counts by (KIND, A, B), and the block rows by block (kept when oversized).
        is_block = F.col("KIND") == "block"
        summed = (entities.select(F.when(is_block, F.lit("oversized")).otherwise(F.col("KIND")).alias("KIND"),
                                  F.when(is_block, F.col("KEY")).otherwise(F.col("A")).alias("A"),
                                  F.when(is_block, F.lit("")).otherwise(F.col("B")).alias("B"), F.col("N").cast("long").alias("N"))
                  .groupBy("KIND", "A", "B").agg(F.sum("N").alias("N"))
                  .where((F.col("KIND") != "oversized") | (F.col("N") > plan["maxBlockSize"])).collect())
        hes_text.unpersist()
        tables = os.path.join(args.shared, "tables.tsv")
        with open(tables + ".tmp", "w", encoding="utf-8") as out:
            for row in sorted(summed, key=lambda r: (r["KIND"], r["A"], r["B"])):
                out.write(f"{row['KIND']}\t{row['A']}\t{row['B']}\t{row['N']}\n")
        os.replace(tables + ".tmp", tables)
        oversized = [row["A"] for row in summed if row["KIND"] == "oversized"]
        timings["right, entities, tables"] = time.time() - started - sum(timings.values())

        left_blocks = left.where("KIND = 'block'").select("KEY", F.lit("left").alias("SIDE"), F.col("LINE").alias("NUMBER"), "ID", "CODES")
        right_blocks = entities.where("KIND = 'block'").select("KEY", F.lit("right").alias("SIDE"), F.col("B").alias("NUMBER"),
                                                               F.col("A").alias("ID"), F.col("ROWS").alias("CODES"))
        capped = self.spark.createDataFrame([(key,) for key in oversized], "KEY STRING")
        score_input = left_blocks.unionByName(right_blocks).join(F.broadcast(capped), "KEY", "left_anti").repartition(partitions, "KEY")
        pairs = self.transform(score_input, ["KEY", "SIDE", "NUMBER", "ID", "CODES"], "score", ["--tables", tables],
                               ["LEFT_ID", "LEFT_LINE", "RIGHT_ID", "ORDER", "RULE", "LEVELS", "WEIGHT", "ROWS"])

        record_rows = left.where("KIND = 'record'").select(F.col("KEY").alias("LEFT_ID"), F.lit("record").alias("KIND"), "LINE",
                                                           F.col("CODES").alias("A"), F.col("EXTRA").alias("B"),
                                                           F.lit("").alias("C"), F.lit("").alias("D"))
        candidate_rows = pairs.select("LEFT_ID", F.lit("candidate").alias("KIND"), F.col("LEFT_LINE").alias("LINE"),
                                      F.col("RIGHT_ID").alias("A"), F.col("ORDER").alias("B"), F.col("LEVELS").alias("C"),
                                      F.col("ROWS").alias("D"))
        assign_input = record_rows.unionByName(candidate_rows).repartition(partitions, "LEFT_ID")
        links = self.transform(assign_input, ["LEFT_ID", "KIND", "LINE", "A", "B", "C", "D"], "assign",
                               ["--tables", tables, "--file-version", args.file_version, "--source", os.path.basename(args.did)],
                               ["LINE", "ROW"])

        written = self.write(links, plan["linksHeader"], records)
        timings["score, assign, write"] = time.time() - started - sum(timings.values())
        return written, timings

    def write(self, links, header, records):
        """links.csv on the driver: the header, then the rows in line order (run's order); written to a
        temporary file renamed into place only when every record has exactly one well-formed row."""
        # One partition sorted by line, streamed to the driver: no sampling pass of a global sort.
        ordered = links.repartition(1).sortWithinPartitions(F.col("LINE").cast("long"))
        temporary = self.args.out + ".tmp"
        count = 0
        with open(temporary, "w", encoding="utf-8", newline="") as out:
            out.write(header + "\n")
            for row in ordered.toLocalIterator():
                if row["LINE"] is None or row["ROW"] is None:
                    os.remove(temporary)
                    raise StepFailed("linkfit shard assign wrote a malformed row (a missing field)")
                out.write(unescaped(row["ROW"]) + "\n")
                count += 1
        if count != records:
            os.remove(temporary)
            raise StepFailed(f"records in ({records}) != records out ({count})")
        os.replace(temporary, self.args.out)
        return count


def linkfit_errors(error, step_lines=()):
    """The failing step's own words in a Spark failure: 'Subprocess exited with status N' and the error
    lines, each once: those in Spark's text and the steps' own (`step_lines`, from their stderr files,
    which hold the whole message where Spark's copy may be cut short)."""
    found = []
    for line in str(error).splitlines():
        for marker in ("Subprocess exited with status", "linkfit: error:"):
            if marker in line:
                line = line[line.index(marker):].strip().rstrip(".")
                # With the steps' own lines at hand, Spark's possibly cut copy of them goes.
                found.append(line.split(". Error:")[0] if any(step_lines) else line)
                break
    found += [line.strip() for line in step_lines if line.strip()]
    unique = [line for line in dict.fromkeys(found) if not any(line != other and line in other for other in found)]
    return unique or [str(error).splitlines()[0] if str(error) else repr(error)]


def shuffle_bytes(event_log, by_stage=None):
    """Shuffle bytes written and read, summed over the tasks of the event logs in `event_log`; with
    `by_stage` (a dict), also the bytes written per stage name (where in this script it ran)."""
    written = read = 0
    stage_written, names = {}, {}
    for name in os.listdir(event_log):
        with open(os.path.join(event_log, name), encoding="utf-8") as log:
            for line in log:
                if '"Event":"SparkListenerStageSubmitted"' in line:
                    info = json.loads(line)["Stage Info"]
                    names[info["Stage ID"]] = info["Stage Name"]
                if '"Event":"SparkListenerTaskEnd"' not in line:
                    continue
                event = json.loads(line)
                metrics = event.get("Task Metrics") or {}
                bytes_written = (metrics.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
                written += bytes_written
                stage_written[event["Stage ID"]] = stage_written.get(event["Stage ID"], 0) + bytes_written
                shuffle_read = metrics.get("Shuffle Read Metrics") or {}
                read += shuffle_read.get("Remote Bytes Read", 0) + shuffle_read.get("Local Bytes Read", 0)
    if by_stage is not None:
        for stage, bytes_written in stage_written.items():
            if bytes_written:
                key = names.get(stage, str(stage))
                by_stage[key] = by_stage.get(key, 0) + bytes_written
    return written, read


def session(args):
    builder = SparkSession.builder.appName("linkfit")
    if args.master:
        builder = builder.master(args.master)
    if (args.master or "").startswith("local"):
        # Local mode talks to itself only: on the loopback address, whatever the host's name resolves to.
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
    builder = (builder.config("spark.sql.shuffle.partitions", str(args.partitions))
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.driver.memory", args.driver_memory))
    if args.event_log:
        os.makedirs(args.event_log, exist_ok=True)
        builder = builder.config("spark.eventLog.enabled", "true").config("spark.eventLog.dir", "file://" + os.path.abspath(args.event_log))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("OFF")
    return spark


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--linkfit", required=True, help="the linkfit binary (a command prefix) as executors run it")
    parser.add_argument("--model", required=True)
    parser.add_argument("--did", required=True)
    parser.add_argument("--hes", required=True)
    parser.add_argument("--old-new")
    parser.add_argument("--file-version", required=True)
    parser.add_argument("--out", required=True, help="links.csv to write (on the driver)")
    parser.add_argument("--partitions", type=int, default=4, help="partitions of each shuffle (default 4)")
    parser.add_argument("--shared", help="a folder every executor sees (default: beside --out)")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--event-log", help="write Spark's event log here and report the shuffle bytes")
    args = parser.parse_args(argv)
    # Executors run the steps in folders of their own: every path they are given is absolute.
    for name in ("model", "did", "hes", "old_new", "out", "shared"):
        if getattr(args, name):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    args.shared = args.shared or os.path.dirname(args.out)
    words = shlex.split(args.linkfit)
    args.linkfit = " ".join(shlex.quote(os.path.abspath(w) if os.path.exists(w) else w) for w in words)
    return args


def main(argv):
    args = arguments(argv)
    spark = session(args)
    started = time.time()
    try:
        count, timings = Job(spark, args).run()
    except StepFailed as failure:
        lines = str(failure).splitlines()
        print("linkfit_spark: the job failed:" + (f" {lines[0]}" if len(lines) == 1 else ""), file=sys.stderr)
        for line in lines if len(lines) > 1 else []:
            print("  " + line, file=sys.stderr)
        return 1
    finally:
        spark.stop()
    elapsed = time.time() - started
    print(f"wrote {args.out}: {count} rows in {elapsed:.1f} s ("
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()) + ")")
    if args.event_log:
        stages = {}
        written, read = shuffle_bytes(args.event_log, stages)
        print(f"shuffle: {written / 1e6:.1f} MB written, {read / 1e6:.1f} MB read ("
              + ", ".join(f"{name}: {size / 1e6:.1f} MB" for name, size in sorted(stages.items(), key=lambda item: -item[1])) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
