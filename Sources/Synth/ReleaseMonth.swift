import Comparators

/// One month of a release series (`SynthConfig.series`): what the HES index and the DID history look
/// like as that month's release sees them. Every draw is a pure function of (seed, person or record):
///
/// - a person is late to HES (`hes-late`) and first appears in month 2…K: before it, their DID records
///   are not in HES (truth empty, label `not-in-hes`);
/// - a person held twice (`hes-duplicate`) has the second HESID merged into the first in month 2…K
///   (`duplicate-merged`): from then on old_new_hesid.csv maps it and truth no longer names it;
/// - a DID record with an NHS-number defect is resubmitted with the right number in the month after
///   its test month (`did-corrected`), or the record is withdrawn then (`did-withdrawn`).
///
/// Month k's did.csv holds every record tested up to the end of month k (the DID history to date, as
/// each monthly release links it again), less the withdrawn, with corrections applied.
struct ReleaseMonth: Sendable {
    /// 1-based month of the series, and the series length.
    let month: Int
    let months: Int
    let seed: UInt64
    let rates: SynthRates

    /// The month person `index` first appears in HES (1: from the start).
    func joinMonth(_ index: Int) -> Int {
        var rng = SplitMix64(seed: seed, purpose: .seriesPerson, index: index)
        return rng.chance(rates.hesLate) ? laterMonth(&rng) : 1
    }

    /// The month person `index`'s duplicate HESID is merged into the first (nil: never).
    func mergeMonth(_ index: Int) -> Int? {
        var rng = SplitMix64(seed: seed, purpose: .seriesPerson, index: index)
        _ = rng.next()  // the join draw
        _ = rng.next()
        return months > 1 && rng.chance(rates.duplicateMerged) ? laterMonth(&rng) : nil
    }

    /// True when person `index` is in this month's HES index.
    func isInHES(_ index: Int) -> Bool { joinMonth(index) <= month }

    /// True when person `index`'s duplicate HESID is merged by this month.
    func isMerged(_ index: Int) -> Bool { mergeMonth(index).map { $0 <= month } ?? false }

    /// What this month's release holds of record `r`, tested in month `recordMonth`: nil when it is
    /// withdrawn by now, else whether its NHS number has been corrected (true) or not (false).
    func record(_ r: Int, testedIn recordMonth: Int) -> Bool? {
        var rng = SplitMix64(seed: seed, purpose: .seriesRecord, index: r)
        let withdrawn = rng.chance(rates.didWithdrawn)
        let corrected = rng.chance(rates.didCorrected)
        if withdrawn, recordMonth + 1 <= month { return nil }
        return corrected && recordMonth + 1 <= month
    }

    /// A month in 2…K, uniformly (1 when the series has one month).
    private func laterMonth(_ rng: inout SplitMix64) -> Int {
        months < 2 ? 1 : 2 + rng.below(months - 1)
    }
}
