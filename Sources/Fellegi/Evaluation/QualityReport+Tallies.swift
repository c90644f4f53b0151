import Comparators
import Foundation
import Kernels

extension QualityReport {
    /// The last record date the quality pass read and what it derives from it (the month, the age
    /// band limits): consecutive records mostly share a date (a DID file comes in test-date order),
    /// so a date is standardised once per run of equal bytes, and its month and limits are derived
    /// once per run of equal dates (however written).
    struct RecordDateCache: Sendable {
        private var bytes: [UInt8] = []
        private var filled = false
        /// The date (`CalendarDate.standardise` up to `RecordTable.latestRecordDate`), nil when missing.
        private(set) var date: CalendarDate?
        /// `QualityReport.monthIndex` of `date`.
        private(set) var month = 0
        /// The age band limits at `date` (nil when missing).
        private(set) var ages: AgeBand.Limits?

        /// Reads a record date's bytes; true when its date differs from the last one read.
        ///
        /// - Complexity: O(length); a standardisation only when the bytes differ.
        @inline(__always)
        mutating func read(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
            if filled, Self.same(field, bytes) { return false }
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: field)
            let next = CalendarDate.standardise(field, latest: .latestRecordDate).value
            if filled, next == date { return false }
            filled = true
            date = next
            month = QualityReport.monthIndex(next)
            ages = next.map(AgeBand.Limits.init(at:))
            return true
        }

        private static func same(_ field: UnsafeBufferPointer<UInt8>, _ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBufferPointer { field.hasSameBytes(as: $0) }
        }
    }

    /// The records and matches of one subgroup dimension by `SubgroupKey` code, in an array indexed
    /// by code (codes are below `SubgroupKey.limit`; any other is counted apart, by key).
    struct SubgroupCounts: Sendable {
        private var dense: [Counts] = []
        private var others: [UInt64: Counts] = [:]

        @inline(__always)
        mutating func add(_ code: UInt64, matched: Bool) {
            guard code < UInt64(SubgroupKey.limit) else {
                others[code, default: Counts()].add(matched)
                return
            }
            let index = Int(code)
            if index >= dense.count { dense.append(contentsOf: repeatElement(Counts(), count: index + 1 - dense.count)) }
            dense[index].add(matched)
        }

        mutating func add(_ other: SubgroupCounts) {
            if other.dense.count > dense.count { dense.append(contentsOf: repeatElement(Counts(), count: other.dense.count - dense.count)) }
            for (index, counts) in other.dense.enumerated() { dense[index].add(counts) }
            for (code, counts) in other.others { others[code, default: Counts()].add(counts) }
        }

        /// The codes with a record, ascending, and their counts.
        var groups: [(code: UInt64, counts: Counts)] {
            let held = dense.indices.filter { dense[$0].records > 0 }.map { (code: UInt64($0), counts: dense[$0]) }
            return held + others.keys.sorted().map { (code: $0, counts: others[$0] ?? Counts()) }
        }
    }

    /// `WeightDistribution` bins from −1024 to 1023 bits, counted per outcome in an array; a weight
    /// outside them, or none, goes to the distribution itself. `fold` adds the counted bins to it.
    struct WeightBins: Sendable {
        static let lowest = -1024, bins = 2048
        private var counts: [Int] = []

        @inline(__always)
        mutating func add(_ weight: Double?, _ outcome: WeightDistribution.Outcome, else distribution: inout WeightDistribution) {
            guard let weight, weight.isFinite else { return distribution.add(weight, outcome) }
            let bin = (weight / WeightDistribution.binWidth).rounded(.down)
            guard bin >= Double(Self.lowest), bin < Double(Self.lowest + Self.bins) else { return distribution.add(weight, outcome) }
            if counts.isEmpty { counts = Array(repeating: 0, count: Self.bins * 3) }
            counts[(Int(bin) - Self.lowest) * 3 + outcome.rawValue] += 1
        }

        /// Adds the counted bins (those with a record) to `distribution`.
        func fold(into distribution: inout WeightDistribution) {
            for index in 0..<(counts.count / 3) where counts[3 * index] + counts[3 * index + 1] + counts[3 * index + 2] > 0 {
                distribution.add(bin: index + Self.lowest, Array(counts[3 * index..<3 * index + 3]))
            }
        }
    }
}
