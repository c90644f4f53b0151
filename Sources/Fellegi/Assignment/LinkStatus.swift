import Foundation
import LinkIO

/// What happened to one left record.
package enum LinkStatus: UInt8, Sendable {
    case linked = 1
    case review = 2
    case unlinked = 3

    package var label: String {
        switch self {
        case .linked: return "linked"
        case .review: return "review"
        case .unlinked: return "unlinked"
        }
    }
}
