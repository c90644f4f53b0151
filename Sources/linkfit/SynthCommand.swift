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

            Every rate and defect label is in docs/synth.md and 'linkfit synth --rates'.
            The same seed gives byte-identical files whatever the thread count.
            """,
        options: [
            .init(name: "hes", value: "n", help: "HES persons (HESIDs) (required)."),
            .init(name: "did", value: "m", help: "DID records over all releases (required)."),
            .init(name: "out", value: "dir", help: "Folder to write the files into (required)."),
            .init(name: "seed", value: "s", help: "Random seed (default: 1)."),
            .init(name: "months", value: "k", help: "Write K monthly releases did-01.csv... (1-120)."),
            .init(name: "start", value: "yyyy-mm", help: "First month of the release period (default: 2025-01)."),
            .init(name: "rate", value: "name=value", help: "Override a rate (repeatable; see --rates).", repeating: true),
            .flag("rates", "Print the rates table (name, default, label, meaning) and exit."),
            .init(name: "threads", value: "n", help: "Worker threads (default: all cores)."),
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws {
        if arguments.flag("rates") {
            io.print(ratesTable())
            return
        }
        let config = try config(from: arguments)
        guard let out = arguments.string("out") else { throw UsageError("missing required option '--out'") }
        let summary: SynthSummary
        do {
            summary = try generate(config, into: io.url(out))
        } catch let error as SynthConfigError {
            throw UsageError(error.message)
        } catch let error as SynthOutputError {
            throw CommandFailure(error.description)
        }
        io.print("wrote \(out): hes.csv (\(summary.hesPersons) persons, \(summary.hesRows) rows), "
            + "\(summary.didRecords) DID records (\(summary.didNotInHES) not in HES) in "
            + summary.files.filter { $0.hasPrefix("did") }.joined(separator: ", ")
            + ", truth.csv, old_new_hesid.csv (\(summary.mergedHESIDs) rows)")
    }

    /// The config the arguments describe.
    static func config(from arguments: ParsedArguments) throws -> SynthConfig {
        guard arguments.string("hes") != nil else { throw UsageError("missing required option '--hes'") }
        guard arguments.string("did") != nil else { throw UsageError("missing required option '--did'") }
        let persons = try arguments.int("hes", default: 0, in: 0...Int(Int32.max))
        let records = try arguments.int("did", default: 0, in: 0...Int(Int32.max))
        var config = SynthConfig(persons: persons, didRecords: records, seed: try arguments.uint64("seed", default: 1))
        if arguments.string("months") != nil { config.months = try arguments.int("months", default: 12, in: 1...120) }
        if arguments.string("threads") != nil { config.threads = try arguments.int("threads", default: 1, in: 1...1024) }
        if let start = arguments.string("start") {
            let parts = start.split(separator: "-")
            guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
                  (1900...2100).contains(year), (1...12).contains(month)
            else { throw UsageError("option '--start' expects a month yyyy-mm") }
            config.startYear = year
            config.startMonth = month
        }
        for assignment in arguments.strings("rate") {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]) else {
                throw UsageError("option '--rate' expects name=value, e.g. nhs-missing=0.05")
            }
            do {
                try config.rates.set(parts[0], to: value)
            } catch let error as SynthConfigError {
                throw UsageError(error.message)
            }
        }
        return config
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
