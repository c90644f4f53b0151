import Foundation
import LinkIO

extension QualityReport {
    /// The console tables: totals, ranks, estimates, providers and months (with the identifier
    /// figures when the left file was read), subgroups, weight ranges and the rules.
    package var text: String {
        var lines = [
            String(format: "records in %d, matched %d, match rate %.2f%%", overall.records, overall.matched, 100 * overall.rate),
            "",
            "rank    matched  expected false links [95% interval]  meaning",
        ]
        for rank in ranks {
            let estimate = rank.falseLinks.trials == 0 ? "-" : rank.falseLinks.text
            lines.append(rank.rank.padded(5) + String(format: "%10d  ", rank.matched) + estimate.padded(36) + " " + rank.meaning)
        }
        lines.append("")
        lines.append("expected false links: " + (falseLinks.trials == 0 ? "- (no MATCH_PROBABILITY)" : falseLinks.text))
        lines.append("expected missed links: " + missedLinks.text
            + " (over \(missedLinks.trials) review first candidates and unlinked records with a probability)")
        for (title, table, identifiers) in [("provider", perProvider, identifiersPerProvider), ("test month", perMonth, identifiersPerMonth)]
        where !table.isEmpty {
            lines.append("")
            lines += groupLines(title, table, identifiers)
        }
        lines += subgroupLines + weightLines
        if !rules.isEmpty {
            lines.append("")
            lines.append("validation and derivation rules")
            lines += rules.map { "  \($0.topic): \($0.text)" }
        }
        return lines.joined(separator: "\n")
    }

    /// One table of groups: records, matched, rate, then each headline identifier figure.
    func groupLines(_ title: String, _ table: [String: Counts], _ identifiers: [String: IdentifierValidity]) -> [String] {
        let titles = identifiers.isEmpty ? [] : headlines.figures(IdentifierValidity(comparisons: identifierNames.count)).map(\.title)
        var lines = [title.padded(20) + "   records    matched      rate" + titles.map { "  " + $0 }.joined()]
        for key in table.keys.sorted() {
            let c = table[key] ?? Counts()
            var line = key.padded(20) + String(format: "%10d %10d %9.2f%%", c.records, c.matched, 100 * c.rate)
            if let validity = identifiers[key] {
                for (title, share) in headlines.figures(validity) {
                    line += "  " + String(format: "%.2f%%", 100 * share).leftPadded(title.count)
                }
            }
            lines.append(line)
        }
        if let identifiers = self.identifiers, !titles.isEmpty {
            var line = "all".padded(20) + String(format: "%10d %10d %9.2f%%", overall.records, overall.matched, 100 * overall.rate)
            for (title, share) in headlines.figures(identifiers) { line += "  " + String(format: "%.2f%%", 100 * share).leftPadded(title.count) }
            lines.append(line)
        }
        return lines
    }

    var subgroupLines: [String] {
        subgroups.flatMap { table -> [String] in
            ["", "match rate by \(table.dimension)".padded(40) + "   records    matched      rate"]
                + table.rows.map { row in
                    row.group.padded(40) + String(format: "%10d %10d %9.2f%%", row.counts.records, row.counts.matched, 100 * row.counts.rate)
                }
        }
    }

    var weightLines: [String] {
        let bins = weights.bins
        guard !bins.isEmpty || weights.withoutWeight.contains(where: { $0 > 0 }) else { return [] }
        var lines = ["", "best-candidate match weight  records  lowest bin  highest bin  without a candidate"]
        for outcome in WeightDistribution.Outcome.allCases {
            let held = bins.filter { $0.counts[outcome.rawValue] > 0 }
            let low = held.first.map { String(format: "%.0f", $0.lower) } ?? "-"
            let high = held.last.map { String(format: "%.0f", $0.lower) } ?? "-"
            lines.append(outcome.label.padded(28) + String(format: "%8d", weights.weighted[outcome.rawValue]) + low.leftPadded(12)
                + high.leftPadded(13) + String(weights.withoutWeight[outcome.rawValue]).leftPadded(21))
        }
        lines.append("(\(Int(WeightDistribution.binWidth))-bit bins in quality.json)")
        return lines
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
