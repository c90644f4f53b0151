/// One synthetic person: identifiers as HES holds them, plus the truth the DID side starts from.
struct Person: Sendable {
    var index: Int
    var nhsNumber: UInt64
    var hesid: UInt64
    /// Birth date as a day number (`CivilDate`).
    var birth: Int
    /// True sex, 1 male or 2 female.
    var sex: UInt8
    /// SEX as HES holds it: the true sex, or 0/9 for `hes-sex-unknown`.
    var hesSex: UInt8
    var hesNHSMissing: Bool
    /// The current postcode (hes.csv's first row, the DID's postcode unless a defect says otherwise).
    var postcode: Postcode
    /// Earlier postcodes, most recent first (`historyCount` of the three are used).
    var history: (Postcode, Postcode, Postcode)
    var historyCount: Int
    /// True when person `index ^ 1` is this person's twin.
    var isTwin: Bool
    var communal: Bool
    /// The merged HESID this person once held, if any, and whether hes.csv still has a row for it.
    var oldHESID: UInt64?
    var oldHESIDInHES: Bool
    /// A second live HESID of this person in hes.csv (registered twice, not merged by
    /// Old_New_HESID): its row repeats the NHS number, birth date, sex and current postcode.
    var duplicateHESID: UInt64? = nil

    /// The earlier postcode number `k` (0 = most recent).
    func earlier(_ k: Int) -> Postcode {
        switch k {
        case 0: return history.0
        case 1: return history.1
        default: return history.2
        }
    }
}
