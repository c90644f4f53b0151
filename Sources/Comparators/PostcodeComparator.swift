/// Compares two standardised postcodes down their hierarchy: unit / sector / district / area / else.
///
/// Levels: 0 null, 1 unit (same full postcode), 2 sector (`SW1A 1`), 3 district (`SW1A`), 4 area
/// (`SW`), 5 else. People move (30–50% of postcodes differ between two dates), so the lower levels
/// and even "else" are weak evidence; the model learns how weak. Each level agrees on its own part
/// of the hierarchy and every coarser one (unit agreement is agreement on the whole postcode).
public struct PostcodeComparator: FieldComparator {
    public typealias Value = PackedPostcode

    public let levels = [
        .null,
        ComparisonLevel("unit", agreeing: [.whole: 1, .unit: 1, .sector: 1, .district: 1, .area: 1]),
        ComparisonLevel("sector", agreeing: [.sector: 1, .district: 1, .area: 1]),
        ComparisonLevel("district", agreeing: [.district: 1, .area: 1]),
        ComparisonLevel("area", agreeing: [.area: 1]),
        ComparisonLevel("else"),
    ]

    public init() {}

    public func level(_ a: PackedPostcode, _ b: PackedPostcode) -> Int {
        if a.unit == b.unit { return 1 }
        if a.sector == b.sector { return 2 }
        if a.district == b.district { return 3 }
        if a.area == b.area { return 4 }
        return 5
    }
}
