import Foundation
import LinkIO

/// Match weights of pairs under a fitted model, with term-frequency adjustment.
package struct Scorer: Sendable {
    package let prior: Double
    let levelWeights: [[Double]]
    /// log2 u of each level that is term-frequency adjusted (exact agreement on a comparison with
    /// term frequencies), nil for the others.
    let adjustedLog2U: [[Double?]]
    let frequencies: [TermFrequencies?]
    /// The agreement stratum (`AgreementStratum`): its comparison, its exact levels as a bit mask, and
    /// per comparison per level log2(m / u^S) (the stratum's own comparison keeps `levelWeights`).
    let stratum: (comparison: Int, levels: UInt64, weights: [[Double]])?

    /// K, the number of comparisons.
    package var comparisonCount: Int { levelWeights.count }

    package init(model: FittedModel, comparisons: [FieldComparison], frequencies: [TermFrequencies?]) {
        prior = model.parameters.priorWeight
        levelWeights = comparisons.indices.map { k in (0..<comparisons[k].levelCount).map { model.weight(k, $0) } }
        adjustedLog2U = comparisons.indices.map { k in
            (0..<comparisons[k].levelCount).map { level in
                frequencies[k] != nil && comparisons[k].equalityLevels.contains(level) ? log2(model.parameters.u[k][level]) : nil
            }
        }
        self.frequencies = frequencies
        stratum = model.parameters.stratum.map { stratum in
            (stratum.comparison, stratum.levels.reduce(UInt64(0)) { $0 | 1 << UInt64($1) },
             comparisons.indices.map { k in
                 (0..<comparisons[k].levelCount).map { model.parameters.matchWeight(comparison: k, level: $0, inStratum: true) }
             })
        }
    }

    /// Term-frequency tables of the right side for the comparisons that ask for them; taken from
    /// `counted` (a HES index's, one per comparison) when given, else counted on `right`.
    package static func termFrequencies(settings: LinkSettings, right: RecordTable, counted: [TermFrequencies?]? = nil,
                                        threads: Int = 1) -> [TermFrequencies?] {
        settings.comparisons.indices.map { k in
            guard settings.comparisons[k].termFrequency, !settings.comparisons[k].kind.isText else { return nil }
            return counted?[k] ?? TermFrequencies(table: right, comparison: k, threads: threads)
        }
    }

    /// log2 p(v) of the left row's value v for each comparison with term frequencies (0 for the
    /// others): what `weight(levels:terms:)` needs, looked up once per left row, not per candidate.
    @inline(__always)
    package func terms(left: RecordTable, leftRow: Int, into terms: inout [Double]) {
        terms.removeAll(keepingCapacity: true)
        for k in frequencies.indices {
            let code = left.codes[k].isEmpty ? 0 : left.codes[k][leftRow]
            // `frequencies[k]?` in place: binding it would copy (retain and release) its columns per row.
            if code != 0, let p = frequencies[k]?.probability(of: code) {
                terms.append(log2(p))
            } else {
                terms.append(0)
            }
        }
    }

    /// Whether a pair with `levels` is in the agreement stratum (exact agreement on its comparison).
    @inline(__always)
    package func isInStratum(_ levels: ArraySlice<UInt8>) -> Bool {
        guard let stratum else { return false }
        return stratum.levels & (1 << UInt64(levels[levels.startIndex + stratum.comparison])) != 0
    }

    /// The weight comparison `k` contributes at `level`: log2(m/u), plus log2(u / p(v)) for exact
    /// agreement on the left row's value v when the comparison has term frequencies; in the agreement
    /// stratum, log2(m/u^S) for the comparisons other than the stratum's (no frequency adjustment).
    @inline(__always)
    package func partialWeight(_ k: Int, level: Int, terms: [Double], inStratum: Bool = false) -> Double {
        if inStratum, let stratum, k != stratum.comparison { return stratum.weights[k][level] }
        guard let log2U = adjustedLog2U[k][level] else { return levelWeights[k][level] }
        return levelWeights[k][level] + (log2U - terms[k])
    }

    /// The match weight of a pair with `levels` (one per comparison), given the left row's `terms`.
    @inline(__always)
    package func weight(levels: ArraySlice<UInt8>, terms: [Double]) -> Double {
        let inStratum = isInStratum(levels)
        var weight = prior
        for (k, level) in levels.enumerated() { weight += partialWeight(k, level: Int(level), terms: terms, inStratum: inStratum) }
        return weight
    }
}
