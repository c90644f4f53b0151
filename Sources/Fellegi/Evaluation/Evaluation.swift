import Foundation
import Kernels
import LinkIO

/// Quality of links against known truth: precision, recall and F1 overall and per rank; false and
/// missed links; recall per injected defect (synthetic data), and the hard-case checks (wrong twin
/// links, records of people not in the index left unlinked).
package struct Evaluation: Sendable {
    package struct Counts: Sendable, Equatable {
        package var records = 0
        package var linked = 0
        package var correct = 0
        package var inIndex = 0
        package var precision: Double { linked == 0 ? 1 : Double(correct) / Double(linked) }
        package var recall: Double { inIndex == 0 ? 1 : Double(correct) / Double(inIndex) }
        package var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    package var overall = Counts()
    package var review = 0
    package var reviewInIndex = 0
    package var falseLinks: Int { overall.linked - overall.correct }
    package var missedLinks: Int { overall.inIndex - overall.correct }
    package var perRank: [String: Counts] = [:]
    package var perDefect: [String: Counts] = [:]
    /// Records of people with a twin in the index linked to someone else.
    package var wrongTwinLinks = 0
    /// Records of people not in the index, and how many stayed unlinked.
    package var notInIndex = 0
    package var notInIndexUnlinked = 0
    /// `MATCH_PROBABILITY` of linked records (and, with the review file, of reviewed records' first
    /// candidates) against the truth.
    package var reliability = Reliability()
    /// Label-free estimate of the false links, Σ (1 − p) over linked records' `MATCH_PROBABILITY`
    /// (``ExpectedCount``), overall and per rank, to set beside the true counts.
    package var estimatedFalseLinks = ExpectedCount()
    package var estimatedFalseLinksPerRank: [String: ExpectedCount] = [:]

    package init() {}

    /// Reads `links` (the record id, the linked id, `MATCH_RANK` and `LINK_STATUS` columns) and
    /// `truth` (the record id, the true linked id, optional `DEFECTS` and `ALSO_<linked id>`, a second
    /// id of the same entity that is also right: a person HES holds twice) and compares them record
    /// by record.
    ///
    /// - Parameters:
    ///   - idColumn: the record id column in both files (the left side's id, `DID_ID` by default).
    ///   - linkedIdColumn: the linked id column in both files (the right side's id, `HESID` by default);
    ///     empty when unlinked, or in the truth when the record's entity is not in the index.
    ///   - review: the run's review.csv, whose first candidate per record joins the reliability table.
    /// - Throws: `InputError` for malformed files, missing columns, or a record in one file but not the other.
    // Over 60 lines on purpose: the truth pass, the links pass and the review pass share the interned ids; each pass is a plain loop.
    package static func evaluate(links: URL, linksName: String, truth: URL, truthName: String, idColumn: String,
                                linkedIdColumn: String, review: (url: URL, name: String)? = nil) throws -> Evaluation {
        let truthReader = try CSVReader(url: truth, name: truthName, allowHeaderOnly: true)
        let truthColumns = try truthReader.requireColumns([idColumn, linkedIdColumn])
        let defectsColumn = truthReader.columnIndex("DEFECTS")
        let alsoColumn = truthReader.columnIndex("ALSO_\(linkedIdColumn)")
        var ids = StringInterner()
        var truthLinked: [String] = []
        var alsoLinked: [String] = []
        var truthDefects: [[Substring]] = []
        var seen: [Bool] = []
        while try truthReader.next() {
            let (index, isNew) = truthReader.withField(truthColumns[0]) { ids.intern($0) }
            guard isNew, index == truthLinked.count else { throw truthReader.error(column: truthColumns[0], "repeats an id") }
            truthLinked.append(truthReader.string(truthColumns[1]))
            alsoLinked.append(alsoColumn.map { truthReader.string($0) } ?? "")
            let defects = defectsColumn.map { truthReader.string($0) } ?? ""
            truthDefects.append(defects.split(separator: ";"))
            seen.append(false)
        }
        // Right: the true id, or the second id of a person the index holds twice (ALSO_<linked id>).
        func isRight(_ linked: String, _ index: Int) -> Bool {
            !truthLinked[index].isEmpty && (linked == truthLinked[index] || linked == alsoLinked[index])
        }
        let reader = try CSVReader(url: links, name: linksName, allowHeaderOnly: true)
        let columns = try reader.requireColumns([idColumn, linkedIdColumn, "MATCH_RANK"])
        let statusColumn = reader.columnIndex("LINK_STATUS")
        let probabilityColumn = reader.columnIndex("MATCH_PROBABILITY")
        var evaluation = Evaluation()
        while try reader.next() {
            guard let index = reader.withField(columns[0], { ids.index(of: $0) }) else {
                throw reader.error(column: columns[0], "has an id that is not in \(truthName)")
            }
            if seen[index] { throw reader.error(column: columns[0], "repeats an id (each record must appear once)") }
            seen[index] = true
            let linkedTo = reader.string(columns[1])
            let rank = reader.string(columns[2])
            let truth = truthLinked[index]
            let isLinked = !linkedTo.isEmpty
            let isCorrect = isLinked && isRight(linkedTo, index)
            func tally(_ counts: inout Counts) {
                counts.records += 1
                if isLinked { counts.linked += 1 }
                if isCorrect { counts.correct += 1 }
                if !truth.isEmpty { counts.inIndex += 1 }
            }
            tally(&evaluation.overall)
            if isLinked {
                tally(&evaluation.perRank[rank, default: Counts()])
                if let probabilityColumn, let p = Double(reader.string(probabilityColumn)) {
                    evaluation.reliability.add(probability: p, correct: isCorrect)
                    evaluation.estimatedFalseLinks.add(1 - p)
                    evaluation.estimatedFalseLinksPerRank[rank, default: ExpectedCount()].add(1 - p)
                }
            }
            for defect in truthDefects[index] { tally(&evaluation.perDefect[String(defect), default: Counts()]) }
            if statusColumn.map({ reader.string($0) }) == "review" {
                evaluation.review += 1
                if !truth.isEmpty { evaluation.reviewInIndex += 1 }
            }
            if truthDefects[index].contains("twin"), isLinked, !isCorrect { evaluation.wrongTwinLinks += 1 }
            if truth.isEmpty {
                evaluation.notInIndex += 1
                if !isLinked { evaluation.notInIndexUnlinked += 1 }
            }
        }
        if let missing = seen.firstIndex(of: false) {
            throw InputError(file: linksName, column: idColumn, "has no row for a record of \(truthName) (its record \(missing + 1)): every record must appear once")
        }
        if let review {
            let reader = try CSVReader(url: review.url, name: review.name, allowHeaderOnly: true)
            let columns = try reader.requireColumns([idColumn, "CANDIDATE", linkedIdColumn, "MATCH_PROBABILITY"])
            while try reader.next() {
                guard reader.string(columns[1]) == "1" else { continue }
                guard let index = reader.withField(columns[0], { ids.index(of: $0) }) else {
                    throw reader.error(column: columns[0], "has an id that is not in \(truthName)")
                }
                guard let p = Double(reader.string(columns[3])) else { throw reader.error(column: columns[3], "is not a number") }
                evaluation.reliability.add(probability: p, correct: isRight(reader.string(columns[2]), index))
            }
        }
        return evaluation
    }

    package var json: JSON {
        func counts(_ c: Counts) -> JSON {
            .object([
                "records": .number(Double(c.records)), "linked": .number(Double(c.linked)), "correct": .number(Double(c.correct)),
                "inIndex": .number(Double(c.inIndex)), "precision": .number(Self.rounded(c.precision)),
                "recall": .number(Self.rounded(c.recall)), "f1": .number(Self.rounded(c.f1)),
            ])
        }
        var object: [String: JSON] = [
            "overall": counts(overall),
            "falseLinks": .number(Double(falseLinks)),
            "missedLinks": .number(Double(missedLinks)),
            "review": .object(["records": .number(Double(review)), "inIndex": .number(Double(reviewInIndex))]),
            "perRank": .object(perRank.mapValues(counts)),
            "perDefect": .object(perDefect.mapValues(counts)),
            "wrongTwinLinks": .number(Double(wrongTwinLinks)),
            "notInIndex": .object(["records": .number(Double(notInIndex)), "unlinked": .number(Double(notInIndexUnlinked))]),
            "reliability": .array(reliability.bins.map { bin in
                .object([
                    "lower": .number(bin.lower), "upper": .number(bin.upper), "records": .number(Double(bin.records)),
                    "correct": .number(Double(bin.correct)), "predicted": .number(Self.rounded(bin.predicted)),
                    "observed": .number(Self.rounded(bin.observed)),
                ])
            }),
        ]
        if estimatedFalseLinks.trials > 0 {
            object["estimatedFalseLinks"] = .object(["overall": estimatedFalseLinks.json,
                                                     "perRank": .object(estimatedFalseLinksPerRank.mapValues(\.json))])
        }
        return .object(object)
    }

    static func rounded(_ value: Double) -> Double { (value * 1e6).rounded() / 1e6 }

    package var text: String {
        func row(_ name: String, _ c: Counts) -> String {
            name.padded(26)
                + String(format: "%9d %9d %9d %10.4f %8.4f", c.records, c.linked, c.correct, c.precision, c.recall)
        }
        var lines = [
            String(format: "precision %.4f   recall %.4f   F1 %.4f", overall.precision, overall.recall, overall.f1),
            "false links \(falseLinks), missed links \(missedLinks), in review \(review) (\(reviewInIndex) of them in the index)",
            String(format: "not in the index: %d records, %d unlinked (%.2f%%); wrong-twin links: %d",
                   notInIndex, notInIndexUnlinked, notInIndex == 0 ? 100 : 100 * Double(notInIndexUnlinked) / Double(notInIndex), wrongTwinLinks),
            "",
            "                            records    linked   correct  precision   recall",
        ]
        let ranks = perRank.keys.sorted(by: { $0.localizedStandardCompare($1) == .orderedAscending })
        for rank in ranks {
            lines.append(row("rank \(rank)", perRank[rank] ?? Counts()))
        }
        if estimatedFalseLinks.trials > 0 {
            lines.append("")
            lines.append("false links                  true   estimated from MATCH_PROBABILITY [95% interval]")
            lines.append("all".padded(26) + String(format: "%7d   ", falseLinks) + estimatedFalseLinks.text)
            for rank in ranks {
                let counts = perRank[rank] ?? Counts()
                let estimate = estimatedFalseLinksPerRank[rank].map(\.text) ?? "-"
                lines.append("rank \(rank)".padded(26) + String(format: "%7d   ", counts.linked - counts.correct) + estimate)
            }
        }
        if !perDefect.isEmpty {
            lines.append("")
            lines.append("recall per defect          records    linked   correct  precision   recall")
            for defect in perDefect.keys.sorted() { lines.append(row(defect, perDefect[defect] ?? Counts())) }
        }
        if reliability.bins.contains(where: { $0.records > 0 }) {
            lines.append("")
            lines.append("MATCH_PROBABILITY      records   correct  predicted   observed  difference")
            for bin in reliability.bins where bin.records > 0 {
                lines.append(String(format: "[%.3f, %.3f%@  %9d %9d %10.4f %10.4f %+11.4f", bin.lower, bin.upper, bin.upper == 1 ? "]" : ")",
                                    bin.records, bin.correct, bin.predicted, bin.observed, bin.observed - bin.predicted))
            }
        }
        return lines.joined(separator: "\n")
    }
}
