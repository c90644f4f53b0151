/// The defects injected into one DID record (and facts about its person that make it hard), written
/// to truth.csv's DEFECTS as a `;`-separated list of stable lowercase labels, in `Defects.all` order.
public struct Defects: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let notInHES = Defects(rawValue: 1 << 0)
    public static let twin = Defects(rawValue: 1 << 1)
    public static let communal = Defects(rawValue: 1 << 2)
    public static let oldHESID = Defects(rawValue: 1 << 3)
    public static let hesNHSMissing = Defects(rawValue: 1 << 4)
    public static let hesSexUnknown = Defects(rawValue: 1 << 5)
    public static let nhsMissing = Defects(rawValue: 1 << 6)
    public static let nhsTypo = Defects(rawValue: 1 << 7)
    public static let nhsRelative = Defects(rawValue: 1 << 8)
    public static let dobMissing = Defects(rawValue: 1 << 9)
    public static let dobDigit = Defects(rawValue: 1 << 10)
    public static let dobYear = Defects(rawValue: 1 << 11)
    public static let dobSwap = Defects(rawValue: 1 << 12)
    public static let dobPlaceholder = Defects(rawValue: 1 << 13)
    public static let sexMissing = Defects(rawValue: 1 << 14)
    public static let sexWrong = Defects(rawValue: 1 << 15)
    public static let sexLetter = Defects(rawValue: 1 << 16)
    public static let postcodeMovedDistrict = Defects(rawValue: 1 << 17)
    public static let postcodeMovedFar = Defects(rawValue: 1 << 18)
    public static let postcodeEarlier = Defects(rawValue: 1 << 19)
    public static let postcodeMissing = Defects(rawValue: 1 << 20)
    public static let postcodeTypo = Defects(rawValue: 1 << 21)
    public static let postcodePseudo = Defects(rawValue: 1 << 22)
    public static let hesDuplicate = Defects(rawValue: 1 << 23)

    /// Every defect with its label, in the order labels are written.
    public static let all: [(Defects, String)] = [
        (.notInHES, "not-in-hes"), (.twin, "twin"), (.communal, "communal"), (.oldHESID, "old-hesid"),
        (.hesDuplicate, "hes-duplicate"),
        (.hesNHSMissing, "hes-nhs-missing"), (.hesSexUnknown, "hes-sex-unknown"),
        (.nhsMissing, "nhs-missing"), (.nhsTypo, "nhs-typo"), (.nhsRelative, "nhs-relative"),
        (.dobMissing, "dob-missing"), (.dobDigit, "dob-digit"), (.dobYear, "dob-year"), (.dobSwap, "dob-swap"),
        (.dobPlaceholder, "dob-placeholder"),
        (.sexMissing, "sex-missing"), (.sexWrong, "sex-wrong"), (.sexLetter, "sex-letter"),
        (.postcodeMovedDistrict, "postcode-moved-district"), (.postcodeMovedFar, "postcode-moved-far"),
        (.postcodeEarlier, "postcode-earlier"), (.postcodeMissing, "postcode-missing"),
        (.postcodeTypo, "postcode-typo"), (.postcodePseudo, "postcode-pseudo"),
    ]

    /// The labels, `;`-separated; empty when clean.
    public var labels: String {
        Self.all.filter { contains($0.0) }.map(\.1).joined(separator: ";")
    }

    /// The defects named by a DEFECTS field; nil when a label is unknown.
    public init?(labels: some StringProtocol) {
        self = []
        for label in labels.split(separator: ";") {
            guard let match = Self.all.first(where: { $0.1 == label }) else { return nil }
            insert(match.0)
        }
    }

    /// Appends the labels to a field buffer.
    func append(to buffer: inout FieldBuffer) {
        var first = true
        for (defect, label) in Self.all where contains(defect) {
            if !first { buffer.append(UInt8(ascii: ";")) }
            buffer.append(Array(label.utf8))
            first = false
        }
    }
}
