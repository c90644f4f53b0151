import Comparators
import Foundation
import Comparators

/// Score bands → match ranks.
///
/// A best candidate gets the first band (in list order) whose requirements its levels meet and
/// whose minimum match weight its weight reaches. Below every band: clerical review from
/// `reviewMinimumWeight`, then unlinked.
///
/// **The default bands read like the national HES–DID match-rank ladder**, the stages of the
/// national matching algorithm (HSCIC, *HES-DID Data Matching Quality Report*): rank 1 requires NHS
/// number, birth date, sex and postcode to agree, and so on down (the steps are listed below, in
/// `bands(for:termFrequencies:)`). Each rank's minimum weight is derived from the fitted model as
/// the weight of the *weakest* pattern that ladder step accepts, including the strongest
/// term-frequency penalty the step allows:
/// - ranks 1–5 and 8 allow any agreed value, so their threshold is the step's pattern with the most
///   common values; a pair meeting the step's levels always reaches it;
/// - rank 6 (“DOB not 1 January; postcode not communal”) takes exact non-placeholder birth dates and
///   the postcode penalty at the communal boundary (a unit shared by `communalSize` entities), so a
///   care-home postcode falls below it to rank 7;
/// - rank 7 allows any postcode frequency.
/// No threshold is below `linkMinimumWeight` (they are raised to it). A final score-only rank `9`
/// links best candidates no ladder step accepts whose record-level match probability (`Linker`) is at
/// least `LinkingSettings.scoreOnlyProbability` (0.98): the evidence the model adds to the deterministic ladder. Everything else goes to
/// review or stays unlinked.
package enum MatchBands {
    /// A postcode unit shared by at least this many right entities is communal (care home, prison).
    package static let communalSize = 10

    /// The bands to use: the settings' own when given, else the ladder when the comparisons have one
    /// each of the nhs-number, date, sex and postcode kinds, else one band `1` at the link minimum.
    // Over 60 lines on purpose: most of it is the ladder table itself (eight steps as data), kept beside the loop that derives each threshold from it.
    package static func bands(for model: FittedModel, termFrequencies: [TermFrequencies?]) -> [MatchBand] {
        let linking = model.settings.linking
        if !linking.bands.isEmpty { return linking.bands }
        let settings = model.settings
        guard let nhs = settings.onlyComparison(of: .nhsNumber), let dob = settings.onlyComparison(of: .date),
              let sex = settings.onlyComparison(of: .sex), let postcode = settings.onlyComparison(of: .postcode)
        else {
            return [MatchBand(rank: "1", minimumWeight: linking.linkMinimumWeight, meaning: "match weight at least the link minimum")]
        }
        let labels = model.levelLabels
        let K = labels.count
        let all: (Int) -> [Int] = { k in Array(0..<labels[k].count) }
        let elseLevel: (Int) -> Int = { k in labels[k].count - 1 }
        // The exact levels (one, or two with a separate placeholder level), known from the comparator.
        let dobExact = DateComparator(separatePlaceholderLevel: settings.comparisons[dob].placeholderLevel).levels.equalityLevels
        let dobPartial = Array((dobExact.count + 1)..<elseLevel(dob))

        // Strongest term-frequency penalties: log2(u / p(v)) at the most common value.
        func penalty(_ k: Int, count: Int?) -> Double {
            guard settings.comparisons[k].termFrequency, let tf = termFrequencies[k], tf.entitiesWithValue > 0 else { return 0 }
            let largest = count ?? Int(tf.counts.max() ?? 1)
            let p = Double(max(largest, 1)) / Double(tf.entitiesWithValue)
            return min(0, log2(model.parameters.u[k][1]) - log2(p))
        }
        let dobPenalty = penalty(dob, count: nil)
        let postcodePenalty = penalty(postcode, count: nil)
        let communalPenalty = max(postcodePenalty, penalty(postcode, count: communalSize))

        // "Does not contradict": missing, or invalid on one side — which includes a typo one edit
        // from the other side's valid number (`near`).
        let noContradiction = [0, NHSNumberComparator.nearLevel]

        struct Step {
            var rank: String
            var meaning: String
            var levels: [Int: [Int]]
            var postcodePenalty: Double
        }
        let steps = [
            Step(rank: "1", meaning: "NHS number, birth date, sex and postcode agree",
                 levels: [nhs: [1], dob: dobExact, sex: [1], postcode: [1]], postcodePenalty: postcodePenalty),
            Step(rank: "2", meaning: "NHS number, birth date and sex agree",
                 levels: [nhs: [1], dob: dobExact, sex: [1], postcode: all(postcode)], postcodePenalty: postcodePenalty),
            Step(rank: "3", meaning: "NHS number, sex and postcode agree; birth date partly",
                 levels: [nhs: [1], dob: dobPartial, sex: [1], postcode: [1]], postcodePenalty: postcodePenalty),
            Step(rank: "4", meaning: "NHS number and sex agree; birth date partly",
                 levels: [nhs: [1], dob: dobPartial, sex: [1], postcode: all(postcode)], postcodePenalty: postcodePenalty),
            Step(rank: "5", meaning: "NHS number and postcode agree",
                 levels: [nhs: [1], dob: all(dob), sex: all(sex), postcode: [1]], postcodePenalty: postcodePenalty),
            Step(rank: "6", meaning: "NHS number missing on a side; birth date (not 1 January), sex and postcode (not communal) agree",
                 levels: [nhs: noContradiction, dob: [1], sex: [1], postcode: [1]], postcodePenalty: communalPenalty),
            Step(rank: "7", meaning: "NHS number missing on a side; birth date (not 1 January), sex and postcode agree",
                 levels: [nhs: noContradiction, dob: [1], sex: [1], postcode: [1]], postcodePenalty: postcodePenalty),
            Step(rank: "8", meaning: "NHS number agrees",
                 levels: [nhs: [1], dob: all(dob), sex: all(sex), postcode: all(postcode)], postcodePenalty: postcodePenalty),
        ]
        // The weakest pattern a step allows: the weakest allowed level of each comparison, exact
        // agreement carrying its penalty; in the agreement stratum, its own weights (no penalties).
        func weakest(_ step: Step, inStratum: Bool, levels allowedLevels: [Int: [Int]]) -> Double {
            var weight = model.parameters.priorWeight
            for k in 0..<K {
                let allowed = allowedLevels[k] ?? all(k)
                weight += allowed.map { level in
                    if inStratum { return model.parameters.matchWeight(comparison: k, level: level, inStratum: true) }
                    let exact = level == 1 || (k == dob && dobExact.contains(level))
                    let adjustment = !exact ? 0 : k == postcode ? step.postcodePenalty : k == dob ? dobPenalty : 0
                    return model.weight(k, level) + adjustment
                }.min() ?? 0
            }
            return weight
        }
        var bands: [MatchBand] = steps.map { step in
            var weight: Double
            if let stratum = model.parameters.stratum {
                // The step's patterns inside the stratum and outside it, each scored as `Scorer` scores them.
                let allowed = step.levels[stratum.comparison] ?? all(stratum.comparison)
                var parts: [Double] = []
                for inStratum in [false, true] {
                    let levels = allowed.filter { stratum.contains(level: $0) == inStratum }
                    guard !levels.isEmpty else { continue }
                    var restricted = step.levels
                    restricted[stratum.comparison] = levels
                    parts.append(weakest(step, inStratum: inStratum, levels: restricted))
                }
                weight = parts.min() ?? model.parameters.priorWeight
            } else {
                weight = weakest(step, inStratum: false, levels: step.levels)
            }
            var requires: [String: [Int]] = [:]
            for (k, levels) in step.levels where levels != all(k) { requires[settings.comparisons[k].name] = levels }
            return MatchBand(rank: step.rank, minimumWeight: max(weight, linking.linkMinimumWeight), requires: requires, meaning: step.meaning)
        }
        bands.append(MatchBand(
            rank: "9", minimumWeight: linking.linkMinimumWeight, minimumProbability: linking.scoreOnlyProbability,
            meaning: "no ladder step; record-level match probability at least \(linking.scoreOnlyProbability)"))
        return bands
    }

    /// The index of the first band `levels` and `weight` meet, or nil.
    package static func band(for levels: ArraySlice<UInt8>, weight: Double, probability: Double, bands: [ResolvedBand]) -> Int? {
        bands.firstIndex { band in
            weight >= band.minimumWeight && probability >= (band.band.minimumProbability ?? 0)
                && band.requires.allSatisfy { band.allowed($0.comparison, Int(levels[levels.startIndex + $0.comparison])) }
        }
    }
}

/// A band with its requirements resolved to comparison indices, for the hot path.
package struct ResolvedBand: Sendable {
    package let band: MatchBand
    package let minimumWeight: Double
    let requires: [(comparison: Int, levels: UInt64)]

    package init(_ band: MatchBand, settings: LinkSettings) {
        self.band = band
        minimumWeight = band.minimumWeight
        requires = band.requires.keys.sorted().compactMap { name in
            guard let k = settings.comparisonIndex(name) else { return nil }
            return (k, (band.requires[name] ?? []).reduce(UInt64(0)) { $0 | (1 << UInt64($1)) })
        }
    }

    @inline(__always)
    func allowed(_ comparison: Int, _ level: Int) -> Bool {
        requires.first { $0.comparison == comparison }.map { $0.levels & (1 << UInt64(level)) != 0 } ?? true
    }
}
