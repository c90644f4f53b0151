import Testing

@testable import Fellegi

/// `GroupIndex` numbers values by first appearance, by their bytes alone, past its table's growth.
@Suite struct GroupIndexTests {
    static func number(_ values: [String]) -> (numbers: [Int], index: GroupIndex) {
        var index = GroupIndex()
        let numbers = values.map { value in Array(value.utf8).withUnsafeBufferPointer { index.index($0) } }
        return (numbers, index)
    }

    @Test(arguments: [
        (["RDE", "RAK", "RDE", "", "RAK", ""], [0, 1, 0, 2, 1, 2]),
        (["A", "AB", "ABC", "AB", "A"], [0, 1, 2, 1, 0]),  // prefixes of one another are other values
        (["PROVIDER-LONG-1", "PROVIDER-LONG-2", "PROVIDER-LONG-1"], [0, 1, 0]),  // longer than 7 bytes
        (["é", "e", "é"], [0, 1, 0]),
    ])
    func valuesAreNumberedByFirstAppearance(values: [String], numbers: [Int]) {
        let (found, index) = Self.number(values)
        #expect(found == numbers)
        var labels: [String] = []
        for value in values where !labels.contains(value) { labels.append(value) }
        #expect(index.labels == labels)
    }

    /// Thousands of values (the table grows many times): each keeps its number, found again by its bytes.
    @Test func manyValuesKeepTheirNumbers() {
        let values = (0..<5000).map { "P\($0 * 7919 % 5000)" }
        let (first, index) = Self.number(values)
        #expect(first == Array(0..<5000))
        var again = index
        let second = values.reversed().map { value in Array(value.utf8).withUnsafeBufferPointer { again.index($0) } }
        #expect(second == Array((0..<5000).reversed()))
        #expect(again.labels == values)
    }
}
