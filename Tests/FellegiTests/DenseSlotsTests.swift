import Testing

@testable import Fellegi

/// `DenseSlots` numbers small keys by first appearance, whatever their order or gaps.
@Suite struct DenseSlotsTests {
    @Test(arguments: [
        ([5, 0, 5, 3000, 0, 7], [0, 1, 0, 2, 1, 3], [5, 0, 3000, 7]),
        ([0], [0], [0]),
        ([9, 8, 7, 8, 9], [0, 1, 2, 1, 0], [9, 8, 7]),
    ])
    func keysAreNumberedByFirstAppearance(keys: [Int], slots: [Int], order: [Int]) {
        var dense = DenseSlots()
        #expect(keys.map { dense.slot(of: $0) } == slots)
        #expect(dense.keys == order)
    }
}
