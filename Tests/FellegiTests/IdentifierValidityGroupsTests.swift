import Comparators
import Testing

@testable import Fellegi

/// `IdentifierValidity.Groups` counts, group by group, what `IdentifierValidity.add` counts.
@Suite struct IdentifierValidityGroupsTests {
    @Test func groupsCountAsValidityDoes() {
        // Records of three groups over two comparisons; nil: present.
        let records: [(group: Int, reasons: [MissingReason?])] = [
            (0, [nil, .blank]), (2, [.failedCheck, nil]), (0, [.blank, .blank]), (2, [nil, nil]), (0, [.notKnown, .pseudo]),
        ]
        var groups = IdentifierValidity.Groups(comparisons: 2)
        var expected = Array(repeating: IdentifierValidity(comparisons: 2), count: 3)
        for record in records {
            expected[record.group].add(record.reasons)
            for (k, reason) in record.reasons.enumerated() {
                if let reason { groups.add(group: record.group, k, reason: reason.rawValue) }
            }
        }
        #expect(groups.count == 3)
        for group in 0..<3 {
            #expect(groups.validity(group: group, records: expected[group].records) == expected[group])
        }
        // A group past the last with a cell has none missing.
        #expect(groups.validity(group: 7, records: 4) == IdentifierValidity(records: 4, missing: [[0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]]))
    }
}
