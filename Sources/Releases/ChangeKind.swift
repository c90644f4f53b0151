/// How one left record's link changed between two releases (changes.csv's `CHANGE`). The kinds are
/// about the link — the linked id and its rank; `LINK_STATUS` on both sides shows the rest (a record
/// that moved from review to unlinked is `unchanged`: it was linked in neither).
package enum ChangeKind: String, Sendable, CaseIterable {
    /// In this release only.
    case newRecord = "new-record"
    /// In the previous release only (withdrawn or corrected away by its provider).
    case droppedRecord = "dropped-record"
    /// Not linked before, linked now.
    case newlyLinked = "newly-linked"
    /// Linked before, not now (in review or unlinked).
    case unlinked
    /// Linked to another entity than before (not explained by an old → current id change).
    case relinked
    /// Linked to the same entity, now under its current id (old → current id changes).
    case renamed
    /// Linked to the same id at another rank.
    case rankChanged = "rank-changed"
    /// Same id and rank, or linked in neither release.
    case unchanged

    /// The kind for a record present in both releases; `previous`/`current` are (id, rank) when
    /// linked, nil otherwise; `currentOf` maps an old id to its current one.
    package static func of(previous: (id: String, rank: String)?, current: (id: String, rank: String)?,
                           currentOf: (String) -> String) -> ChangeKind {
        switch (previous, current) {
        case (nil, nil): return .unchanged
        case (nil, _?): return .newlyLinked
        case (_?, nil): return .unlinked
        case let (before?, now?):
            if before.id != now.id { return currentOf(before.id) == now.id ? .renamed : .relinked }
            return before.rank == now.rank ? .unchanged : .rankChanged
        }
    }
}
