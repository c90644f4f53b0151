import Comparators

/// Unique identifiers for person indices: NHS numbers and HESIDs, each a seeded bijection of the
/// index, so that no two persons ever share one and no table of issued numbers is kept.
///
/// NHS numbers: index → j = (a·i + b) mod 240,000,000 (an affine permutation, a coprime to the
/// modulus); j picks the leading digit (4, 6 or 7), seven more digits, and the r-th of the ninth
/// digits for which the Modulus 11 check is not 10 (and the number is not one repeated digit). At
/// least 8 of the 10 ninth digits qualify, so every j gives a distinct valid number.
///
/// HESIDs: slot → 1,000,000,000 + π(slot), ten digits, where π is a seeded 4-round Feistel
/// permutation of 34-bit values cycle-walked into 0..<9,000,000,000 (so consecutive slots look
/// unrelated). Current HESIDs use slot = person index; merged (old) HESIDs use slot =
/// `personCapacity` + index; a second live HESID of the same person (an unmerged duplicate) uses
/// slot = 2 · `personCapacity` + index.
struct Identifiers: Sendable {
    /// The most person indices (HES and non-HES together) that have distinct NHS numbers.
    static let personCapacity = 240_000_000
    private static let leadingDigits: [UInt64] = [4, 6, 7]
    private static let hesidModulus: UInt64 = 9_000_000_000

    private let nhsMultiplier: UInt64
    private let nhsOffset: UInt64
    private let feistelKeys: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed, purpose: .identifiers, index: 0)
        let nhsModulus = UInt64(Self.personCapacity)
        nhsMultiplier = Self.coprime(rng.next() % nhsModulus, to: nhsModulus)
        nhsOffset = rng.next() % nhsModulus
        feistelKeys = (rng.next(), rng.next(), rng.next(), rng.next())
    }

    /// The NHS number (valid, unique) of person `index` (0..<personCapacity).
    func nhsNumber(_ index: Int) -> UInt64 {
        let modulus = UInt64(Self.personCapacity)
        let j = (nhsMultiplier &* UInt64(index) &+ nhsOffset) % modulus
        let perLeading = modulus / 3
        let leading = Self.leadingDigits[Int(j / perLeading)]
        let rest = j % perLeading
        let eight = leading * 10_000_000 + rest / 8
        let wanted = Int(rest % 8)
        // Weighted sum of digits 1–8 (weights 10…3); the ninth digit has weight 2.
        var sum: UInt64 = 0
        var digits = eight
        for weight in 3...10 {
            sum += (digits % 10) * UInt64(weight)
            digits /= 10
        }
        let repeated = eight % 11_111_111 == 0  // d d d d d d d d: the ninth digit d would give a repdigit
        var seen = 0
        for ninth in UInt64(0)...9 {
            if (sum + 2 * ninth) % 11 == 1 { continue }  // check digit would be 10: never issued
            if repeated, ninth == eight % 10 { continue }
            if seen == wanted {
                let nine = eight * 10 + ninth
                return nine * 10 + (NHSNumber.checkDigit(forFirstNine: nine) ?? 0)
            }
            seen += 1
        }
        preconditionFailure("at least eight ninth digits qualify")
    }

    /// The HESID for `slot` (a person index, or `personCapacity` + index for a merged old HESID).
    func hesid(slot: Int) -> UInt64 {
        var value = feistel(UInt64(slot))
        while value >= Self.hesidModulus { value = feistel(value) }  // cycle-walk back into range
        return 1_000_000_000 + value
    }

    /// A permutation of 0..<2³⁴: four Feistel rounds over two 17-bit halves.
    private func feistel(_ value: UInt64) -> UInt64 {
        let mask: UInt64 = (1 << 17) - 1
        var left = value >> 17
        var right = value & mask
        for key in [feistelKeys.0, feistelKeys.1, feistelKeys.2, feistelKeys.3] {
            var mixer = SplitMix64(seed: key ^ right)
            (left, right) = (right, left ^ (mixer.next() & mask))
        }
        return left << 17 | right
    }

    /// The current HESID of person `index`.
    func currentHESID(_ index: Int) -> UInt64 { hesid(slot: index) }

    /// The merged (old) HESID of person `index`, for persons who have one.
    func oldHESID(_ index: Int) -> UInt64 { hesid(slot: Self.personCapacity + index) }

    /// The unmerged duplicate HESID of person `index`, for persons who have one.
    func duplicateHESID(_ index: Int) -> UInt64 { hesid(slot: 2 * Self.personCapacity + index) }

    private static func coprime(_ start: UInt64, to modulus: UInt64) -> UInt64 {
        var candidate = max(start, 1)
        while gcd(candidate, modulus) != 1 { candidate = candidate % (modulus - 1) + 1 }
        return candidate
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
