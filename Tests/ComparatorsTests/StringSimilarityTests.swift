import Comparators
import Testing

@Suite struct StringSimilarityTests {
    struct Golden: Sendable, CustomTestStringConvertible {
        var a: String, b: String, jaro: Double, jaroWinkler: Double
        var testDescription: String { "\(a)/\(b)" }
    }

    // Worked by hand (c matches, t transpositions, ℓ common prefix ≤ 4, p = 0.1):
    //   MARTHA/MARHTA: window 2; all 6 match; order MARTHA vs MARHTA differs at T/H, H/T → t = 1.
    //     jaro = (6/6 + 6/6 + 5/6)/3 = 17/18; ℓ = 3 → jw = 17/18 + 0.3·(1/18) = 17.3/18 ≈ 0.961.
    //   DWAYNE/DUANE: window 2; D, A, N (4↔3), E (5↔4) match, W and Y do not; c = 4, t = 0.
    //     jaro = (4/6 + 4/5 + 1)/3 = 37/45; ℓ = 1 → jw = 37/45 + 0.1·(8/45) = 37.8/45 = 0.840.
    //   DIXON/DICKSONX: window 3; D, I, O (3↔5), N (4↔6) match; X (2) finds no X in 0…5; c = 4, t = 0.
    //     jaro = (4/5 + 4/8 + 1)/3 = 23/30; ℓ = 2 → jw = 23/30 + 0.2·(7/30) = 24.4/30 ≈ 0.813.
    //   SMITH/SMYTH: window 1; S, M, T, H match; c = 4, t = 0: jaro = (4/5 + 4/5 + 1)/3 = 13/15;
    //     ℓ = 2 → jw = 13/15 + 0.2·(2/15) = 13.4/15 ≈ 0.893.
    //   ABCXYZ/BCAXYZ: window 2; all 6 match (A0↔A2, B1↔B0, C2↔C1); orders ABC… vs BCA… differ in 3
    //     places → t = ⌊3/2⌋ = 1: jaro = (1 + 1 + 5/6)/3 = 17/18; ℓ = 0 → jw = 17/18.
    static let golden: [Golden] = [
        .init(a: "MARTHA", b: "MARHTA", jaro: 17.0 / 18, jaroWinkler: 17.3 / 18),
        .init(a: "DWAYNE", b: "DUANE", jaro: 37.0 / 45, jaroWinkler: 37.8 / 45),
        .init(a: "DIXON", b: "DICKSONX", jaro: 23.0 / 30, jaroWinkler: 24.4 / 30),
        .init(a: "SMITH", b: "SMYTH", jaro: 13.0 / 15, jaroWinkler: 13.4 / 15),
        .init(a: "ABCXYZ", b: "BCAXYZ", jaro: 17.0 / 18, jaroWinkler: 17.0 / 18),
        .init(a: "", b: "", jaro: 1, jaroWinkler: 1),
        .init(a: "", b: "MARTHA", jaro: 0, jaroWinkler: 0),
        .init(a: "MARTHA", b: "", jaro: 0, jaroWinkler: 0),
        .init(a: "MARTHA", b: "MARTHA", jaro: 1, jaroWinkler: 1),
        .init(a: "A", b: "A", jaro: 1, jaroWinkler: 1),
        .init(a: "A", b: "B", jaro: 0, jaroWinkler: 0),
        .init(a: "ABC", b: "XYZ", jaro: 0, jaroWinkler: 0),
    ]

    @Test(arguments: golden)
    func goldenValues(_ row: Golden) {
        #expect(abs(StringSimilarity.jaro(row.a.utf8, row.b.utf8) - row.jaro) < 1e-12)
        #expect(abs(StringSimilarity.jaroWinkler(row.a.utf8, row.b.utf8) - row.jaroWinkler) < 1e-12)
        // The oracle the random-string test uses is itself held to the hand-worked values.
        #expect(abs(StringSimilarity.textbookJaro(Array(row.a.utf8), Array(row.b.utf8)) - row.jaro) < 1e-12)
    }

    @Test func publishedValuesToThreeDecimals() {
        func rounded(_ a: String, _ b: String) -> Double {
            (StringSimilarity.jaroWinkler(a.utf8, b.utf8) * 1000).rounded() / 1000
        }
        #expect(rounded("MARTHA", "MARHTA") == 0.961)
        #expect(rounded("DWAYNE", "DUANE") == 0.840)
        #expect(rounded("DIXON", "DICKSONX") == 0.813)
    }

    /// Both code paths (≤ 64 bytes: masks; longer: flag buffers) agree with the textbook oracle
    /// (`textbookJaro`: arrays of flags, no masks).
    @Test func agreesWithReferenceOnRandomStrings() {
        var rng = SplitMix64(seed: 20_240_331)
        for round in 0..<3_000 {
            let maxLength = [20, 100, 70][round % 3]
            let alphabet = UInt64(round % 2 == 0 ? 4 : 26)
            func random() -> [UInt8] {
                let length = Int(rng.next() % UInt64(maxLength + 1))
                return (0..<length).map { _ in UInt8(0x41 + rng.next() % alphabet) }
            }
            let a = random()
            var b = random()
            if round % 4 == 1, !a.isEmpty {  // a near copy
                b = a
                b[Int(rng.next() % UInt64(a.count))] = 0x5A
            }
            let expected = StringSimilarity.textbookJaro(a, b)
            let jaro = StringSimilarity.jaro(a, b)
            #expect(abs(jaro - expected) < 1e-12, "jaro \(a.count)×\(b.count)")
            let prefix = zip(a, b).prefix(4).prefix { $0 == $1 }.count
            let expectedWinkler = expected + Double(prefix) * 0.1 * (1 - expected)
            #expect(abs(StringSimilarity.jaroWinkler(a, b) - expectedWinkler) < 1e-12)
        }
    }

    /// The word-at-a-time path pads short strings with zero bytes; NUL and high bytes must not
    /// match the padding or each other wrongly.
    @Test func zeroAndHighBytesAgreeWithReference() {
        let samples: [[UInt8]] = [[0], [0, 0], [0, 0x41], [0x41, 0], [0xFF, 0x80, 0x7F], [0x80, 0xFF, 0x7F, 0],
                                  Array(repeating: 0, count: 16), Array(repeating: 0xFF, count: 17), [0x41]]
        for a in samples {
            for b in samples {
                #expect(abs(StringSimilarity.jaro(a, b) - StringSimilarity.textbookJaro(a, b)) < 1e-12, "\(a) vs \(b)")
            }
        }
    }

    @Test func longStringsUseTheFallbackPath() {
        let a = Array(String(repeating: "ABCDEFGHIJ", count: 10).utf8)  // 100 bytes
        var b = a
        b.swapAt(50, 51)
        // 100 matches, 2 out of order → t = 1: jaro = (1 + 1 + 99/100)/3 = 2.99/3; ℓ = 4.
        let jaro = 2.99 / 3
        #expect(abs(StringSimilarity.jaro(a, b) - jaro) < 1e-12)
        #expect(abs(StringSimilarity.jaroWinkler(a, b) - (jaro + 0.4 * (1 - jaro))) < 1e-12)
    }

    @Test func metricNamesAndDispatch() {
        #expect(StringMetric.allCases.map(\.rawValue) == ["jaro", "jaro-winkler"])
        let a = Array("MARTHA".utf8)
        let b = Array("MARHTA".utf8)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                #expect(abs(StringMetric.jaro.similarity(a, b) - 17.0 / 18) < 1e-12)
                #expect(abs(StringMetric.jaroWinkler.similarity(a, b) - 17.3 / 18) < 1e-12)
            }
        }
    }
}
