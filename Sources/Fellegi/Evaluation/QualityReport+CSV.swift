import Foundation
import LinkIO

extension QualityReport {
    /// The quality tables as one CSV for spreadsheets, written atomically to `url`:
    /// `TABLE,GROUP,RECORDS,MATCHED,MATCH_RATE` then the headline identifier figures (shares, 6
    /// decimals; empty for subgroup rows). Tables: `all`, `provider`, `test-month`, then each
    /// subgroup dimension (`age-band`, `sex`, `postcode-area`), groups in the report's order. A group
    /// name from an input (a provider code) that starts like a formula gets a leading `'` (OWASP).
    /// - Throws: `OutputError` when the file cannot be written.
    package func writeCSV(to url: URL) throws {
        let titles = identifiers.map { headlines.figures($0).map(\.title) } ?? []
        let header = ["TABLE", "GROUP", "RECORDS", "MATCHED", "MATCH_RATE"]
            + titles.map { $0.uppercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_") }
        let writer = try CSVWriter(url: url, header: header)
        func row(_ table: String, _ group: String, _ counts: Counts, _ validity: IdentifierValidity?) throws {
            writer.field(table)
            var sink = writer
            LinkOutput.inputCell(group, to: &sink)
            writer.field(counts.records)
            writer.field(counts.matched)
            writer.field(Self.rate(counts.rate), digits: 6)
            for index in titles.indices {
                if let validity { writer.field(Self.rate(headlines.figures(validity)[index].share), digits: 6) } else { writer.field("") }
            }
            try writer.endRow()
        }
        try row("all", "all", overall, identifiers)
        for key in perProvider.keys.sorted() { try row("provider", key, perProvider[key] ?? Counts(), identifiersPerProvider[key]) }
        for key in perMonth.keys.sorted() { try row("test-month", key, perMonth[key] ?? Counts(), identifiersPerMonth[key]) }
        for table in subgroups {
            let name = table.dimension.replacingOccurrences(of: " ", with: "-")
            for group in table.rows { try row(name, group.group, group.counts, nil) }
        }
        try writer.commit()
    }
}
