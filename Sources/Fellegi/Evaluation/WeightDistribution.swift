import Foundation
import LinkIO

/// Histograms of the best candidate's match weight (links.csv `MATCH_WEIGHT`, bits) of linked,
/// review and unlinked records, in bins of `binWidth` bits aligned to multiples of it:
/// [k·w, (k+1)·w). Records without a candidate have no weight and are counted apart.
package struct WeightDistribution: Sendable, Equatable {
    package enum Outcome: Int, CaseIterable, Sendable {
        case linked, review, unlinked
        package var label: String {
            switch self {
            case .linked: "linked"
            case .review: "review"
            case .unlinked: "unlinked"
            }
        }
    }

    package static let binWidth = 1.0

    /// Bin index k → records per outcome.
    package private(set) var counts: [Int: [Int]] = [:]
    /// Records per outcome without a weight (no candidate).
    package private(set) var withoutWeight = [0, 0, 0]

    package init() {}

    package mutating func add(_ weight: Double?, _ outcome: Outcome) {
        guard let weight, weight.isFinite else {
            withoutWeight[outcome.rawValue] += 1
            return
        }
        counts[Self.bin(of: weight), default: [0, 0, 0]][outcome.rawValue] += 1
    }

    /// The largest bin index counted: a weight beyond ±2^40 bins (never one linkfit writes; a
    /// links.csv edited by hand may hold `1e300`) is counted in the outermost bin, not converted
    /// to an integer it does not fit.
    static let outermostBin = 1 << 40

    /// The bin of `weight` (finite), clamped to ±`outermostBin`.
    static func bin(of weight: Double) -> Int {
        let scaled = (weight / binWidth).rounded(.down)
        return Int(max(-Double(outermostBin), min(Double(outermostBin), scaled)))
    }

    /// Adds `binCounts` (records per outcome) to bin `bin`.
    mutating func add(bin: Int, _ binCounts: [Int]) {
        var mine = counts[bin] ?? [0, 0, 0]
        for o in 0..<3 { mine[o] += binCounts[o] }
        counts[bin] = mine
    }

    /// Adds another distribution's counts.
    package mutating func add(_ other: WeightDistribution) {
        for (bin, c) in other.counts { add(bin: bin, c) }
        for o in 0..<3 { withoutWeight[o] += other.withoutWeight[o] }
    }

    /// Every bin from the lowest to the highest with a record (empty bins included), ascending.
    package var bins: [(lower: Double, counts: [Int])] {
        guard let low = counts.keys.min(), let high = counts.keys.max() else { return [] }
        return (low...high).map { (Double($0) * Self.binWidth, counts[$0] ?? [0, 0, 0]) }
    }

    /// Records with a weight, per outcome.
    package var weighted: [Int] {
        counts.values.reduce(into: [0, 0, 0]) { total, c in for o in 0..<3 { total[o] += c[o] } }
    }

    /// `{"binWidth", "bins": [{"from", "linked", "review", "unlinked"}], "withoutWeight": {…}}`.
    package var json: JSON {
        func outcomes(_ c: [Int]) -> [String: JSON] {
            Dictionary(uniqueKeysWithValues: Outcome.allCases.map { ($0.label, JSON.number(Double(c[$0.rawValue]))) })
        }
        return .object([
            "binWidth": .number(Self.binWidth),
            "bins": .array(bins.map { bin in
                var members = outcomes(bin.counts)
                members["from"] = .number(bin.lower)
                return .object(members)
            }),
            "withoutWeight": .object(outcomes(withoutWeight)),
        ])
    }

    /// Decodes `json` (bins of this `binWidth`).
    package init(json: JSON?) {
        for bin in json?["bins"]?.array ?? [] {
            let from = bin["from"]?.number ?? 0
            let k = Self.bin(of: from.isFinite ? from : 0)
            let c = Outcome.allCases.map { Int(bin[$0.label]?.number ?? 0) }
            if c.contains(where: { $0 > 0 }) { counts[k] = c }
        }
        withoutWeight = Outcome.allCases.map { Int(json?["withoutWeight"]?[$0.label]?.number ?? 0) }
    }
}
