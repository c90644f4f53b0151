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
            .init(name: "review", value: "file", help: "The run's review.csv, for the reliability table (default: review.csv beside --links, if there)."),
            .init(name: "id-column", value: "name", help: "The record id column in both files (default: DID_ID)."),
            SharedOptions.json,
        ])

    struct Options {
        var links: String
        var truth: String
        var review: String?
        var idColumn: String
        var json: Bool
    }

    static func options(_ reader: inout OptionReader) -> Options {
        Options(links: reader.required("links"), truth: reader.required("truth"), review: reader.string("review"),
                idColumn: reader.string("id-column") ?? LinkSettings.didToHES.left.idColumn, json: reader.flag("json"))
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let linksPath = options.links
        let truthPath = options.truth
        for path in [linksPath, truthPath] where !FileManager.default.fileExists(atPath: io.url(path).path) {
            throw InputError(file: path, "does not exist")
        }
        var reviewPath = options.review
        if let reviewPath, !FileManager.default.fileExists(atPath: io.url(reviewPath).path) { throw InputError(file: reviewPath, "does not exist") }
        let beside = io.url(linksPath).deletingLastPathComponent().appendingPathComponent("review.csv")
        if reviewPath == nil, FileManager.default.fileExists(atPath: beside.path) {
            reviewPath = (linksPath as NSString).deletingLastPathComponent.isEmpty ? "review.csv" : (linksPath as NSString).deletingLastPathComponent + "/review.csv"
        }
        let evaluation = try Evaluation.evaluate(
            links: io.url(linksPath), linksName: linksPath, truth: io.url(truthPath), truthName: truthPath,
            idColumn: options.idColumn, linkedIdColumn: LinkSettings.didToHES.right.idColumn,
            review: reviewPath.map { (io.url($0), $0) })
        if options.json {
            io.stdout.write(evaluation.json.serialised())
        } else {
            io.print(evaluation.text)
        }
    }
}
