import Comparators
import Foundation
import LinkIO

extension QualityReport {
    /// The one pass over links.csv (and the left file, in step): every count of the report but the
    /// review file's. Months and subgroups are keyed by small integers, labelled at the end.
    struct Accumulator {
        var report: QualityReport
        let statusColumn: Int
        let rankColumn: Int
        let dateColumn: Int?
        let providerColumn: Int?
        let probabilityColumn: Int?
        let weightColumn: Int?
        var rankIndex: [String: Int] = [:]
        var months: [Int: Counts] = [:]
        var identifierMonths: [Int: IdentifierValidity] = [:]
        /// The left file, read in step with links.csv, and its id columns in both.
        let left: CSVReader?
        var identifiers: RecordIdentifiers?
        let leftIdColumn: Int
        let linksIdColumn: Int
        var ages: [UInt64: Counts] = [:]
        var sexes: [UInt64: Counts] = [:]
        var areas: [UInt64: Counts] = [:]
        let minimumCell: Int

        init(links: CSVReader, sources: QualitySources, report: QualityReport) throws {
            self.report = report
            minimumCell = sources.minimumCell
            let settings = sources.settings
            let required = try links.requireColumns(["LINK_STATUS", "MATCH_RANK"])
            statusColumn = required[0]
            rankColumn = required[1]
            let dateName = settings.left.recordDateColumn
            if sources.optionalColumns {
                dateColumn = dateName.flatMap(links.columnIndex)
                providerColumn = links.columnIndex(sources.providerColumn)
            } else {
                dateColumn = try dateName.map { try links.requireColumns([$0])[0] }
                providerColumn = try links.requireColumns([sources.providerColumn])[0]
            }
            probabilityColumn = links.columnIndex("MATCH_PROBABILITY")
            weightColumn = links.columnIndex("MATCH_WEIGHT")
            for (index, rank) in report.ranks.enumerated() { rankIndex[rank.rank] = index }
            guard let url = sources.left else {
                left = nil
                leftIdColumn = 0
                linksIdColumn = 0
                return
            }
            let reader = try CSVReader(url: url, name: sources.leftName, allowHeaderOnly: true)
            left = reader
            leftIdColumn = try reader.requireColumns([settings.left.idColumn])[0]
            linksIdColumn = try links.requireColumns([settings.left.idColumn])[0]
            identifiers = try RecordIdentifiers(settings: settings, header: reader.columns)
            self.report.identifierNames = settings.comparisons.map(\.name)
            self.report.identifierKinds = settings.comparisons.map(\.kind)
            self.report.identifiers = IdentifierValidity(comparisons: settings.comparisons.count)
        }

        /// Adds the record `links` is on (and the left file's next record).
        mutating func add(_ links: CSVReader) throws {
            let status = links.withField(statusColumn) { Outcome(bytes: $0) }
            let matched = status == .matched
            let provider = providerColumn.map { column in links.withField(column) { $0.isEmpty ? "unknown" : String(decoding: $0, as: UTF8.self) } }
            let month = dateColumn.map { column in links.withField(column) { Self.monthKey($0) } }
            report.overall.add(matched)
            if let provider { report.perProvider[provider, default: Counts()].add(matched) }
            if let month { months[month, default: Counts()].add(matched) }
            let p = try probability(links)
            let weight = try weightColumn.flatMap { column -> Double? in
                guard case let text = links.string(column), !text.isEmpty else { return nil }
                guard let value = Double(text), value.isFinite else { throw links.error(column: column, "is not a number") }
                return value
            }
            report.weights.add(weight, status == .matched ? .linked : status == .review ? .review : .unlinked)
            if matched {
                let rank = links.string(rankColumn)
                if rankIndex[rank] == nil {
                    rankIndex[rank] = report.ranks.count
                    report.ranks.append(Rank(rank: rank, meaning: ""))
                }
                let index = rankIndex[rank] ?? 0
                report.ranks[index].matched += 1
                if let p {
                    report.ranks[index].falseLinks.add(1 - p)
                    report.falseLinks.add(1 - p)
                }
            } else if status == .unlinked, let p {
                report.missedLinks.add(p)
            }
            try addLeft(links, matched: matched, provider: provider, month: month)
        }

        func probability(_ links: CSVReader) throws -> Double? {
            guard let column = probabilityColumn, case let text = links.string(column), !text.isEmpty else { return nil }
            guard let value = Double(text), value >= 0, value <= 1 else { throw links.error(column: column, "is not a probability") }
            return value
        }

        /// Reads the left file's next record, checks it is the one links.csv's row was made from, and
        /// adds its identifiers and subgroups.
        mutating func addLeft(_ links: CSVReader, matched: Bool, provider: String?, month: Int?) throws {
            guard let left, var identifiers else { return }
            guard try left.next() else {
                throw links.error("has more rows than \(left.name) (links.csv was not made from this file)")
            }
            let same = links.withField(linksIdColumn) { a in left.withField(leftIdColumn) { b in a.elementsEqual(b) } }
            guard same else {
                throw links.error(column: linksIdColumn, "is not the id on line \(left.line) of \(left.name) (links.csv was not made from this file)")
            }
            identifiers.read(left)
            self.identifiers = identifiers
            report.identifiers?.add(identifiers.reasons)
            let comparisons = identifiers.reasons.count
            if let provider { report.identifiersPerProvider[provider, default: IdentifierValidity(comparisons: comparisons)].add(identifiers.reasons) }
            if let month { identifierMonths[month, default: IdentifierValidity(comparisons: comparisons)].add(identifiers.reasons) }
            let keys = identifiers.keys
            if keys.age != SubgroupKey.none { ages[keys.age, default: Counts()].add(matched) }
            if keys.sex != SubgroupKey.none { sexes[keys.sex, default: Counts()].add(matched) }
            if keys.area != SubgroupKey.none { areas[keys.area, default: Counts()].add(matched) }
        }

        /// The left file must have no record past links.csv's last.
        func finishLeft(_ links: CSVReader) throws {
            guard let left else { return }
            if try left.next() {
                throw InputError(file: left.name, line: left.line, "has more records than \(links.name) (links.csv was not made from this file)")
            }
        }

        /// The subgroup tables, groups in key order (age bands ascending, then unknown; male, female,
        /// then why missing; areas alphabetically, then why missing), under the disclosure rule.
        func subgroupTables() -> [SubgroupTable] {
            guard left != nil else { return [] }
            var tables: [SubgroupTable] = []
            for (dimension, table, label) in [("age band", ages, SubgroupKey.ageLabel), ("sex", sexes, SubgroupKey.sexLabel),
                                              ("postcode area", areas, SubgroupKey.areaLabel)] where !table.isEmpty {
                let groups = table.keys.sorted().map { (group: label($0), counts: table[$0] ?? Counts()) }
                tables.append(SubgroupTable(dimension: dimension, groups: groups, minimumCell: minimumCell))
            }
            return tables
        }

        /// year·12 + month − 1 of a valid date, −1 otherwise.
        static func monthKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            guard let date = CalendarDate.standardise(bytes, latest: .latestRecordDate).value else { return -1 }
            let (year, month, _) = date.civil
            return Int(year) * 12 + Int(month) - 1
        }
    }

    /// A links.csv `LINK_STATUS` as the report counts it.
    enum Outcome {
        case matched, review, unlinked

        init(bytes: UnsafeBufferPointer<UInt8>) {
            if bytes.elementsEqual("review".utf8) {
                self = .review
            } else if bytes.elementsEqual("linked".utf8) || bytes.elementsEqual("linked-duplicate".utf8) || bytes.elementsEqual("linked-clerical".utf8) {
                self = .matched
            } else {
                self = .unlinked
            }
        }
    }
}
