import Comparators
import Testing

/// The generator against the published SplitMix64 outputs (its mixer is `KeyHash.finalise`, so this
/// also checks that the one finaliser is the generator's).
@Suite struct SplitMix64Tests {
    /// Seed 1234567, first five outputs (Rosetta Code, "Pseudo-random numbers/Splitmix64").
    @Test func seed1234567GivesThePublishedOutputs() {
        var random = SplitMix64(seed: 1_234_567)
        let outputs = (0..<5).map { _ in random.next() }
        #expect(outputs == [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ])
    }

    @Test func nextUnitTakesTheTop53BitsOfNext() {
        var a = SplitMix64(seed: 9)
        var b = SplitMix64(seed: 9)
        for _ in 0..<100 {
            let unit = a.nextUnit()
            #expect(unit == Double(b.next() >> 11) / 9_007_199_254_740_992)
            #expect(unit >= 0 && unit < 1)
        }
    }
}
