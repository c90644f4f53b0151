import Comparators
import Foundation

/// `linkfit compare <comparator> <left> <right>`: standardise two values the way linking does and
/// show the similarity (where the comparator has one) and the comparison level they fall in.
///
/// A methodologist's tool for values they type, so it echoes the standardised values.
enum CompareCommand: Command {
    static let comparators = ["jaro", "jaro-winkler", "nhs-number", "date", "sex", "postcode"]

    static let spec = CommandSpec(
        name: "compare",
        abstract: "Standardise two values and show their similarity and comparison level.",
        discussion: """
            COMPARATORS:
              jaro, jaro-winkler  names: exact / similarity >= each threshold / else
              nhs-number          exact / near (one digit substituted or two adjacent swapped) / else
              date                exact / exact-placeholder / day-month-swapped / two-of-three / placeholder-year / else
              sex                 agree / disagree
              postcode            unit / sector / district / area / else
            A side that is missing or invalid gives level 0 (null) and says why.
            """,
        positionals: [
            .init(name: "comparator", help: "One of: \(comparators.joined(separator: ", "))."),
            .init(name: "left", help: "The first value."),
            .init(name: "right", help: "The second value."),
        ],
        options: [
            .init(name: "thresholds", value: "list",
                  help: "jaro, jaro-winkler: descending thresholds in (0, 1]\n(default: 0.92,0.88)."),
            .init(name: "near-threshold", value: "x",
                  help: "nhs-number: also near when Jaro-Winkler of the digits >= x."),
            .init(name: "reference-date", value: "date",
                  help: "date: dates after this are out of range (default: today)."),
            .flag("no-placeholder-level", "date: count exact agreement on 1 January as plain exact."),
        ])

    /// Which options apply to which comparators.
    private static let optionScope: [String: Set<String>] = [
        "thresholds": ["jaro", "jaro-winkler"],
        "near-threshold": ["nhs-number"],
        "reference-date": ["date"],
        "no-placeholder-level": ["date"],
    ]

    struct Options {
        var comparison: Comparison
        var left: String
        var right: String
    }

    /// The comparator, built from the options.
    enum Comparison {
        case text(StringComparator)
        /// With the similarity shown when `--near-threshold` was given.
        case nhsNumber(NHSNumberComparator, showsSimilarity: Bool)
        case date(DateComparator, latest: CalendarDate)
        case sex
        case postcode
    }

    static func options(_ reader: inout OptionReader) -> Options {
        let name = reader.positional(0) ?? ""
        let left = reader.positional(1) ?? ""
        let right = reader.positional(2) ?? ""
        guard comparators.contains(name) else {
            reader.problem("unknown comparator '\(name)' (expected one of: \(comparators.joined(separator: ", ")))")
            return Options(comparison: .sex, left: left, right: right)
        }
        for (option, scope) in optionScope.sorted(by: { $0.key < $1.key }) where !scope.contains(name) {
            if reader.string(option) != nil || reader.flag(option) {
                reader.problem("option '--\(option)' does not apply to comparator '\(name)'")
            }
        }
        let comparison: Comparison
        switch name {
        case "jaro", "jaro-winkler":
            let metric: StringMetric = name == "jaro" ? .jaro : .jaroWinkler
            let thresholds = thresholds(&reader) ?? StringComparator.defaultThresholds
            let comparator = parameters("thresholds", &reader) { try StringComparator(metric: metric, thresholds: thresholds) }
            comparison = comparator.map(Comparison.text) ?? .sex
        case "nhs-number":
            let threshold = reader.double("near-threshold")
            let comparator = parameters("near-threshold", &reader) { try NHSNumberComparator(similarityThreshold: threshold) }
            comparison = comparator.map { .nhsNumber($0, showsSimilarity: threshold != nil) } ?? .sex
        case "date":
            comparison = .date(DateComparator(separatePlaceholderLevel: !reader.flag("no-placeholder-level")),
                               latest: referenceDate(&reader))
        case "sex":
            comparison = .sex
        default:
            comparison = .postcode
        }
        return Options(comparison: comparison, left: left, right: right)
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let (left, right) = (options.left, options.right)
        let report: Report
        switch options.comparison {
        case .text(let comparator):
            report = compareText(left, right, comparator)
        case .nhsNumber(let comparator, let showsSimilarity):
            let similarity: ((UInt64, UInt64) -> Double)? = showsSimilarity ? { comparator.similarity($0, $1) } : nil
            report = Report(comparator, NHSNumber.standardise(left.utf8), NHSNumber.standardise(right.utf8),
                            show: { NHSNumber.formatted($0) }, similarity: similarity,
                            level: comparator.level(submitted: left.utf8, right.utf8))
        case .date(let comparator, let latest):
            report = Report(comparator, CalendarDate.standardise(left.utf8, latest: latest),
                            CalendarDate.standardise(right.utf8, latest: latest),
                            show: { $0.isPlaceholder ? "\($0) (placeholder)" : "\($0)" })
        case .sex:
            report = Report(SexComparator(), Sex.standardise(left.utf8), Sex.standardise(right.utf8),
                            show: { $0 == Sex.male ? "1 (male)" : "2 (female)" })
        case .postcode:
            report = Report(PostcodeComparator(), PackedPostcode.standardise(left.utf8),
                            PackedPostcode.standardise(right.utf8), show: { $0.formatted })
        }
        io.print(report.lines.joined(separator: "\n"))
    }

    /// The printed result: each side, the similarity where there is one, the level and all levels.
    struct Report {
        var lines: [String]

        init<C: FieldComparator>(
            _ comparator: C, _ left: Standardised<C.Value>, _ right: Standardised<C.Value>,
            show: (C.Value) -> String, similarity: ((C.Value, C.Value) -> Double)? = nil, level given: Int? = nil
        ) {
            func side(_ value: Standardised<C.Value>) -> String {
                switch value {
                case .value(let value): show(value)
                case .missing(let reason): "missing (\(reason.label))"
                }
            }
            lines = ["left:       " + side(left), "right:      " + side(right)]
            if let similarity, case .value(let a) = left, case .value(let b) = right {
                lines.append("similarity: " + String(format: "%.3f", similarity(a, b)))
            }
            let level = given ?? comparator.level(left, right)
            lines.append("level:      \(level) \(comparator.levelLabels[level])")
            lines.append("levels:     " + comparator.levelLabels.enumerated().map { "\($0) \($1)" }.joined(separator: ", "))
        }
    }

    /// Standardises both sides as free text, then compares the bytes.
    private static func compareText(_ left: String, _ right: String, _ comparator: StringComparator) -> Report {
        let a = TextStandardiser.standardise(left)
        let b = TextStandardiser.standardise(right)
        return withBytes(a) { a in
            withBytes(b) { b in
                Report(comparator, a, b, show: { String(decoding: $0, as: UTF8.self) }, similarity: comparator.similarity)
            }
        }
    }

    /// A standardised string's bytes as a standardised buffer, for the duration of `body`.
    private static func withBytes<R>(
        _ text: Standardised<String>, _ body: (Standardised<UnsafeBufferPointer<UInt8>>) -> R
    ) -> R {
        switch text {
        case .value(let text):
            var text = text
            return text.withUTF8 { body(.value($0)) }
        case .missing(let reason):
            return body(.missing(reason))
        }
    }

    /// `--thresholds 0.95,0.9` as numbers, or nil when absent (or not numbers: a problem).
    private static func thresholds(_ reader: inout OptionReader) -> [Double]? {
        guard let text = reader.string("thresholds") else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == parts.count else {
            reader.problem("option '--thresholds' expects numbers separated by commas")
            return nil
        }
        return values
    }

    /// `--reference-date` (any accepted date format), or today (UTC).
    private static func referenceDate(_ reader: inout OptionReader) -> CalendarDate {
        let today = CalendarDate(days: Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
        guard let text = reader.string("reference-date") else { return today }
        let anyDate = CalendarDate.standardise(text.utf8, earliest: CalendarDate(days: Int32.min / 2),
                                               latest: CalendarDate(days: Int32.max / 2))
        guard let date = anyDate.value else {
            reader.problem("option '--reference-date' expects a date (YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY)")
            return today
        }
        return date
    }

    /// Builds a comparator, turning its parameter problems into one problem that lists them all.
    private static func parameters<C>(_ option: String, _ reader: inout OptionReader, _ build: () throws -> C) -> C? {
        do {
            return try build()
        } catch let error as ParameterProblems {
            reader.problem("option '--\(option)': " + error.problems.map(\.description).joined(separator: "; "))
        } catch {
            reader.problem("option '--\(option)': \(error)")
        }
        return nil
    }
}
