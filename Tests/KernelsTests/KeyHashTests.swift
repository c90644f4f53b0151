import Testing

@testable import Kernels

/// The one SplitMix64 finaliser against the published SplitMix64 outputs, the byte hash against the
/// FNV-1a reference values, and the avalanche the shards and table slots rely on.
@Suite struct KeyHashTests {
    /// SplitMix64 seeded with 1234567, first five outputs (Rosetta Code, "Pseudo-random
    /// numbers/Splitmix64", from Vigna's `splitmix64.c`); the k-th output is `finalise(seed + k·golden)`.
    @Test func mixGivesThePublishedSplitMix64Outputs() {
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        let outputs = (0..<5).map { k in KeyHash.mix(1_234_567 &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15) }
        #expect(outputs == expected)
        #expect(KeyHash.mix(0) == 0xE220_A839_7B1D_CDAF)  // the first output for seed 0
        #expect(KeyHash.finalise(1_234_567 &+ 0x9E37_79B9_7F4A_7C15) == expected[0])
    }

    /// 64-bit FNV-1a of "", "a" and "foobar" (the FNV reference values), then `mix`.
    @Test(arguments: [("", 0xCBF2_9CE4_8422_2325 as UInt64), ("a", 0xAF63_DC4C_8601_EC8C), ("foobar", 0x8594_4171_F739_67E8)])
    func theByteHashIsFNV1aThenMix(text: String, fnv: UInt64) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { KeyHash.hash($0) } == KeyHash.mix(fnv))
    }

    @Test func combineMixesTheKeyWithThePartTimesGolden() {
        let (key, part): (UInt64, UInt64) = (0x243F_6A88_85A3_08D3, 19_800_506)
        #expect(KeyHash.combine(key, part) == KeyHash.mix(key ^ (part &* 0x9E37_79B9_7F4A_7C15)))
        #expect(KeyHash.combine(key, part) != KeyHash.combine(part, key))
    }

    /// Flipping one input bit flips each output bit with probability about ½: over 64 bits × 2,000
    /// inputs the mean flipped count is 32 within 0.5, and every output bit flips 35–65% of the time.
    @Test func oneFlippedInputBitFlipsAboutHalfTheOutputBits() {
        var flips = [Int](repeating: 0, count: 64)
        var total = 0
        var trials = 0
        for i in 0..<2_000 {
            let input = UInt64(i) &* 0xD1B5_4A32_D192_ED03
            for bit in 0..<64 {
                let difference = KeyHash.finalise(input) ^ KeyHash.finalise(input ^ (1 << UInt64(bit)))
                total += difference.nonzeroBitCount
                for out in 0..<64 where difference >> UInt64(out) & 1 == 1 { flips[out] += 1 }
                trials += 1
            }
        }
        #expect(abs(Double(total) / Double(trials) - 32) < 0.5)
        #expect(flips.allSatisfy { Double($0) / Double(trials) > 0.35 && Double($0) / Double(trials) < 0.65 })
    }
}
