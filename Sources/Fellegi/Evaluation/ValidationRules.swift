import Comparators
import Foundation
import LinkIO

/// The HES and DID validation and derivation rules in words, generated from the settings a run
/// used and the bands it derived (summary.json), never written by hand: column names, levels,
/// blocking rules, thresholds and margins come from the settings, and the examples of valid,
/// invalid, placeholder and pseudo values are classified by the same standardisers linking runs
/// (`NHSNumber.standardise`, `CalendarDate.standardise`, `Sex.standardise`,
/// `PackedPostcode.standardise`), so a changed setting or rule changes the text.
package enum ValidationRules {
    package struct Rule: Sendable, Equatable {
        package var topic: String
        package var text: String
        package init(topic: String, text: String) {
            self.topic = topic
            self.text = text
        }
    }

    /// One rule per comparison, then blocking, linking, the bands and the derived fields.
    package static func rules(settings: LinkSettings, bands: [QualityReport.Band]) -> [Rule] {
        var rules = settings.comparisons.map { comparison in
            Rule(topic: "\(comparison.name) (\(settings.left.name) \(comparison.leftColumn), \(settings.right.name) \(comparison.rightColumn))",
                 text: comparisonText(comparison, settings: settings))
        }
        rules.append(Rule(topic: "blocking", text: blockingText(settings)))
        rules.append(Rule(topic: "linking and review", text: linkingText(settings)))
        if !bands.isEmpty { rules.append(Rule(topic: "match ranks", text: bandsText(bands, settings: settings))) }
        rules.append(Rule(topic: "derived fields", text: derivedText(settings)))
        return rules
    }

    /// How one comparison standardises and compares its values.
    static func comparisonText(_ comparison: ComparisonSettings, settings: LinkSettings) -> String {
        let labels = (try? FieldComparison(comparison))?.levelLabels.dropFirst() ?? []
        var text: String
        switch comparison.kind {
        case .nhsNumber: text = nhsNumberText(comparison)
        case .date: text = dateText(comparison, settings: settings)
        case .sex: text = sexText()
        case .postcode: text = postcodeText()
        case .jaroWinkler, .exact:
            text = "Text: surrounding spaces dropped, letters uppercased, inner runs of spaces made one; blank is missing."
        }
        text += " A missing value takes the null level (weight 0): never disagreement. Levels, strongest first: \(labels.joined(separator: ", "))."
        if comparison.termFrequency {
            text += " Exact agreement is adjusted by the frequency of the agreed value (a value many records share counts for less)."
        }
        return text
    }

    /// Examples classified by `standardise`: `value` when usable, else the missing reason's label.
    static func classified(_ examples: [String], _ standardise: (String) -> MissingReason?) -> String {
        examples.map { "\($0) \(standardise($0)?.label ?? "valid")" }.joined(separator: "; ")
    }

    static func nhsNumberText(_ comparison: ComparisonSettings) -> String {
        let examples = classified(["943 476 5919", "943 476 5918", "943 476 9519", "0000000000", "943476591"]) {
            NHSNumber.standardise(Array($0.utf8)).reason
        }
        var text = """
            Ten digits, spaces and dashes ignored (otherwise malformed). Digit 10 is the Modulus 11 check digit: digits 1–9 \
            are multiplied by 10, 9, …, 2 and summed; the check is 11 − (sum mod 11), 11 becoming 0; a number whose check \
            would be 10 is never issued. A wrong check digit is failed-check and a number of one repeated digit a placeholder: \
            both are invalid, missing as values. A number failing the check that is one mistyped digit or one swap of adjacent \
            digits from the other side's valid number is compared at level near (strong evidence for that candidate); any \
            other invalid number says nothing. Examples, as linking classifies them: \(examples).
            """
        if let threshold = comparison.thresholds.first {
            text += " Two valid numbers whose Jaro–Winkler similarity is at least \(threshold) are near too."
        }
        return text
    }

    static func dateText(_ comparison: ComparisonSettings, settings: LinkSettings) -> String {
        let earliest = CalendarDate.earliestPlausibleBirth
        let reference = settings.left.recordDateColumn.map { "after the record's own \($0) (a record without a valid one: after \(CalendarDate.latestRecordDate))" }
            ?? "after \(CalendarDate.latestRecordDate)"
        let examples = classified(["1987-06-05", "19870605", "05/06/1987", "1987-02-30", "1800-01-01", "1890-06-05"]) {
            CalendarDate.standardise(Array($0.utf8), latest: .latestRecordDate).reason
        }
        let placeholder = comparison.placeholderLevel
            ? "agreement on it is level exact-placeholder, weaker than exact, and it is read as its year only (another date of "
                + "the same year is placeholder-year; against another year it compares as any date)"
            : "agreement on it is exact, as on any date"
        let placeholderYear = comparison.placeholderLevel ? ", or a placeholder date and the year (placeholder-year)" : ""
        return """
            Read as YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY (UK order); another shape or a day that does not exist is malformed. \
            Plausible from \(earliest): a date before it, or (\(settings.left.name)) \(reference), or (\(settings.right.name)) after \
            the \(settings.left.name) file's latest record date, is out-of-range — a placeholder when it is also 1 January. \
            1 January of a plausible year is a placeholder date: \(placeholder). 1 January 1900 (not known) against \
            another date is missing. Partial agreement: day and month swapped, or two of year, month and day\(placeholderYear). Examples (against \
            \(CalendarDate.latestRecordDate)): \(examples).
            """
    }

    static func sexText() -> String {
        let codes = ["1", "M", "MALE", "2", "F", "FEMALE", "0", "9", "U", "I"]
        var groups: [(label: String, codes: [String])] = []
        for code in codes {
            let label: String
            switch Sex.standardise(Array(code.utf8)) {
            case .value(let value): label = value == Sex.male ? "male" : "female"
            case .missing(let reason): label = reason == .notKnown ? "not known (missing)" : reason.label
            }
            if let index = groups.firstIndex(where: { $0.label == label }) { groups[index].codes.append(code) } else { groups.append((label, [code])) }
        }
        let mapping = groups.map { "\($0.codes.joined(separator: ", ")) → \($0.label)" }.joined(separator: "; ")
        return "Case and surrounding spaces ignored: \(mapping); anything else is malformed (missing)."
    }

    static func postcodeText() -> String {
        let examples = classified(["ZZ99 3VZ", "ZZ99 3WZ", "ZZ99 3CZ", "zz993vz", "12345", "AB1"]) {
            PackedPostcode.standardise(Array($0.utf8)).reason
        }
        return """
            Uppercased, every character but letters and digits dropped (so the HES 8-character form reads); the last three \
            are the inward code. Valid shapes: A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA (A a letter, 9 a digit); \
            any other is malformed. NHS pseudo-postcodes, starting ZZ99 (no fixed abode, address not known, overseas), are \
            pseudo: missing, never agreement. Examples: \(examples).
            """
    }

    static func blockingText(_ settings: LinkSettings) -> String {
        let rules = settings.blocking.rules.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: "; ")
        return """
            Candidate pairs are the \(settings.left.name)–\(settings.right.name) pairs agreeing exactly on every key of at least \
            one rule, each pair compared once: \(rules). A missing value never blocks. A key shared by more than \
            \(settings.blocking.maxBlockSize) \(settings.right.name) rows is skipped and reported, never exploded into pairs. A record \
            no rule pairs with anyone is unlinked without a candidate.
            """
    }

    static func linkingText(_ settings: LinkSettings) -> String {
        let linking = settings.linking
        let conflicts = linking.conflicts.map { "\($0.agrees) agrees at its strongest level while \($0.disagrees) is at its weakest" }
        let duplicate = linking.duplicateRule.isEmpty
            ? ""
            : " Two candidates holding the same \(linking.duplicateRule.joined(separator: " and ")) are one person held twice, not a tie: the better one links (linked-duplicate)."
        return """
            Each \(settings.left.name) record gets at most one \(settings.right.linkColumn): its best-scoring candidate. It goes to \
            clerical review instead when a second candidate is within \(RuleNumber.text(linking.nearTieMargin)) bits of the best (a near tie, \
            such as twins)\(conflicts.isEmpty ? "" : ", when the evidence conflicts (\(conflicts.joined(separator: "; ")))"), or when \
            its weight is from \(RuleNumber.text(linking.reviewMinimumWeight)) bits up but it reaches no rank; below \
            \(RuleNumber.text(linking.reviewMinimumWeight)) bits it stays unlinked. No link is made below \
            \(RuleNumber.text(linking.linkMinimumWeight)) bits.\(duplicate)
            """
    }

    /// The bands as the run derived them: threshold, required levels by label, meaning.
    static func bandsText(_ bands: [QualityReport.Band], settings: LinkSettings) -> String {
        let labels = settings.comparisons.map { (try? FieldComparison($0))?.levelLabels ?? [] }
        let steps = bands.map { band -> String in
            let requires = settings.comparisons.indices.compactMap { k -> String? in
                guard let levels = band.requires[settings.comparisons[k].name] else { return nil }
                let names = levels.map { $0 == 0 ? "missing" : ($0 < labels[k].count ? labels[k][$0] : "level \($0)") }
                return "\(settings.comparisons[k].name) \(names.joined(separator: " or "))"
            }
            let threshold = band.minimumWeight.map { "weight ≥ \(RuleNumber.text($0)) bits" } ?? "no weight threshold"
            let levels = requires.isEmpty ? "" : "; \(requires.joined(separator: ", "))"
            return "rank \(band.rank) (\(threshold)\(levels)): \(band.meaning)"
        }
        return "A record's best candidate takes the first rank whose levels and threshold it meets: " + steps.joined(separator: "; ") + "."
    }

    static func derivedText(_ settings: LinkSettings) -> String {
        let dropped = settings.linking.dropColumns.isEmpty ? "no column" : settings.linking.dropColumns.joined(separator: ", ")
        let bands = AgeBand.bands.map(\.label).joined(separator: ", ")
        let date = settings.left.recordDateColumn ?? "the record date"
        return """
            links.csv leaves out \(dropped). \(settings.right.linkColumn) is the current id (Old_New chains resolved). Test month: \
            \(date) read as a date, YYYY-MM (unknown when invalid). Age band: completed years from the birth date to \(date): \
            \(bands). Postcode area: the 1–2 leading letters of a valid postcode. Subgroups of fewer than \
            \(SubgroupTable.minimumCell) records are pooled into one unnamed row (disclosure control).
            """
    }
}

extension Standardised {
    /// The missing reason, or nil for a value.
    package var reason: MissingReason? {
        if case .missing(let reason) = self { return reason }
        return nil
    }
}

/// Numbers in rule text: shortest form, at most 3 decimals (`7`, `-6`, `24.544`).
enum RuleNumber {
    static func text(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
