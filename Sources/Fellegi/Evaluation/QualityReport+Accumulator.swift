import Comparators
import Foundation
import Kernels
import LinkIO

extension QualityReport {
    /// One chunk of the pass over links.csv (and the left table's rows beside it): every count of the
    /// report but the review file's. Providers, ranks, months and subgroups are numbered by small
    /// integers and counted in arrays (no hashing per record but of the provider's and rank's bytes),
    /// labelled at the end; chunks merge in file order (`merge`).
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
        /// Months (`monthIndex`), numbered, their counts, and the current record's month's number.
        var monthSlots = DenseSlots()
        var months: [Counts] = []
        var recordDate = RecordDateCache()
        var monthSlot = 0
        /// Identifier counts (with the left table): overall (group 0), per provider and per month,
        /// by number.
        var identifiersOverall: IdentifierValidity.Groups
        var identifiersByProvider: IdentifierValidity.Groups
        var identifiersByMonth: IdentifierValidity.Groups
        /// The left table's name, whether it is read beside links.csv, and the id column in links.csv.
        let leftName: String
        let readsLeft: Bool
        let comparisons: Int
        let linksIdColumn: Int
        /// The left table row of the chunk's first record (found by its id), and the records read.
        var firstRow: Int?
        var rowsRead = 0
        /// The chunk's first line in links.csv (for messages).
        var firstLine = 0
        var ages = SubgroupCounts()
        var sexes = SubgroupCounts()
        var areas = SubgroupCounts()
        var weightBins = WeightBins()
        let minimumCell: Int
        /// Per provider and per month (`monthIndex`), merged from chunks (`merge`).
        var mergedProviders: [String: Counts] = [:]
        var mergedProviderIdentifiers: [String: IdentifierValidity] = [:]
        var mergedMonths: [Int: Counts] = [:]
        var mergedIdentifierMonths: [Int: IdentifierValidity] = [:]

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
            readsLeft = sources.left != nil
            identifiersOverall = IdentifierValidity.Groups(comparisons: comparisons)
            identifiersByProvider = identifiersOverall
            identifiersByMonth = identifiersOverall
            guard readsLeft else {
                linksIdColumn = 0
                return
            }
            linksIdColumn = try links.requireColumns([settings.left.idColumn])[0]
            self.report.identifierNames = settings.comparisons.map(\.name)
            self.report.identifierKinds = settings.comparisons.map(\.kind)
            self.report.identifiers = IdentifierValidity(comparisons: settings.comparisons.count)
        }

        /// Adds every record left in `links` (and, with `left`, the left table's rows beside them:
        /// `left` is the table the accumulator was made for). The left table is bound once here and
        /// lent to each record, never copied per record.
        ///
        /// - Complexity: O(bytes of the records); no `String` per record but for a new provider or rank.
        mutating func add(recordsOf links: CSVReader, left: RecordIdentifiers?) throws {
            guard let left else {
                while try links.next() {
                    _ = try add(links)
                    rowsRead += 1
                }
                return
            }
            while try links.next() {
                let record = try add(links)
                try addLeft(links, left: left, record)
                rowsRead += 1
            }
        }

        /// What `add` found of a record that the left table's row adds to.
        struct Record {
            var matched: Bool
            var provider: Int?
            var month: Int?
        }

        /// Adds the record `links` is on; `addLeft` adds the left table's row.
        mutating func add(_ links: CSVReader) throws -> Record {
            let status = links.withField(statusColumn) { Outcome(bytes: $0) }
            let matched = status == .matched
            let provider = providerColumn.map { column in links.withField(column) { providerValues.index($0) } }
            var month: Int?
            if let column = dateColumn {
                if links.withField(column, { recordDate.read($0) }) { monthSlot = monthSlots.slot(of: recordDate.month) }
                month = monthSlot
            }
            report.overall.add(matched)
            if let provider {
                if provider == providers.count { providers.append(Counts()) }
                providers[provider].add(matched)
            }
            if let month {
                if month == months.count { months.append(Counts()) }
                months[month].add(matched)
            }
            let p = try probability(links)
            let weight = try weightColumn.flatMap { column -> Double? in
                try links.withField(column) { bytes -> Double? in
                    guard !bytes.isEmpty else { return nil }
                    guard let value = Decimal.parse(bytes), value.isFinite else { throw links.error(column: column, "is not a number") }
                    return value
                }
            }
            weightBins.add(weight, status == .matched ? .linked : status == .review ? .review : .unlinked, else: &report.weights)
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
            return Record(matched: matched, provider: provider, month: month)
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
        mutating func addLeft(_ links: CSVReader, left: RecordIdentifiers, _ record: Record) throws {
            if firstRow == nil {
                // The chunk's first record is found by its id; the rest must follow it row by row.
                firstRow = links.withField(linksIdColumn) { left.row(ofID: $0) }
                guard firstRow != nil else {
                    throw links.error(column: linksIdColumn, "is not the id of a record of \(leftName) (links.csv was not made from this file)")
                }
            }
            let row = (firstRow ?? 0) + rowsRead
            guard row < left.rowCount else {
                throw links.error("has more rows than \(leftName) has records (links.csv was not made from this file)")
            }
            guard links.withField(linksIdColumn, { left.hasID($0, row: row) }) else {
                throw links.error(column: linksIdColumn, "is not the id on line \(left.line(row)) of \(leftName) (links.csv was not made from this file)")
            }
            for k in 0..<comparisons {
                let reason = left.reason(k, row: row)
                guard reason != RecordTable.present else { continue }
                identifiersOverall.add(group: 0, k, reason: reason)
                if let provider = record.provider { identifiersByProvider.add(group: provider, k, reason: reason) }
                if let month = record.month { identifiersByMonth.add(group: month, k, reason: reason) }
            }
            let keys = left.keys(row: row, ages: dateColumn == nil ? nil : recordDate.ages)
            if keys.age != SubgroupKey.none { ages.add(keys.age, matched: record.matched) }
            if keys.sex != SubgroupKey.none { sexes.add(keys.sex, matched: record.matched) }
            if keys.area != SubgroupKey.none { areas.add(keys.area, matched: record.matched) }
        }

        /// Per provider (empty values as `unknown`): counts, and identifiers when the left file was read.
        func providerTables() -> ([String: Counts], [String: IdentifierValidity]) {
            var counts: [String: Counts] = [:]
            var validity: [String: IdentifierValidity] = [:]
            for (index, label) in providerValues.labels.enumerated() {
                let name = label.isEmpty ? "unknown" : label
                counts[name, default: Counts()].add(providers[index])
                if readsLeft {
                    validity[name, default: IdentifierValidity(comparisons: comparisons)]
                        .add(identifiersByProvider.validity(group: index, records: providers[index].records))
                }
            }
            return (counts, validity)
        }

        /// Adds the next chunk's counts (chunks in file order, so first appearances keep their order
        /// and sums are added in one fixed order whatever the thread count). The left table's rows
        /// must continue where this chunk's stopped.
        mutating func merge(_ other: Accumulator, linksName: String) throws {
            if readsLeft, other.rowsRead > 0 {
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
            other.weightBins.fold(into: &report.weights)
            for rank in other.report.ranks {
                if let index = report.ranks.firstIndex(where: { $0.rank == rank.rank }) {
                    report.ranks[index].matched += rank.matched
                    report.ranks[index].falseLinks.add(rank.falseLinks)
                } else {
                    report.ranks.append(rank)
                }
            }
            if readsLeft { report.identifiers?.add(other.identifiersOverall.validity(group: 0, records: other.report.overall.records)) }
            let (counts, validity) = other.providerTables()
            for (key, value) in counts { mergedProviders[key, default: Counts()].add(value) }
            for (key, value) in validity { mergedProviderIdentifiers[key, default: IdentifierValidity(comparisons: comparisons)].add(value) }
            for (slot, key) in other.monthSlots.keys.enumerated() {
                mergedMonths[key, default: Counts()].add(other.months[slot])
                if readsLeft {
                    mergedIdentifierMonths[key, default: IdentifierValidity(comparisons: comparisons)]
                        .add(other.identifiersByMonth.validity(group: slot, records: other.months[slot].records))
                }
            }
            ages.add(other.ages)
            sexes.add(other.sexes)
            areas.add(other.areas)
        }

        /// The merged pass must have started at the left table's first record and read every one.
        func finishLeft(linksName: String, left: RecordIdentifiers?) throws {
            guard let left else { return }
            if let firstRow, firstRow != 0 {
                throw InputError(file: linksName, line: 2, "is not the first record of \(leftName) (links.csv was not made from this file)")
            }
            let next = (firstRow ?? 0) + rowsRead
            guard next < left.rowCount else { return }
            throw InputError(file: leftName, line: left.line(next), "has more records than \(linksName) (links.csv was not made from this file)")
        }

        /// The subgroup tables, groups in key order (age bands ascending, then unknown; male, female,
        /// then why missing; areas alphabetically, then why missing), under the disclosure rule.
        func subgroupTables() -> [SubgroupTable] {
            guard readsLeft else { return [] }
            var tables: [SubgroupTable] = []
            for (dimension, table, label) in [("age band", ages, SubgroupKey.ageLabel), ("sex", sexes, SubgroupKey.sexLabel),
                                              ("postcode area", areas, SubgroupKey.areaLabel)] {
                let groups = table.groups.map { (group: label($0.code), counts: $0.counts) }
                guard !groups.isEmpty else { continue }
                tables.append(SubgroupTable(dimension: dimension, groups: groups, minimumCell: minimumCell))
            }
            return tables
        }

        /// The merged months by label (`YYYY-MM`, `unknown`): counts, and identifiers with the left file.
        func monthTables() -> ([String: Counts], [String: IdentifierValidity]) {
            (Dictionary(uniqueKeysWithValues: mergedMonths.map { (monthLabel(index: $0.key), $0.value) }),
             Dictionary(uniqueKeysWithValues: mergedIdentifierMonths.map { (monthLabel(index: $0.key), $0.value) }))
        }
    }

    /// The first month a record date can fall in: year·12 + month − 1 of the earliest plausible date,
    /// below which `CalendarDate.standardise` returns no date.
    static let firstMonthKey = monthKey(.earliestPlausibleBirth)

    /// year·12 + month − 1 of a date.
    static func monthKey(_ date: CalendarDate) -> Int {
        let (year, month, _) = date.civil
        return Int(year) * 12 + Int(month) - 1
    }

    /// A record date's month as a small number: 0 without a date, else 1 + months since
    /// `firstMonthKey` (so 1 is January 1895; at most a few thousand up to `latestRecordDate`).
    static func monthIndex(_ date: CalendarDate?) -> Int {
        date.map { monthKey($0) - firstMonthKey + 1 } ?? 0
    }

    /// `YYYY-MM` of a `monthIndex`, `unknown` for 0.
    static func monthLabel(index: Int) -> String {
        monthLabel(index == 0 ? -1 : index - 1 + firstMonthKey)
    }

    /// A links.csv `LINK_STATUS` as the report counts it.
    enum Outcome {
        case matched, review, unlinked

        init(bytes: UnsafeBufferPointer<UInt8>) {
            if Self.same(bytes, "review") {
                self = .review
            } else if Self.same(bytes, "linked") || Self.same(bytes, "linked-duplicate") || Self.same(bytes, "linked-clerical") {
                self = .matched
            } else {
                self = .unlinked
            }
        }

        @inline(__always)
        private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
            bytes.hasSameBytes(as: UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        }
    }
}

extension QualityReport.Counts {
    mutating func add(_ other: QualityReport.Counts) {
        records += other.records
        matched += other.matched
    }
}
