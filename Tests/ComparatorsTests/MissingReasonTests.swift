import Comparators
import Testing

@Suite struct MissingReasonTests {
    @Test func labelsAreStableLowercaseAndDistinct() {
        let labels = MissingReason.allCases.map(\.label)
        #expect(labels == ["blank", "malformed", "failed-check", "placeholder", "pseudo", "out-of-range", "not-known"])
        #expect(Set(labels).count == labels.count)
        #expect(labels.allSatisfy { $0 == $0.lowercased() })
    }

    @Test func rawValuesAreStableCodes() {
        #expect(MissingReason.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 6])
    }

    @Test func standardisedAccessors() {
        let present: Standardised<Int> = .value(7)
        let absent: Standardised<Int> = .missing(.pseudo)
        #expect(present.value == 7 && present.missingReason == nil)
        #expect(absent.value == nil && absent.missingReason == .pseudo)
        #expect(present.map { $0 * 2 } == .value(14))
        #expect(absent.map { $0 * 2 } == .missing(.pseudo))
    }
}
