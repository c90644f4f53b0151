import Fellegi
import Foundation
import LinkIO

/// `linkfit evaluate`: precision, recall and F1 of a link file against truth.
enum EvaluateCommand: Command {
    static let spec = CommandSpec(
        name: "evaluate",
        abstract: "Compare a link file with the truth: precision, recall, F1, per rank and per defect.",
        options: [
            .init(name: "links", value: "file", help: "links.csv written by 'linkfit run'.", required: true),
            .init(name: "truth", value: "file", help: "Truth CSV (DID_ID,HESID[,DEFECTS]), e.g. from 'linkfit synth'.", required: true),
            .init(name: "id-column", value: "name", help: "The record id column in both files (default: DID_ID)."),
            SharedOptions.json,
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws {
        let linksPath = try arguments.required("links")
        let truthPath = try arguments.required("truth")
        for path in [linksPath, truthPath] where !FileManager.default.fileExists(atPath: io.url(path).path) {
            throw InputError(file: path, "does not exist")
        }
        let evaluation = try Evaluation.evaluate(
            links: io.url(linksPath), linksName: linksPath, truth: io.url(truthPath), truthName: truthPath,
            idColumn: arguments.string("id-column") ?? LinkSettings.didToHES.left.idColumn,
            linkedIdColumn: LinkSettings.didToHES.right.idColumn)
        if arguments.flag("json") {
            io.stdout.write(evaluation.json.serialised())
        } else {
            io.print(evaluation.text)
        }
    }
}
