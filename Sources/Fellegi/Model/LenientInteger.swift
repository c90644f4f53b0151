/// The counts and the seed of a model file's report and provenance are informational, read
/// leniently: a number that is missing, not whole, or outside the type's range reads as 0 (rounded
/// toward zero when it is in range) instead of trapping: `"seed": -1` or `"leftRecords": 1e300`
/// stopped `linkfit` with a trap (seen reading the loader while fixing a fuzzing finding).
///
/// - Complexity: O(1).
extension Int {
    init(lenient value: Double?) {
        guard let value, value.isFinite, value > -9.223_372_036_854_775_808e18, value < 9.223_372_036_854_775_808e18 else {
            self = 0
            return
        }
        self = Int(value)
    }
}

extension UInt64 {
    init(lenient value: Double?) {
        guard let value, value.isFinite, value > -1, value < 18_446_744_073_709_551_616.0 else {
            self = 0
            return
        }
        self = UInt64(value)
    }
}
