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
    /// A clerical decision was made on another version of the record (its identifiers changed).
    case decisionStale = 4
    /// A clerical reviewer could not decide the pair (`unsure`): it stays in review.
    case decisionUnsure = 5

    /// Reasons that come from clerical decisions (shown on the console only when they occur).
    package var isClerical: Bool { self == .decisionStale || self == .decisionUnsure }

    package var label: String {
        switch self {
        case .none: return ""
        case .nearTie: return "near-tie"
        case .conflict: return "conflict"
        case .scoreBand: return "score-band"
        case .decisionStale: return "decision-stale"
        case .decisionUnsure: return "unsure"
        }
    }
}
