import Foundation
import Testing
@testable import Synth

@Suite struct SynthRatesTests {
    /// docs/synth.md's rates table, as (name, default, label) rows.
    static func documentedTable() throws -> [(String, String, String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/synth.md"), encoding: .utf8)
        let rates = try #require(text.range(of: "## Rates"))
        return text[rates.upperBound...].split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `") else { return nil }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { return nil }
            let label = cells[2] == "–" ? "" : cells[2].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            return (cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), cells[1], label)
        }
    }

    @Test func docsTableMatchesTheCodeDefaults() throws {
        let documented = try Self.documentedTable()
        #expect(documented.count == SynthRates.table.count)
        for (row, entry) in zip(documented, SynthRates.table) {
            #expect(row.0 == entry.name)
            #expect(Double(row.1) == entry.defaultValue, "\(entry.name): docs say \(row.1)")
            #expect(row.2 == entry.label, "\(entry.name) label")
        }
    }

    @Test func everyDefectLabelIsDocumented() throws {
        let documented = Set(try Self.documentedTable().map(\.2))
        let structural: Set<String> = []
        for (_, label) in Defects.all {
            #expect(documented.contains(label) || structural.contains(label), "\(label) is in docs/synth.md")
        }
        #expect(Set(SynthRates.table.map(\.name)).count == SynthRates.table.count)
    }

    @Test func defaultsAreValid() {
        #expect(SynthRates().problems().isEmpty)
    }

    @Test func setOverridesByNameAndRejectsUnknownOrOutOfRange() throws {
        var rates = SynthRates()
        try rates.set("nhs-missing", to: 0.2)
        #expect(rates.nhsMissing == 0.2)
        #expect(throws: SynthConfigError.self) { try rates.set("nhs-mising", to: 0.2) }
        #expect(throws: SynthConfigError.self) { try rates.set("nhs-missing", to: 1.5) }
        #expect(throws: SynthConfigError.self) { try rates.set("nhs-missing", to: .nan) }
        do {
            try rates.set("bogus", to: 0)
        } catch let error as SynthConfigError {
            #expect(error.message.hasPrefix("unknown rate 'bogus'; valid names: twin-pairs, twin-same-sex, "))
        }
    }

    @Test(arguments: [
        ([], ""),
        ([Defects.twin], "twin"),
        ([Defects.notInHES, .nhsMissing, .postcodePseudo], "not-in-hes;nhs-missing;postcode-pseudo"),
    ] as [([Defects], String)])
    func defectLabelsRoundTrip(defects: [Defects], labels: String) {
        let set = Defects(defects)
        #expect(set.labels == labels)
        #expect(Defects(labels: labels) == set)
    }
}
