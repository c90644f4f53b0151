"""Link synthetic DID records to HES patients with Splink (DuckDB backend), as a competent Splink
user would, for the side-by-side with linkfit. Three subcommands, each one process so that
`/usr/bin/time -v` measures each phase on its own (like `linkfit fit` / `run` / `evaluate`):

  fit       read + normalise both files, λ by a deterministic rule, u by random sampling, m by EM;
            writes the Splink model JSON.
  run       read + normalise both files, predict with the saved model, keep for each DID record the
            best HESID with match probability >= 0.5 (one-to-one on the DID side); writes links.csv.
  evaluate  precision, recall and F1 of links.csv against truth.csv, the way `linkfit evaluate`
            counts them; prints JSON.

Normalisation (in DuckDB SQL, before Splink sees the data):
  NHS number  digits only (spaces and dashes stripped); null unless 10 digits.
  birth date  YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY parsed to YYYY-MM-DD; null when unparseable.
  sex         1/2, M/F mapped to 1/2; 0, 9, U, blank are null.
  postcode    upper case, non-alphanumerics removed, re-spaced before the 3-character inward
              code ('M1   1AA' -> 'M1 1AA'); ZZ99 pseudo-postcodes and anything that is not a UK
              postcode shape are null.
HES address history: hes.csv has several rows per HESID (one per postcode). Every distinct
normalised row is kept as its own Splink record (unique_id = row), HESIDs in old_new_hesid.csv are
mapped to the current HESID first, and after prediction each DID record takes the best-scoring
row; so a DID postcode is compared with every postcode the HESID has held, as the NHS algorithm
does.
"""

import argparse
import csv
import json
import sys
import time

import duckdb
import splink
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

POSTCODE_SHAPE = "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"


def execute(con, sql):
    """Runs one statement to completion (DuckDB 2 refuses new work while a result is unfetched)."""
    return con.execute(sql).fetchall()


def normalised_tables(con, did, hes, old_new):
    """Creates `did_n` and `hes_n`: the columns Splink compares, normalised."""

    def nhs(col):
        return f"""case when length(regexp_replace(coalesce({col}, ''), '[^0-9]', '', 'g')) = 10
                        then regexp_replace({col}, '[^0-9]', '', 'g') end"""

    def dob(col):
        return f"""strftime(coalesce(try_strptime({col}, '%Y-%m-%d'), try_strptime({col}, '%Y%m%d'),
                                     try_strptime({col}, '%d/%m/%Y')), '%Y-%m-%d')"""

    def sex(col):
        return f"""case upper(trim(coalesce({col}, ''))) when '1' then '1' when 'M' then '1'
                                                    when '2' then '2' when 'F' then '2' end"""

    def postcode(col):
        packed = f"regexp_replace(upper(coalesce({col}, '')), '[^A-Z0-9]', '', 'g')"
        spaced = f"case when length({packed}) between 5 and 7 then substr({packed}, 1, length({packed}) - 3) || ' ' || right({packed}, 3) end"
        return f"""case when {packed} like 'ZZ99%' then null
                        when regexp_matches({spaced}, '{POSTCODE_SHAPE}') then {spaced} end"""

    execute(con, f"""
        create or replace table did_n as
        select 'D' || DID_ID as unique_id, DID_ID as did_id, cast(null as varchar) as hesid,
               {nhs('NHS_NUMBER')} as nhs, {dob('PERSON_BIRTH_DATE')} as dob,
               {sex('GENDER')} as sex, {postcode('POSTCODE')} as postcode
        from read_csv('{did}', all_varchar = true, header = true)""")
    execute(con, f"""
        create or replace table old_new as
        select * from read_csv('{old_new}', all_varchar = true, header = true)""")
    execute(con, f"""
        create or replace table hes_n as
        with rows as (
            select coalesce(o.NEW_HESID, h.HESID) as hesid,
                   {nhs('h.NEWNHSNO')} as nhs, {dob('h.DOB')} as dob, {sex('h.SEX')} as sex,
                   {postcode('h.HOMEADD')} as postcode
            from read_csv('{hes}', all_varchar = true, header = true) h
            left join old_new o on o.OLD_HESID = h.HESID),
        distinct_rows as (select distinct * from rows)
        select 'H' || row_number() over (order by hesid, nhs, dob, sex, postcode) as unique_id,
               cast(null as varchar) as did_id, hesid, nhs, dob, sex, postcode
        from distinct_rows""")
    for table in ("did_n", "hes_n"):
        execute(con, f"alter table {table} add column dob_year varchar")
        execute(con, f"update {table} set dob_year = substr(dob, 1, 4)")
    return (execute(con, "select count(*) from did_n")[0][0],
            execute(con, "select count(*) from hes_n")[0][0])


def dob_comparison():
    """exact / day and month swapped / two of year, month, day / else."""
    y_l, y_r = "substr(dob_l, 1, 4)", "substr(dob_r, 1, 4)"
    m_l, m_r = "substr(dob_l, 6, 2)", "substr(dob_r, 6, 2)"
    d_l, d_r = "substr(dob_l, 9, 2)", "substr(dob_r, 9, 2)"
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.CustomLevel(f"{y_l} = {y_r} and {m_l} = {d_r} and {d_l} = {m_r}", "day and month swapped"),
            cll.CustomLevel(
                f"(case when {y_l} = {y_r} then 1 else 0 end) + (case when {m_l} = {m_r} then 1 else 0 end)"
                f" + (case when {d_l} = {d_r} then 1 else 0 end) >= 2",
                "two of year, month, day"),
            cll.ElseLevel(),
        ],
    )


def settings():
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.ExactMatch("nhs"),
            dob_comparison(),
            cl.ExactMatch("sex"),
            cl.PostcodeComparison("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nhs"),
            block_on("dob"),
            block_on("postcode", "dob_year"),
        ],
        additional_columns_to_retain=["did_id", "hesid"],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def load(args):
    con = duckdb.connect()
    if args.threads:
        execute(con, f"set threads = {args.threads}")
    counts = normalised_tables(con, args.did, args.hes, args.old_new)
    db_api = DuckDBAPI(connection=con)
    did = db_api.register("did_n", dataset_display_name="did")
    hes = db_api.register("hes_n", dataset_display_name="hes")
    return con, db_api, did, hes, counts


def fit(args):
    stages = {}
    start = time.perf_counter()
    con, db_api, did, hes, counts = load(args)
    stages["read + normalise"] = time.perf_counter() - start
    linker = Linker([did, hes], settings())

    start = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match([block_on("nhs", "dob")], recall=args.lambda_recall)
    stages["lambda (deterministic rule)"] = time.perf_counter() - start

    start = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_max_pairs, seed=1)
    stages["u (random sampling)"] = time.perf_counter() - start

    start = time.perf_counter()
    for rule in (block_on("nhs"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=args.em_max_pairs)
    stages["m (EM, 2 sessions)"] = time.perf_counter() - start

    start = time.perf_counter()
    linker.misc.save_model_to_json(args.model, overwrite=True)
    stages["write model"] = time.perf_counter() - start
    print(json.dumps({"records": {"did": counts[0], "hes": counts[1]}, "stages": stages}, indent=1))


def run(args):
    stages = {}
    start = time.perf_counter()
    con, db_api, did, hes, counts = load(args)
    stages["read + normalise"] = time.perf_counter() - start
    linker = Linker([did, hes], args.model)

    start = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=args.threshold, warning_mode="never")
    stages["predict"] = time.perf_counter() - start
    pairs = execute(con, f"select count(*) from {predictions.physical_name}")[0][0]

    start = time.perf_counter()
    # One-to-one on the DID side: each DID record's best HESID above the threshold (ties: lower HESID).
    execute(con, f"""
        create or replace table best as
        select did_id, hesid, match_probability from (
            select coalesce(did_id_l, did_id_r) as did_id, coalesce(hesid_l, hesid_r) as hesid, match_probability,
                   row_number() over (partition by coalesce(did_id_l, did_id_r)
                                      order by match_probability desc, coalesce(hesid_l, hesid_r)) as position
            from {predictions.physical_name})
        where position = 1 and match_probability >= {args.threshold}""")
    execute(con, f"""
        copy (select d.did_id as DID_ID, coalesce(b.hesid, '') as HESID,
                     case when b.hesid is null then '' else '1' end as MATCH_RANK,
                     b.match_probability as MATCH_PROBABILITY
              from did_n d left join best b using (did_id) order by d.did_id)
        to '{args.out}' (header, delimiter ',')""")
    stages["best per DID + write links"] = time.perf_counter() - start
    linked = execute(con, "select count(*) from best")[0][0]
    print(json.dumps({"records": {"did": counts[0], "hes": counts[1]}, "pairs_above_threshold": pairs,
                      "linked": linked, "stages": stages}, indent=1))


def evaluate(args):
    """precision = correct links / links; recall = correct links / records whose truth HESID is
    non-empty (as `linkfit evaluate`; a link to the person's second live HESID, truth.csv's
    ALSO_HESID, is right too). With --sweep, also every threshold on MATCH_PROBABILITY from 0.01
    to 0.99 (links.csv must hold the links from the lowest), and the threshold with the best F1."""
    truth = {}
    with open(args.truth, newline="") as f:
        for row in csv.DictReader(f):
            truth[row["DID_ID"]] = (row["HESID"], row.get("ALSO_HESID") or "", "twin" in row.get("DEFECTS", "").split(";"))
    in_index = sum(1 for hesid, _, _ in truth.values() if hesid)
    not_in_index = len(truth) - in_index
    scored = []  # (probability, correct, in index, twin) per link
    with open(args.links, newline="") as f:
        for row in csv.DictReader(f):
            if row["HESID"]:
                hesid, also, twin = truth[row["DID_ID"]]
                right = bool(hesid) and row["HESID"] in (hesid, also)
                scored.append((float(row.get("MATCH_PROBABILITY") or 1), right, bool(hesid), twin))

    def figures(threshold):
        kept = [s for s in scored if s[0] >= threshold]
        links, correct = len(kept), sum(1 for s in kept if s[1])
        precision = correct / links if links else 1.0
        recall = correct / in_index if in_index else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        outside_linked = sum(1 for s in kept if not s[2])
        return {"threshold": threshold, "linked": links, "correct": correct, "precision": precision, "recall": recall, "f1": f1,
                "wrongTwinLinks": sum(1 for s in kept if s[3] and not s[1]),
                "notInIndexUnlinked": 1 - outside_linked / not_in_index if not_in_index else 1.0}

    result = {"records": len(truth), "in_index": in_index, **figures(args.threshold)}
    if args.sweep:
        sweep = [figures(t / 100) for t in range(1, 100)]
        result["best"] = max(sweep, key=lambda r: (r["f1"], -r["threshold"]))
    print(json.dumps(result))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("fit", "run"):
        p = commands.add_parser(name)
        p.add_argument("--did", required=True)
        p.add_argument("--hes", required=True)
        p.add_argument("--old-new", required=True)
        p.add_argument("--model", required=True)
        p.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
        if name == "fit":
            p.add_argument("--lambda-recall", type=float, default=0.9)
            p.add_argument("--u-max-pairs", type=float, default=1e7)
            p.add_argument("--em-max-pairs", type=float, default=None)
        else:
            p.add_argument("--out", required=True)
            p.add_argument("--threshold", type=float, default=0.5)
    p = commands.add_parser("evaluate")
    p.add_argument("--links", required=True)
    p.add_argument("--truth", required=True)
    p.add_argument("--threshold", type=float, default=0.5, help="links count from this MATCH_PROBABILITY")
    p.add_argument("--sweep", action="store_true", help="also search thresholds 0.01-0.99 for the best F1")
    args = parser.parse_args(argv)
    {"fit": fit, "run": run, "evaluate": evaluate}[args.command](args)


if __name__ == "__main__":
    print(f"splink {splink.__version__}, duckdb {duckdb.__version__}", file=sys.stderr)
    main(sys.argv[1:])
