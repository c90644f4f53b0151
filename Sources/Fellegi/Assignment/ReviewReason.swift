import Foundation
import LinkIO

/// Why a record is in clerical review.
package enum ReviewReason: UInt8, Sendable, CaseIterable {
    case none = 0
    /// A second entity scores within the near-tie margin of the best (twins, duplicates).
    case nearTie = 1
    /// Strong evidence conflicts (the NHS number agrees while the birth date disagrees).
    case conflict = 2
    /// The best weight is in the review band (or passes no rank).
    case scoreBand = 3

    package var label: String {
        switch self {
        case .none: return ""
        case .nearTie: return "near-tie"
        case .conflict: return "conflict"
        case .scoreBand: return "score-band"
        }
    }
}
