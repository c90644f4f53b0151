import Synth
import LinkIO

/// `linkfit synth`: synthetic HES index, DID releases and ground truth, deterministic for a seed.
enum SynthCommand: Command {
    static let spec = CommandSpec(
        name: "synth",
        abstract: "Generate a synthetic HES index and DID records with known truth.",
        discussion: """
            FILES (written atomically into --out):
              hes.csv            HESID,NEWNHSNO,DOB,SEX,HOMEADD: the HES patient index; a HESID
                                 may have several rows (earlier postcodes)
              did.csv            DID_ID,NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE,TEST_DATE,
                                 MODALITY,NICIP_CODE,PROVIDER_CODE,PATIENT_SOURCE_SETTING,
                                 in TEST_DATE order (with --months K: did-01.csv ... did-K.csv)
              truth.csv          DID_ID,HESID,DEFECTS,ALSO_HESID: the true current HESID (empty
                                 when the person is not in HES), the ;-separated defect labels
                                 and the person's second live HESID, if HES holds them twice
              old_new_hesid.csv  OLD_HESID,NEW_HESID: merged HESIDs; truth is always the new one

            With --series: one folder per month, month-01/ ... month-K/, each a release's inputs and truth: that
            month's hes.csv (persons late to HES appear, merged duplicate HESIDs join old_new_hesid.csv) and
            did.csv, the DID history to the month's end (corrected records resubmitted, withdrawn ones gone).

            Every rate and defect label is in docs/synth.md and 'linkfit synth --rates'.
            The same seed gives byte-identical files whatever the thread count.
            """,
        options: [
            .init(name: "hes-persons", value: "n", help: "HES persons (HESIDs) (required).", aliases: ["hes"]),
            .init(name: "did-records", value: "m", help: "DID records over all releases (required).", aliases: ["did"]),
            .init(name: "out", value: "dir", help: "Folder to write the files into (required)."),
            .init(name: "seed", value: "s", help: "Random seed (default: 1)."),
            .init(name: "months", value: "k", help: "Write K monthly releases did-01.csv... (1-120)."),
            .flag("series", "Write a release series: month-01/ ... (with --months, default 12), each a month's inputs."),
            .init(name: "start", value: "yyyy-mm", help: "First month of the release period (default: 2025-01)."),
            .init(name: "rate", value: "name=value", help: "Override a rate (repeatable; see --rates).", repeating: true),
            .flag("rates", "Print the rates table (name, default, label, meaning) and exit."),
            .init(name: "threads", value: "n", help: "Worker threads (default: all cores)."),
            SharedOptions.quiet,
        ])

    enum Options {
        /// `--rates`: print the table.
        case rates
        case generate(SynthConfig, out: String, quiet: Bool)
    }

    static func options(_ reader: inout OptionReader) -> Options {
        // With --rates nothing is generated, so nothing else is required (but what is given must be right).
        let rates = reader.flag("rates")
        if !rates {
            _ = reader.require("hes-persons")
            _ = reader.require("did-records")
        }
        let out = rates ? "" : reader.require("out")
        var config = SynthConfig(
            persons: reader.int("hes-persons", default: 0, in: counts),
            didRecords: reader.int("did-records", default: 0, in: counts),
            seed: reader.int("seed", in: 0...UInt64.max) ?? 1)
        config.months = reader.int("months", in: 1...120)
        config.series = reader.flag("series")
        config.threads = reader.threadsIfGiven()
        if let start = reader.string("start") {
            let parts = start.split(separator: "-")
            if parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1900...2100).contains(year), (1...12).contains(month) {
                config.startYear = year
                config.startMonth = month
            } else {
                reader.problem("option '--start' expects a month yyyy-mm")
            }
        }
        for assignment in reader.strings("rate") {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]) else {
                reader.problem("option '--rate' expects name=value, e.g. nhs-missing=0.05")
                continue
            }
            do {
                try config.rates.set(parts[0], to: value)
            } catch {
                reader.problem(String(describing: error))
            }
        }
        if rates { return .rates }
        check(config, &reader)
        return .generate(config, out: out, quiet: reader.flag("quiet"))
    }

    /// HES persons and DID records: counts that fit the generator's 32-bit row numbers.
    static let counts = 0...Int(Int32.max)

    /// Records what `generate` would refuse in `config` (rates that sum past 1, more persons than
    /// NHS numbers), so it is a usage error before any file is written.
    static func check(_ config: SynthConfig, _ reader: inout OptionReader) {
        guard reader.problems.isEmpty else { return }
        for problem in config.problems() { reader.problem(problem) }
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        guard case .generate(let config, let out, let quiet) = options else {
            io.print(ratesTable())
            return
        }
        let stages = try io.stageLog(command: spec.name, quiet: quiet)
        defer { stages.finish() }
        let summary: SynthSummary
        do {
            summary = try generate(config, into: io.url(out), stages: stages)
        } catch let error as SynthOutputError {
            throw CommandFailure(error.description)
        }
        stages.finish(succeeded: true)
        if config.series {
            io.print("wrote \(out): \(config.months ?? 12) monthly releases month-01/ ...; the last: hes.csv (\(summary.hesPersons) persons, "
                + "\(summary.hesRows) rows), did.csv (\(summary.didRecords) DID records to date, \(summary.didNotInHES) not in HES), "
                + "truth.csv, old_new_hesid.csv (\(summary.mergedHESIDs) rows)")
            return
        }
        io.print("wrote \(out): hes.csv (\(summary.hesPersons) persons, \(summary.hesRows) rows), "
            + "\(summary.didRecords) DID records (\(summary.didNotInHES) not in HES) in "
            + summary.files.filter { $0.hasPrefix("did") }.joined(separator: ", ")
            + ", truth.csv, old_new_hesid.csv (\(summary.mergedHESIDs) rows)")
    }

    /// The rates table: name, default, defect label, meaning.
    static func ratesTable() -> String {
        let nameWidth = (SynthRates.table.map(\.name.count).max() ?? 0) + 2
        let labelWidth = (SynthRates.table.map(\.label.count).max() ?? 0) + 2
        var lines = ["NAME".padded(nameWidth) + "DEFAULT".padded(12) + "LABEL".padded(labelWidth) + "MEANING"]
        for entry in SynthRates.table {
            lines.append(entry.name.padded(nameWidth) + SynthRates.format(entry.defaultValue).padded(12)
                + (entry.label.isEmpty ? "-" : entry.label).padded(labelWidth) + entry.meaning)
        }
        return lines.joined(separator: "\n")
    }
}
