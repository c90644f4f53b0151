import Foundation
import Synth

/// `linkfit demo`: the README's main command. Generates a synthetic release with known truth, fits
/// the model, links the release and judges the links, running the real commands in-process.
enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: "demo",
        abstract: "Generate a synthetic release, fit, link and evaluate it in one go.",
        discussion: """
            Runs, in order: linkfit synth (HES index, DID release and truth), linkfit fit, linkfit run and
            linkfit evaluate, and prints what each found. Every file is kept in the output folder, so each
            step can be rerun by hand (the commands are printed).
            """,
        options: [
            .init(name: "out", value: "dir", help: "Where to write the demo's files (default: linkfit-demo)."),
            .init(name: "hes-persons", value: "n", help: "HES persons to generate (default: 400000).", aliases: ["hes"]),
            .init(name: "did-records", value: "n", help: "DID records to generate (default: 100000).", aliases: ["did"]),
            SharedOptions.threads,
        ])

    struct Options {
        var out: String
        var hesPersons: Int
        var didRecords: Int
        var threads: Int
    }

    static func options(_ reader: inout OptionReader) -> Options {
        let options = Options(
            out: reader.string("out") ?? "linkfit-demo",
            hesPersons: reader.int("hes-persons", default: 400_000, in: 100...100_000_000),
            didRecords: reader.int("did-records", default: 100_000, in: 10...50_000_000),
            threads: reader.threads())
        SynthCommand.check(SynthConfig(persons: options.hesPersons, didRecords: options.didRecords, seed: 1), &reader)
        return options
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let out = options.out
        let threads = options.threads
        _ = try io.outputFolder(out)
        let data = "\(out)/data"
        let steps: [(title: String, arguments: [String])] = [
            ("Generate a synthetic HES index and DID release with known truth",
             ["synth", "--hes-persons", "\(options.hesPersons)", "--did-records", "\(options.didRecords)", "--seed", "1",
              "--out", data]),
            ("Fit the Fellegi–Sunter model (m by EM, u by sampling, λ by rule)",
             ["fit", "--did", "\(data)/did.csv", "--hes", "\(data)/hes.csv", "--old-new", "\(data)/old_new_hesid.csv",
              "--model", "\(out)/model.json", "--threads", "\(threads)"]),
            ("Link the release: one HESID per DID record, match ranks, review queue",
             ["run", "--did", "\(data)/did.csv", "--hes", "\(data)/hes.csv", "--old-new", "\(data)/old_new_hesid.csv",
              "--model", "\(out)/model.json", "--file-version", "DEMO-1", "--out", "\(out)/run", "--threads", "\(threads)"]),
            ("Judge the links against the truth",
             ["evaluate", "--links", "\(out)/run/links.csv", "--truth", "\(data)/truth.csv"]),
        ]
        io.print("linkfit demo: a synthetic monthly release, fitted, linked and judged against the truth.")
        let start = DispatchTime.now().uptimeNanoseconds
        for (index, step) in steps.enumerated() {
            io.print("")
            io.print("\(index + 1). \(step.title)")
            io.print("   $ linkfit \(step.arguments.joined(separator: " "))")
            // Each step's output is shown below its command; its progress is not (the demo takes seconds).
            var environment = io.environment
            environment[ProgressMode.environmentName] = ProgressMode.off.rawValue
            let captured = CommandIO.capturing(in: io.workingDirectory, environment: environment)
            let status = CLI.main(step.arguments, io: captured)
            let text = captured.stdout.text + captured.stderr.text
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() where shows(line, step: index) {
                io.print("   " + line)
            }
            if status != 0 { throw CommandFailure("step \(index + 1) (linkfit \(step.arguments[0])) failed") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        io.print("")
        io.print("Done in \(String(format: "%.1f", seconds)) s. Files in \(out)/: data/ (inputs and truth), model.json, run/links.csv,")
        io.print("run/review.csv, run/summary.json. Next: 'linkfit inspect \(out)/model.json', and the walkthroughs in Notebooks/.")
    }

    /// The lines of each step worth showing a newcomer (the full output is one command away).
    private static func shows(_ line: Substring, step: Int) -> Bool {
        switch step {
        // The overall lines only: not the per-rank table of estimated false links under its header.
        case 3: return !line.hasPrefix("recall per defect") && !line.contains("estimated from")
            && (line.hasPrefix("precision") || line.hasPrefix("false") || line.hasPrefix("not in"))
        default: return true
        }
    }
}
