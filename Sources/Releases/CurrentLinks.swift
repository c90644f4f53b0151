import Fellegi
import Kernels

/// This run's links as changes.csv compares them, straight from the result (no second read of
/// links.csv): per left row its id, linked entity id and rank (empty unless linked), LINK_STATUS,
/// and how clerical decisions shaped it.
package struct CurrentLinks: Sendable {
    let result: LinkResult
    let left: RecordTable
    let right: RecordTable
    /// Each band's rank as bytes.
    private let ranks: [[UInt8]]

    private static let empty: [UInt8] = []

    package init(result: LinkResult, left: RecordTable, right: RecordTable) {
        self.result = result
        self.left = left
        self.right = right
        ranks = result.bands.map { Array($0.rank.utf8) }
    }

    var count: Int { result.count }

    func withID<R>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { left.ids.withBytes(row, body) }

    /// Calls `body` with row's linked entity id and rank (both empty unless linked) and whether it is linked.
    func withLink<R>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Bool) -> R) -> R {
        guard result.status[row] == .linked else {
            return Self.empty.withUnsafeBufferPointer { empty in body(empty, empty, false) }
        }
        return right.ids.withBytes(Int(result.best[row])) { entity in
            ranks[Int(result.band[row])].withUnsafeBufferPointer { rank in body(entity, rank, true) }
        }
    }

    /// LINK_STATUS as links.csv writes it.
    func status(_ row: Int) -> String { LinkOutput.statusLabel(row, result: result) }

    func effect(_ row: Int) -> ClericalAssignment.Effect? { result.clerical.isEmpty ? nil : result.clerical[Int32(row)] }

    /// Row's (entity id, rank) when linked.
    func link(_ row: Int) -> (id: String, rank: String)? {
        withLink(row) { entity, rank, linked in
            linked ? (String(decoding: entity, as: UTF8.self), String(decoding: rank, as: UTF8.self)) : nil
        }
    }
}
