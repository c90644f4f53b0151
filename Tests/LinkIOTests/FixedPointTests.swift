import Foundation
import LinkIO
import Testing

@Suite struct FixedPointTests {
    @Test(arguments: [
        (0.0, 3, "0.000"), (-0.0001, 3, "0.000"), (-1.23456, 3, "-1.235"), (1.0005, 3, "1.001"), (12345.6789, 0, "12346"),
        (0.000001, 6, "0.000001"), (0.98, 6, "0.980000"), (-7.5, 0, "-8"), (Double.nan, 3, ""), (-Double.infinity, 3, ""),
        (9e15, 0, ""), (1.5e12, 6, ""), (123456.123456789, 6, "123456.123457"), (5e-10, 9, "0.000000001"),
    ])
    func knownValues(value: Double, digits: Int, expected: String) {
        #expect(FixedPoint.format(value, digits: digits) == expected)
    }

    /// Random values away from rounding ties agree with C's printf (an independent formatter).
    @Test func agreesWithPrintfAwayFromTies() {
        var state: UInt64 = 42
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let magnitude = Double(state >> 11) / Double(1 << 53) * pow(10, Double(state % 9) - 3)
            let value = state & 1 == 0 ? magnitude : -magnitude
            for digits in [0, 3, 6] {
                let scaled = abs(value) * pow(10, Double(digits))
                guard abs(scaled - scaled.rounded(.down) - 0.5) > 1e-6 else { continue }
                var expected = String(format: "%.*f", digits, value)
                if expected.hasPrefix("-"), expected.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { expected.removeFirst() }
                #expect(FixedPoint.format(value, digits: digits) == expected, "\(value) \(digits)")
            }
        }
    }
}
