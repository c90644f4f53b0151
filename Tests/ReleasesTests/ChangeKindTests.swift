import Testing

@testable import Releases

/// `ChangeKind.of`: the kind of change of one record between two link files, by hand.
@Suite struct ChangeKindTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var previous: (id: String, rank: String)?
        var current: (id: String, rank: String)?
        var expected: ChangeKind
        var testDescription: String { expected.rawValue }
    }

    /// H-OLD was merged into H1 (old → current); H2 is another person.
    static let cases: [Case] = [
        Case(previous: nil, current: nil, expected: .unchanged),
        Case(previous: nil, current: ("H1", "1"), expected: .newlyLinked),
        Case(previous: ("H1", "1"), current: nil, expected: .unlinked),
        Case(previous: ("H1", "1"), current: ("H1", "1"), expected: .unchanged),
        Case(previous: ("H1", "6"), current: ("H1", "1"), expected: .rankChanged),
        Case(previous: ("H1", "1"), current: ("H2", "1"), expected: .relinked),
        Case(previous: ("H-OLD", "1"), current: ("H1", "1"), expected: .renamed),
        Case(previous: ("H-OLD", "6"), current: ("H2", "6"), expected: .relinked),
    ]

    @Test(arguments: cases) func kind(_ c: Case) {
        let current = { (id: String) in id == "H-OLD" ? "H1" : id }
        #expect(ChangeKind.of(previous: c.previous, current: c.current, currentOf: current) == c.expected)
    }
}
