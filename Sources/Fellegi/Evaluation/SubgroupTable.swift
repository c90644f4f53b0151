import Foundation
import LinkIO

/// The match rate by one subgroup dimension (age band, sex or postcode area), with a
/// disclosure-control rule: a group of fewer than `minimumCell` records is never shown under its own
/// name. Such groups are pooled into one last row, `other (N groups of fewer than 10 records)`, which
/// names none of them, so the rows still sum to the totals. No identifier is ever a group: bands,
/// sex codes and postcode areas (1–2 letters) only.
package struct SubgroupTable: Sendable, Equatable {
    package static let minimumCell = 10

    package struct Row: Sendable, Equatable {
        package var group: String
        package var counts: QualityReport.Counts
        /// How many small groups this row pools (0 for a named group).
        package var pooledGroups = 0

        package init(group: String, counts: QualityReport.Counts, pooledGroups: Int = 0) {
            self.group = group
            self.counts = counts
            self.pooledGroups = pooledGroups
        }
    }

    package var dimension: String
    package var rows: [Row]

    package init(dimension: String, rows: [Row]) {
        self.dimension = dimension
        self.rows = rows
    }

    /// Publishes `groups` (in the order given) under the rule: groups below `minimumCell` records
    /// are pooled into a last `other` row.
    package init(dimension: String, groups: [(group: String, counts: QualityReport.Counts)], minimumCell: Int = minimumCell) {
        self.dimension = dimension
        var shown: [Row] = []
        var pooled = QualityReport.Counts()
        var pooledGroups = 0
        for (group, counts) in groups where counts.records > 0 {
            if counts.records >= minimumCell {
                shown.append(Row(group: group, counts: counts))
            } else {
                pooled.records += counts.records
                pooled.matched += counts.matched
                pooledGroups += 1
            }
        }
        if pooledGroups > 0 {
            let name = "other (\(pooledGroups) group\(pooledGroups == 1 ? "" : "s") of fewer than \(minimumCell) records)"
            shown.append(Row(group: name, counts: pooled, pooledGroups: pooledGroups))
        }
        rows = shown
    }

    /// `[{"group", "records", "matched", "rate", "pooledGroups"?}]`.
    package var json: JSON {
        .array(rows.map { row in
            var members = QualityReport.countsJSON(row.counts)
            members["group"] = .string(row.group)
            if row.pooledGroups > 0 { members["pooledGroups"] = .number(Double(row.pooledGroups)) }
            return .object(members)
        })
    }

    /// Decodes `json`.
    package init(dimension: String, json: JSON?) {
        self.dimension = dimension
        rows = (json?.array ?? []).map { row in
            Row(group: row["group"]?.string ?? "", counts: QualityReport.Counts(json: row),
                pooledGroups: Int(row["pooledGroups"]?.number ?? 0))
        }
    }
}
