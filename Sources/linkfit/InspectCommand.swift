import Fellegi
import Foundation
import LinkIO

/// `linkfit inspect model.json`: the m/u/weight table and convergence of a saved model.
enum InspectCommand: Command {
    static let spec = CommandSpec(
        name: "inspect",
        abstract: "Show a saved model: m, u and match weight per level, λ, and convergence.",
        positionals: [.init(name: "model", help: "A model file written by 'linkfit fit'.")],
        options: [])

    static func options(_ reader: inout OptionReader) -> String { reader.positional(0) ?? "" }

    static func run(_ path: String, _ io: CommandIO) throws {
        let model = try FittedModel.load(io.readJSON(path), file: path)
        io.print(ModelTable.text(model))
    }
}

/// The model as methodologists read it.
enum ModelTable {
    static func text(_ model: FittedModel) -> String {
        let p = model.parameters
        var lines = [
            String(format: "λ = %.4e  (prior match weight %.2f bits; %d records × %d entities; %.0f expected matches)",
                   p.lambda, p.priorWeight, model.report.leftRecords, model.report.rightEntities, model.report.lambda.expectedMatches),
            "",
            "comparison    level                    m            u     weight  u from",
        ]
        for (k, comparison) in model.settings.comparisons.enumerated() {
            for level in 1..<model.levelLabels[k].count {
                let name = level == 1 ? comparison.name : ""
                lines.append(
                    name.padded(14) + model.levelLabels[k][level].padded(20)
                        + String(format: "%10.6f %12.4e %+10.2f  ", p.m[k][level], p.u[k][level], model.weight(k, level))
                        + model.uSources[k][level])
            }
        }
        lines.append("")
        lines.append("EM sessions (one per blocking rule; its own comparisons left out):")
        for session in model.report.sessions {
            let status = session.converged ? "converged" : "NOT converged"
            let left = session.excluded.isEmpty ? "" : "; leaves out \(session.excluded.joined(separator: ", "))"
            lines.append("  \(session.rule): \(Int(session.pairs)) pairs, \(session.iterations.count) iterations, \(status), λ \(String(format: "%.4f", session.lambda))\(left)")
            for problem in session.problems { lines.append("    problem: \(problem)") }
        }
        return lines.joined(separator: "\n")
    }
}
