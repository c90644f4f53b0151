import Comparators
import Foundation
import LinkIO

extension QualityReport {
    /// One chunk of the pass over links.csv (and the left table's rows beside it): every count of the
    /// report but the review file's. Months and subgroups are keyed by small integers, labelled at
    /// the end; chunks merge in file order (`merge`).
    struct Accumulator: Sendable {
        var report: QualityReport
        let statusColumn: Int
        let rankColumn: Int
        let dateColumn: Int?
        let providerColumn: Int?
        let probabilityColumn: Int?
        let weightColumn: Int?
        /// MATCH_RANK values, numbered, and the `report.ranks` index of each.
        var rankValues = GroupIndex()
        var rankSlot: [Int] = []
        /// Provider values, numbered, and their counts.
        var providerValues = GroupIndex()
        var providers: [Counts] = []
        var providerIdentifiers: [IdentifierValidity] = []
        var months: [Int: Counts] = [:]
        var identifierMonths: [Int: IdentifierValidity] = [:]
        /// The left table, read row by row beside links.csv, and the id column in links.csv.
        let leftName: String
        var identifiers: RecordIdentifiers?
        let comparisons: Int
        let linksIdColumn: Int
        /// The left table row of the chunk's first record (found by its id), and the records read.
        var firstRow: Int?
        var rowsRead = 0
        /// The chunk's first line in links.csv (for messages).
        var firstLine = 0
        var ages: [UInt64: Counts] = [:]
        var sexes: [UInt64: Counts] = [:]
        var areas: [UInt64: Counts] = [:]
        let minimumCell: Int
        /// Per provider, merged from chunks (`merge`).
        var mergedProviders: [String: Counts] = [:]
        var mergedProviderIdentifiers: [String: IdentifierValidity] = [:]

        init(links: CSVHeader, sources: QualitySources, report: QualityReport) throws {
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
            var ranks = GroupIndex()
            for rank in report.ranks { _ = Array(rank.rank.utf8).withUnsafeBufferPointer { ranks.index($0) } }
            rankValues = ranks
            rankSlot = ranks.labels.indices.map { $0 }
            comparisons = settings.comparisons.count
            leftName = sources.leftName
            guard let table = sources.left else {
                linksIdColumn = 0
                return
            }
            linksIdColumn = try links.requireColumns([settings.left.idColumn])[0]
            identifiers = RecordIdentifiers(table: table)
            self.report.identifierNames = settings.comparisons.map(\.name)
            self.report.identifierKinds = settings.comparisons.map(\.kind)
            self.report.identifiers = IdentifierValidity(comparisons: settings.comparisons.count)
        }

        /// Adds the record `links` is on (and the left file's next record).
        ///
        /// - Complexity: O(bytes of the record); no `String` per record but for a new provider or rank.
        mutating func add(_ links: CSVReader) throws {
            let status = links.withField(statusColumn) { Outcome(bytes: $0) }
            let matched = status == .matched
            let provider = providerColumn.map { column in links.withField(column) { providerValues.index($0) } }
            let date = dateColumn.flatMap { column in links.withField(column) { CalendarDate.standardise($0, latest: .latestRecordDate).value } }
            let month = dateColumn.map { _ in date.map(Self.monthKey) ?? -1 }
            report.overall.add(matched)
            if let provider {
                if provider == providers.count { providers.append(Counts()) }
                providers[provider].add(matched)
            }
            if let month { months[month, default: Counts()].add(matched) }
            let p = try probability(links)
            let weight = try weightColumn.flatMap { column -> Double? in
                try links.withField(column) { bytes -> Double? in
                    guard !bytes.isEmpty else { return nil }
                    guard let value = Decimal.parse(bytes), value.isFinite else { throw links.error(column: column, "is not a number") }
                    return value
                }
            }
            report.weights.add(weight, status == .matched ? .linked : status == .review ? .review : .unlinked)
            if matched {
                let index = rankIndex(links)
                report.ranks[index].matched += 1
                if let p {
                    report.ranks[index].falseLinks.add(1 - p)
                    report.falseLinks.add(1 - p)
                }
            } else if status == .unlinked, let p {
                report.missedLinks.add(p)
            }
            if rowsRead == 0 { firstLine = links.line }
            try addLeft(links, matched: matched, provider: provider, month: month, date: date)
            rowsRead += 1
        }

        /// The `report.ranks` index of the record's MATCH_RANK (a rank summary.json lacks is added).
        mutating func rankIndex(_ links: CSVReader) -> Int {
            let value = links.withField(rankColumn) { rankValues.index($0) }
            if value == rankSlot.count {
                rankSlot.append(report.ranks.count)
                report.ranks.append(Rank(rank: rankValues.labels[value], meaning: ""))
            }
            return rankSlot[value]
        }

        func probability(_ links: CSVReader) throws -> Double? {
            guard let column = probabilityColumn else { return nil }
            return try links.withField(column) { bytes -> Double? in
                guard !bytes.isEmpty else { return nil }
                guard let value = Decimal.parse(bytes), value >= 0, value <= 1 else { throw links.error(column: column, "is not a probability") }
                return value
            }
        }

        /// Reads the left table's next row, checks it is the record links.csv's row was made from, and
        /// adds its identifiers and subgroups.
        mutating func addLeft(_ links: CSVReader, matched: Bool, provider: Int?, month: Int?, date: CalendarDate?) throws {
            guard let rows = identifiers?.rowCount else { return }
            if firstRow == nil {
                // The chunk's first record is found by its id; the rest must follow it row by row.
                firstRow = links.withField(linksIdColumn) { identifiers?.row(ofID: $0) }
                guard firstRow != nil else {
                    throw links.error(column: linksIdColumn, "is not the id of a record of \(leftName) (links.csv was not made from this file)")
                }
            }
            let row = (firstRow ?? 0) + rowsRead
            guard row < rows else {
                throw links.error("has more rows than \(leftName) has records (links.csv was not made from this file)")
            }
            guard links.withField(linksIdColumn, { identifiers?.hasID($0, row: row) }) == true else {
                throw links.error(column: linksIdColumn, "is not the id on line \(identifiers?.line(row) ?? 0) of \(leftName) (links.csv was not made from this file)")
            }
            identifiers?.read(row: row, recordDate: date)
            let reasons = identifiers?.reasons ?? []
            let keys = identifiers?.keys ?? SubgroupKey()
            report.identifiers?.add(reasons)
            if let provider {
                if provider == providerIdentifiers.count { providerIdentifiers.append(IdentifierValidity(comparisons: comparisons)) }
                providerIdentifiers[provider].add(reasons)
            }
            if let month { identifierMonths[month, default: IdentifierValidity(comparisons: comparisons)].add(reasons) }
            if keys.age != SubgroupKey.none { ages[keys.age, default: Counts()].add(matched) }
            if keys.sex != SubgroupKey.none { sexes[keys.sex, default: Counts()].add(matched) }
            if keys.area != SubgroupKey.none { areas[keys.area, default: Counts()].add(matched) }
        }

        /// Per provider (empty values as `unknown`): counts, and identifiers when the left file was read.
        func providerTables() -> ([String: Counts], [String: IdentifierValidity]) {
            var counts: [String: Counts] = [:]
            var validity: [String: IdentifierValidity] = [:]
            for (index, label) in providerValues.labels.enumerated() {
                let name = label.isEmpty ? "unknown" : label
                counts[name, default: Counts()].add(providers[index])
                if index < providerIdentifiers.count {
                    validity[name, default: IdentifierValidity(comparisons: comparisons)].add(providerIdentifiers[index])
                }
            }
            return (counts, validity)
        }

        /// Adds the next chunk's counts (chunks in file order, so first appearances keep their order
        /// and sums are added in one fixed order whatever the thread count). The left table's rows
        /// must continue where this chunk's stopped.
        mutating func merge(_ other: Accumulator, linksName: String) throws {
            if identifiers != nil, other.rowsRead > 0 {
                guard other.firstRow == (firstRow ?? 0) + rowsRead else {
                    throw InputError(file: linksName, line: other.firstLine, "is not the record after the previous line's in \(leftName) (links.csv was not made from this file)")
                }
            }
            if firstRow == nil { firstRow = other.firstRow }
            rowsRead += other.rowsRead
            report.overall.add(other.report.overall)
            report.falseLinks.add(other.report.falseLinks)
            report.missedLinks.add(other.report.missedLinks)
            report.weights.add(other.report.weights)
            for rank in other.report.ranks {
                if let index = report.ranks.firstIndex(where: { $0.rank == rank.rank }) {
                    report.ranks[index].matched += rank.matched
                    report.ranks[index].falseLinks.add(rank.falseLinks)
                } else {
                    report.ranks.append(rank)
                }
            }
            if let theirs = other.report.identifiers { report.identifiers?.add(theirs) }
            let (counts, validity) = other.providerTables()
            for (key, value) in counts { mergedProviders[key, default: Counts()].add(value) }
            for (key, value) in validity { mergedProviderIdentifiers[key, default: IdentifierValidity(comparisons: comparisons)].add(value) }
            for (key, value) in other.months { months[key, default: Counts()].add(value) }
            for (key, value) in other.identifierMonths { identifierMonths[key, default: IdentifierValidity(comparisons: comparisons)].add(value) }
            for (key, value) in other.ages { ages[key, default: Counts()].add(value) }
            for (key, value) in other.sexes { sexes[key, default: Counts()].add(value) }
            for (key, value) in other.areas { areas[key, default: Counts()].add(value) }
        }

        /// The merged pass must have started at the left table's first record and read every one.
        func finishLeft(linksName: String) throws {
            guard let identifiers else { return }
            if let firstRow, firstRow != 0 {
                throw InputError(file: linksName, line: 2, "is not the first record of \(leftName) (links.csv was not made from this file)")
            }
            let next = (firstRow ?? 0) + rowsRead
            guard next < identifiers.rowCount else { return }
            throw InputError(file: leftName, line: identifiers.line(next), "has more records than \(linksName) (links.csv was not made from this file)")
        }

        /// The subgroup tables, groups in key order (age bands ascending, then unknown; male, female,
        /// then why missing; areas alphabetically, then why missing), under the disclosure rule.
        func subgroupTables() -> [SubgroupTable] {
            guard identifiers != nil else { return [] }
            var tables: [SubgroupTable] = []
            for (dimension, table, label) in [("age band", ages, SubgroupKey.ageLabel), ("sex", sexes, SubgroupKey.sexLabel),
                                              ("postcode area", areas, SubgroupKey.areaLabel)] where !table.isEmpty {
                let groups = table.keys.sorted().map { (group: label($0), counts: table[$0] ?? Counts()) }
                tables.append(SubgroupTable(dimension: dimension, groups: groups, minimumCell: minimumCell))
            }
            return tables
        }

        /// year·12 + month − 1 of a date.
        static func monthKey(_ date: CalendarDate) -> Int {
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

extension QualityReport.Counts {
    mutating func add(_ other: QualityReport.Counts) {
        records += other.records
        matched += other.matched
    }
}
