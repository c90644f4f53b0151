import Comparators

/// What a random stream is for. Each purpose gets its own family of `SplitMix64` streams, so that
/// person i's draws never depend on how many draws another purpose made: every person, household,
/// twin pair, care home and DID record is a pure function of (seed, purpose, index).
enum Purpose: UInt64 {
    case identifiers = 1, person, pair, household, careHome, didRecord, didPatient, hesRow, duplicate, seriesPerson, seriesRecord
}

extension SplitMix64 {
    /// The stream for `index` under `purpose` and the user's `seed`.
    init(seed: UInt64, purpose: Purpose, index: Int) {
        self.init(seed: seed ^ (purpose.rawValue &* 0xD1B5_4A32_D192_ED03), stream: UInt64(truncatingIfNeeded: index))
    }

    /// A uniform integer in 0..<bound (bound > 0), by Lemire's multiply-shift (bias below 2⁻³²
    /// for the bounds used here, and deterministic).
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { nextUnit() < p }
}
