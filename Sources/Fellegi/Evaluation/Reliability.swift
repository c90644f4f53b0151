import Foundation

/// How honest `MATCH_PROBABILITY` is: the best candidates of linked and reviewed records, binned by
/// their predicted probability, with the share that the truth says are right in each bin. A
/// calibrated probability has observed precision ≈ the bin's mean prediction.
package struct Reliability: Sendable, Equatable {
    package struct Bin: Sendable, Equatable {
        /// The bin is [lower, upper); the last one includes 1.
        package var lower: Double
        package var upper: Double
        package var records = 0
        package var correct = 0
        package var predictedSum = 0.0

        /// Mean predicted probability (0 for an empty bin).
        package var predicted: Double { records == 0 ? 0 : predictedSum / Double(records) }
        /// Share of the bin's best candidates that are right (0 for an empty bin).
        package var observed: Double { records == 0 ? 0 : Double(correct) / Double(records) }
    }

    /// Bin edges: finer towards 1, where links are.
    package static let edges: [Double] = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 1]

    package var bins: [Bin]

    package init() {
        bins = zip(Self.edges, Self.edges.dropFirst()).map { Bin(lower: $0, upper: $1) }
    }

    /// Counts one best candidate with predicted `probability`, right or not.
    package mutating func add(probability: Double, correct: Bool) {
        let p = min(max(probability, 0), 1)
        let index = bins.firstIndex { p < $0.upper } ?? bins.count - 1
        bins[index].records += 1
        bins[index].predictedSum += p
        if correct { bins[index].correct += 1 }
    }
}
