import Comparators
import Foundation

/// A postcode as three small integers: a district (index into `Geography.districts`), a sector
/// digit and a unit (0..<400, two unit letters). Packed in 32 bits; formatted only when written.
struct Postcode: Equatable, Sendable {
    var district: UInt16
    var sector: UInt8
    var unit: UInt16
}

/// A fixed, UK-shaped postcode geography: the real postcode areas, about 2,900 districts with
/// skewed (log-normal) populations, 1–6 sectors each, and 400 possible units per sector.
///
/// The geography does not depend on the user's seed (it is the country, not the sample). Sampling a
/// district is a binary search over cumulative weights.
///
/// - Complexity: `randomDistrict` is O(log districts).
struct Geography: Sendable {
    /// Unit letters: the 20 letters used in inward codes (not C, I, K, M, O, V).
    static let unitLetters: [UInt8] = Array("ABDEFGHJLNPQRSTUWXYZ".utf8)
    /// Areas where district 1 is split by a letter (`SW1A`, `EC1M`, `W1T`): the `A9A`/`AA9A` shapes.
    private static let lettered: Set<String> = ["EC", "WC", "SW", "W", "E", "N", "NW", "SE"]
    static let areas: [String] = [
        "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH", "CM", "CO",
        "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH", "EN", "EX",
        "FK", "FY", "G", "GL", "GU", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IP", "IV", "KA", "KT",
        "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN",
        "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG",
        "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS",
        "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
    ]

    /// The outward code of each district, e.g. `SW1A`, `M1`, `LS12`.
    let districts: [[UInt8]]
    /// The number of sectors (1–6) in each district.
    let sectors: [UInt8]
    /// A three-character NHS trust-like provider code serving each district.
    let providers: [[UInt8]]
    private let cumulative: [Double]

    /// The one geography every run uses.
    static let shared = Geography()

    private init() {
        var rng = SplitMix64(seed: 0x6E6F_7274_6877_6573)  // fixed: the geography is not seeded
        var districts: [[UInt8]] = []
        var sectors: [UInt8] = []
        var providers: [[UInt8]] = []
        var cumulative: [Double] = []
        var total = 0.0
        let alphanumerics = Array("ABCDEFGHJKLMNPQRTUVWXY0123456789".utf8)
        for area in Self.areas {
            let count = 5 + rng.below(40)
            var provider: [UInt8] = []
            for number in 1...count {
                let suffixes: [String] = Self.lettered.contains(area) && number <= 2 ? ["A", "M", "N"] : [""]
                for suffix in suffixes {
                    if districts.count % 6 == 0 || provider.isEmpty {
                        provider = [UInt8(ascii: "R"), alphanumerics[rng.below(22)], alphanumerics[rng.below(alphanumerics.count)]]
                    }
                    districts.append(Array((area + String(number) + suffix).utf8))
                    sectors.append(UInt8(1 + rng.below(6)))
                    providers.append(provider)
                    // Log-normal population (σ = 1): a few districts hold many people.
                    let u1 = max(rng.nextUnit(), 1e-12)
                    let u2 = rng.nextUnit()
                    let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
                    total += exp(normal)
                    cumulative.append(total)
                }
            }
        }
        self.districts = districts
        self.sectors = sectors
        self.providers = providers
        self.cumulative = cumulative.map { $0 / total }
    }

    /// A district drawn in proportion to its population.
    func randomDistrict(_ rng: inout SplitMix64) -> Int {
        let u = rng.nextUnit()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > u { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// A postcode in `district` with a random sector and unit.
    func randomPostcode(in district: Int, _ rng: inout SplitMix64) -> Postcode {
        Postcode(district: UInt16(district), sector: UInt8(rng.below(Int(sectors[district]))), unit: UInt16(rng.below(400)))
    }

    /// A postcode anywhere, districts weighted by population.
    func randomPostcode(_ rng: inout SplitMix64) -> Postcode {
        randomPostcode(in: randomDistrict(&rng), &rng)
    }

    /// A different postcode in the same district (a new sector or unit).
    func movedWithinDistrict(_ postcode: Postcode, _ rng: inout SplitMix64) -> Postcode {
        var moved = postcode
        while moved == postcode { moved = randomPostcode(in: Int(postcode.district), &rng) }
        return moved
    }

    /// A postcode in another district.
    func movedFar(_ postcode: Postcode, _ rng: inout SplitMix64) -> Postcode {
        var moved = postcode
        while moved.district == postcode.district { moved = randomPostcode(&rng) }
        return moved
    }

    /// Appends the postcode: `SW1A 1AA`, or with `hesForm` the 8-character HES form with the inward
    /// code at positions 6–8 (`M1   1AA`).
    func append(_ postcode: Postcode, to buffer: inout FieldBuffer, hesForm: Bool = false) {
        let outward = districts[Int(postcode.district)]
        buffer.append(outward)
        buffer.append(UInt8(ascii: " "))
        if hesForm { for _ in outward.count..<4 { buffer.append(UInt8(ascii: " ")) } }
        appendInward(postcode, to: &buffer)
    }

    /// The postcode's characters `SW1A 1AA` in a small array (for messy or mistyped forms).
    func bytes(_ postcode: Postcode) -> [UInt8] {
        var buffer = FieldBuffer(reservingBytes: 8)
        append(postcode, to: &buffer)
        return buffer.bytes
    }

    private func appendInward(_ postcode: Postcode, to buffer: inout FieldBuffer) {
        buffer.append(UInt8(ascii: "0") + postcode.sector + 1)
        buffer.append(Self.unitLetters[Int(postcode.unit) / 20])
        buffer.append(Self.unitLetters[Int(postcode.unit) % 20])
    }
}
