import Testing

@testable import Kernels

/// `FlatColumn`: the same elements however it is made (copied, filled, appended, or a strided view
/// of a row-major table whose memory another object owns).
@Suite struct FlatColumnTests {
    @Test func everyWayOfMakingAColumnHoldsTheSameElements() {
        let values: [UInt64] = (0..<1_000).map { $0 &* 2_654_435_761 }
        let copied = FlatColumn(values)
        let filled = FlatColumn<UInt64>(count: values.count) { buffer in
            for index in buffer.indices { buffer[index] = values[index] }
        }
        var builder = FlatColumn<UInt64>.Builder(count: values.count)
        builder.append(contentsOf: values[..<300])
        builder.append(contentsOf: values[300...])
        let appended = builder.finish()
        for column in [copied, filled, appended] {
            #expect(column.array == values)
            #expect(column.count == values.count)
            #expect(column[999] == values[999])
        }
        #expect(copied == appended)
        #expect(FlatColumn<UInt64>().isEmpty)
    }

    /// Owns the memory of a row-major table, as a mapped file does.
    final class Table {
        let base: UnsafeMutablePointer<UInt64>
        init(_ rows: [UInt64]) {
            base = .allocate(capacity: rows.count)
            base.initialize(from: rows, count: rows.count)
        }
        deinit { base.deallocate() }
    }

    @Test func aStridedColumnIsOneColumnOfARowMajorTable() {
        // Three columns, four rows: row r holds 10r, 10r + 1, 10r + 2.
        let table = Table((0..<4).flatMap { row in (0..<3).map { UInt64(10 * row + $0) } })
        let columns = (0..<3).map { k in FlatColumn<UInt64>(unsafeBase: UnsafeRawPointer(table.base + k), count: 4, stride: 3, owner: table) }
        #expect(columns[0].array == [0, 10, 20, 30])
        #expect(columns[2].array == [2, 12, 22, 32])
        #expect(columns[1].withUnsafeBufferPointer { Array($0) } == [1, 11, 21, 31])
        #expect(columns[1] == FlatColumn([1, 11, 21, 31]))
    }
}
