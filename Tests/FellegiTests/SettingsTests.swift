import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// Settings JSON: the default round-trips, every mistake is reported at once with its JSON path,
/// and a settings file alone configures a non-DID linkage (FEBRL-style names and birth dates).
@Suite struct SettingsTests {
    static func parse(_ text: String) throws -> JSON { try JSON.parse(Data(text.utf8), file: "settings.json") }

    @Test func defaultRoundTripsThroughJSON() throws {
        let settings = LinkSettings.didToHES
        #expect(try LinkSettings.load(settings.json, file: "default.json") == settings)
        // Through text as well: what `linkfit settings --default` prints is what `load` reads back.
        #expect(try LinkSettings.load(Self.parse(settings.json.serialised()), file: "default.json") == settings)
    }

    @Test func nonDefaultValuesRoundTrip() throws {
        var settings = LinkSettings.febrlExample
        settings.linking.bands = [MatchBand(rank: "A", minimumWeight: 12.5, requires: ["surname": [1, 2]], meaning: "strong")]
        settings.linking.conflicts = [.init(agrees: "surname", disagrees: "date_of_birth")]
        settings.training.monotone = false
        settings.comparisons[0].termFrequency = true
        #expect(try LinkSettings.load(settings.json, file: "febrl.json") == settings)
    }

    /// One file, nine mistakes: each is reported, at its JSON path, and nothing else is.
    @Test func everyMistakeIsReportedAtOnceWithItsPath() throws {
        let text = """
            {
              "schemaVersion": 1,
              "comparisons": [
                {"name": "nhs_number", "kind": "nhs-number", "left": "NHS_NUMBER", "right": "NEWNHSNO"},
                {"name": "dob", "kind": "date", "left": "PERSON_BIRTH_DATE", "right": "DOB"},
                {"name": "sex", "kind": "sex", "left": "GENDER", "right": "SEX"},
                {"name": "postcode", "kind": "post-code", "left": "POSTCODE", "right": "HOMEADD"},
                {"name": "surname", "kind": "jaro-winkler", "left": "SURNAME", "right": "SURNAME", "thresholds": [0.8, 0.9]},
                {"name": "sex", "kind": "exact", "left": "GENDER2", "right": "SEX2"}
              ],
              "blocking": {"rules": [["nhs"], ["dob", "sex.district"]]},
              "training": {"maxIterations": "200", "lambdaRule": ["nhs_number", "date_of_birth"]},
              "linking": {"linkMinWeight": 3, "reviewMinimumWeight": 2}
            }
            """
        let problems = Engine.problems { _ = try LinkSettings.load(Self.parse(text), file: "settings.json") }
        #expect(problems.allSatisfy { $0.file == "settings.json" && $0.line == nil })
        #expect(problems.map(\.description) == [
            "settings.json: $.comparisons[3].kind: expected one of: nhs-number, date, sex, postcode, jaro-winkler, exact",
            "settings.json: $.comparisons[4].thresholds: expected strictly descending thresholds",
            // Index 5 in the file, even though comparison 3 could not be read.
            "settings.json: $.comparisons[5].name: duplicate comparison name",
            "settings.json: $.blocking.rules[0][0]: names no comparison (expected one of: nhs_number, dob, sex, surname, sex)",
            "settings.json: $.blocking.rules[1][1]: 'district' is not a part of a sex value (parts: none)",
            "settings.json: $.training.maxIterations: expected an integer, found a string",
            "settings.json: $.training.lambdaRule[1]: names no comparison",
            "settings.json: $.linking.linkMinWeight: unknown key (expected one of: bands, conflicts, dropColumns, duplicateRule, keepComparedColumns, linkMinimumWeight, nearTieMargin, reviewMinimumWeight, scoreOnlyProbability)",
            "settings.json: $.linking.reviewMinimumWeight: expected a weight no greater than linkMinimumWeight",
        ])
    }

    struct Mistake: Sendable, CustomTestStringConvertible {
        var id: String
        var json: String
        var expected: String
        var testDescription: String { id }
    }

    /// Each mistake alone, so a message that only appears next to another cannot pass unnoticed.
    static let mistakes: [Mistake] = [
        .init(id: "unknown top-level key", json: #"{"comparison": []}"#,
              expected: "$.comparison: unknown key (expected one of: blocking, comparisons, left, linking, right, schemaVersion, training)"),
        .init(id: "wrong type", json: #"{"blocking": {"maxBlockSize": true}}"#,
              expected: "$.blocking.maxBlockSize: expected an integer, found a boolean"),
        .init(id: "bad kind", json: #"{"comparisons": [{"name": "a", "kind": "soundex", "left": "A", "right": "A"}, {"name": "b", "kind": "exact", "left": "B", "right": "B"}], "blocking": {"rules": [["b"]]}}"#,
              expected: "$.comparisons[0].kind: expected one of: nhs-number, date, sex, postcode, jaro-winkler, exact"),
        .init(id: "thresholds not descending",
              json: #"{"comparisons": [{"name": "a", "kind": "jaro-winkler", "left": "A", "right": "A", "thresholds": [0.9, 0.9]}], "blocking": {"rules": [["a"]]}}"#,
              expected: "$.comparisons[0].thresholds: expected strictly descending thresholds"),
        .init(id: "blocking key names no comparison", json: #"{"blocking": {"rules": [["postcode.unit", "nhs"]]}}"#,
              expected: "$.blocking.rules[0][1]: names no comparison (expected one of: nhs_number, dob, sex, postcode)"),
        .init(id: "bad key part", json: #"{"blocking": {"rules": [["sex.district"]]}}"#,
              expected: "$.blocking.rules[0][0]: 'district' is not a part of a sex value (parts: none)"),
        .init(id: "bad date key part", json: #"{"blocking": {"rules": [["dob.day"]]}}"#,
              expected: "$.blocking.rules[0][0]: 'day' is not a part of a date value (parts: year, month-day)"),
        .init(id: "unknown key part", json: #"{"blocking": {"rules": [["dob.yaer"]]}}"#,
              expected: "$.blocking.rules[0][0]: 'yaer' is not a part of a date value (parts: year, month-day)"),
        .init(id: "the whole value is not a part", json: #"{"blocking": {"rules": [["postcode.whole"]]}}"#,
              expected: "$.blocking.rules[0][0]: 'whole' is not a part of a postcode value (parts: unit, sector, district, area)"),
        .init(id: "empty key part", json: #"{"blocking": {"rules": [["dob."]]}}"#,
              expected: "$.blocking.rules[0][0]: '' is not a part of a date value (parts: year, month-day)"),
        .init(id: "lambdaRule names no comparison", json: #"{"training": {"lambdaRule": ["nhs"]}}"#,
              expected: "$.training.lambdaRule[0]: names no comparison"),
        .init(id: "review minimum above link minimum", json: #"{"linking": {"linkMinimumWeight": -1, "reviewMinimumWeight": 0}}"#,
              expected: "$.linking.reviewMinimumWeight: expected a weight no greater than linkMinimumWeight"),
        .init(id: "duplicate comparison names",
              json: #"{"comparisons": [{"name": "a", "kind": "exact", "left": "A", "right": "A"}, {"name": "a", "kind": "exact", "left": "B", "right": "B"}], "blocking": {"rules": [["a"]]}}"#,
              expected: "$.comparisons[1].name: duplicate comparison name"),
        .init(id: "band requires an unknown comparison", json: #"{"linking": {"bands": [{"rank": "1", "minimumWeight": 3, "requires": {"nhs": [1]}}]}}"#,
              expected: "$.linking.bands[0].requires.nhs: names no comparison"),
        .init(id: "conflict names no comparison", json: #"{"linking": {"conflicts": [{"agrees": "nhs_number", "disagrees": "birth"}]}}"#,
              expected: "$.linking.conflicts[0].disagrees: names no comparison"),
        .init(id: "more than 32 blocking rules",
              json: #"{"blocking": {"rules": ["# + Array(repeating: #"["nhs_number"]"#, count: 33).joined(separator: ", ") + "]}}",
              expected: "$.blocking.rules: expected at most 32 rules"),
        .init(id: "keeping a column no comparison reads", json: #"{"linking": {"keepComparedColumns": ["MODALITY"]}}"#,
              expected: "$.linking.keepComparedColumns[0]: names no column a comparison reads from the left file (other columns are kept unless in dropColumns)"),
        .init(id: "keeping a dropped column", json: #"{"linking": {"keepComparedColumns": ["postcode"]}}"#,
              expected: "$.linking.keepComparedColumns[0]: is also in dropColumns (keep it or drop it)"),
        .init(id: "wrong schema version", json: #"{"schemaVersion": 2}"#,
              expected: "$.schemaVersion: expected 1 (this linkfit reads settings version 1)"),
    ]

    @Test(arguments: mistakes)
    func eachMistakeAloneIsReportedOnce(_ mistake: Mistake) throws {
        let problems = Engine.problems { _ = try LinkSettings.load(Self.parse(mistake.json), file: "s.json") }
        #expect(problems.map(\.description) == ["s.json: " + mistake.expected])
    }

    /// Key parts are typed when the settings load: each part a kind has reads back as itself.
    @Test func blockingKeyPartsAreReadAsTypedParts() throws {
        let text = #"{"blocking": {"rules": [["dob.year", "postcode.district"], ["dob.month-day", "postcode.sector"], ["postcode.unit"], ["postcode.area", "sex"]]}}"#
        let settings = try LinkSettings.load(Self.parse(text), file: "s.json")
        #expect(settings.blocking.rules.map(\.keys) == [
            [BlockingKey("dob", .year), BlockingKey("postcode", .district)],
            [BlockingKey("dob", .monthDay), BlockingKey("postcode", .sector)],
            [BlockingKey("postcode", .unit)],
            [BlockingKey("postcode", .area), BlockingKey("sex")],
        ])
        #expect(settings.blocking.rules.map(\.description) == [
            "dob.year + postcode.district", "dob.month-day + postcode.sector", "postcode.unit", "postcode.area + sex",
        ])
    }

    /// A rule or key that cannot be read is dropped, but the paths of later ones stay those of the file.
    @Test func pathsAfterAnUnreadableRuleOrKeyPointIntoTheFile() throws {
        let text = #"{"blocking": {"rules": [5, [7, "dbo"], ["dob.day"]]}}"#
        let problems = Engine.problems { _ = try LinkSettings.load(Self.parse(text), file: "s.json") }
        #expect(problems.map(\.description) == [
            "s.json: $.blocking.rules[0]: expected an array, found a number",
            "s.json: $.blocking.rules[1][0]: expected a string, found a number",
            "s.json: $.blocking.rules[1][1]: names no comparison (expected one of: nhs_number, dob, sex, postcode)",
            "s.json: $.blocking.rules[2][0]: 'day' is not a part of a date value (parts: year, month-day)",
        ])
    }

    /// Without a `blocking` key the default rules apply, and are checked against the file's comparisons.
    @Test func theDefaultRulesAreCheckedAgainstTheFilesComparisons() throws {
        let text = #"{"comparisons": [{"name": "nhs_number", "kind": "nhs-number", "left": "N", "right": "N"}, {"name": "dob", "kind": "exact", "left": "D", "right": "D"}]}"#
        let problems = Engine.problems { _ = try LinkSettings.load(Self.parse(text), file: "s.json") }
        #expect(problems.map(\.description) == [
            "s.json: $.blocking.rules[1][1]: names no comparison (expected one of: nhs_number, dob)",
            "s.json: $.blocking.rules[2][0]: names no comparison (expected one of: nhs_number, dob)",
            "s.json: $.blocking.rules[2][1]: 'year' is not a part of a exact value (parts: none)",
        ])
    }

    // MARK: FEBRL: a settings file alone configures the linkage

    /// The FEBRL example of docs/settings.md, read from the page so that the page and the tests agree.
    static let febrlJSON: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let page = (try? String(contentsOf: root.appendingPathComponent("docs/settings.md"), encoding: .utf8)) ?? ""
        guard let section = page.range(of: "## Example: FEBRL"),
              let open = page.range(of: "```json\n", range: section.upperBound..<page.endIndex),
              let close = page.range(of: "```", range: open.upperBound..<page.endIndex) else { return "docs/settings.md has no FEBRL example" }
        return String(page[open.upperBound..<close.lowerBound])
    }()

    @Test func sameIdColumnOnBothSidesNeedsALinkColumn() throws {
        let text = Self.febrlJSON.replacingOccurrences(of: #", "linkColumn": "B_rec_id""#, with: "")
        #expect(text != Self.febrlJSON)
        let problems = Engine.problems { _ = try LinkSettings.load(Self.parse(text), file: "febrl.json") }
        #expect(problems.map(\.description) == [
            "febrl.json: $.right.id: links.csv would name two columns alike (the left id is rec_id): set right.linkColumn to the name links.csv should give the linked id",
        ])
        // Ignoring case, as links.csv's header check does.
        let shouting = Self.febrlJSON.replacingOccurrences(of: "B_rec_id", with: "REC_ID")
        let clash = Engine.problems { _ = try LinkSettings.load(Self.parse(shouting), file: "febrl.json") }
        #expect(clash.map(\.description).first?.hasPrefix("febrl.json: $.right.linkColumn: links.csv would name two columns alike") == true)
    }

    @Test func febrlSettingsLoadAsWritten() throws {
        let settings = try LinkSettings.load(Self.parse(Self.febrlJSON), file: "febrl.json")
        #expect(settings == LinkSettings.febrlExample)
        // Defaults that name DID→HES comparisons are dropped, not carried into a foreign linkage.
        #expect(settings.linking.conflicts.isEmpty)
        #expect(settings.left.recordDateColumn == nil)
    }

    /// Ten people in both files (with a typo in one field of several), two only in A, two only in B.
    static let febrlA = [
        "rec_id,given_name,surname,date_of_birth,postcode",
        "rec-1-org,michaela,neumann,19151111,4350",
        "rec-2-org,courtney,painter,19161214,2615",
        "rec-3-org,charles,green,19480930,4580",
        "rec-4-org,vanessa,parr,19951127,2010",
        "rec-5-org,mikayla,malloney,19860208,2196",
        "rec-6-org,blake,howie,19510401,2134",
        "rec-7-org,jacob,kozlowski,19770929,6118",
        "rec-8-org,lachlan,bishop,19560602,3280",
        "rec-9-org,amelia,stanbury,19840312,2602",
        "rec-10-org,joshua,white,19720815,5034",
        "rec-11-org,ruby,campbell,19900117,4870",
        "rec-12-org,harrison,reid,19631205,3752",
    ]
    static let febrlB = [
        "rec_id,given_name,surname,date_of_birth,postcode",
        "rec-13-org,sophie,turner,19880523,2000",
        "rec-7-dup-0,jacob,kozlowski,19770292,6118",
        "rec-1-dup-0,micheala,neumann,19151111,4350",
        "rec-2-dup-0,courtney,painter,19161214,2651",
        "rec-3-dup-0,charles,greene,19480930,4580",
        "rec-4-dup-0,vanessa,parr,19951127,2010",
        "rec-5-dup-0,mikayla,malony,19860208,2196",
        "rec-6-dup-0,blake,howie,19510401,2143",
        "rec-8-dup-0,lachlan,bishop,19560602,3280",
        "rec-9-dup-0,amelia,stanbury,19840312,2602",
        "rec-10-dup-0,joshua,white,19720815,5034",
        "rec-14-org,oliver,smith,19701101,3000",
    ]

    @Test func febrlSettingsAloneFitAndLinkTheObviousPairs() throws {
        let settings = try LinkSettings.load(Self.parse(Self.febrlJSON), file: "febrl.json")
        let folder = Engine.folder("febrl")
        let left = try Engine.table(Self.febrlA, side: .left, settings: settings, in: folder)
        let right = try Engine.table(Self.febrlB, side: .right, settings: settings, in: folder)
        let model = try ModelTrainer(settings: settings, threads: 1)
            .fit(left: left, right: right, provenance: Provenance(linkfitVersion: "test", seed: 1, inputs: []))
        // Agreement is evidence for a match on every comparison.
        for k in 0..<4 { #expect(model.weight(k, 1) > 0, "\(settings.comparisons[k].name) exact") }
        let result = try Linker(model: model, threads: 1).link(left: left, right: right)
        // No DID→HES kinds: a single score band at the link minimum.
        #expect(result.bands.map(\.rank) == ["1"])
        for row in 0..<left.rowCount {
            let id = left.ids[Int(left.entityOfRow[row])]
            let number = id.dropFirst("rec-".count).prefix { $0 != "-" }
            if Int(number)! <= 10 {
                #expect(result.status[row] == .linked, "\(id)")
                #expect(result.best[row] >= 0 && right.ids[Int(result.best[row])] == "rec-\(number)-dup-0", "\(id)")
            } else {
                #expect(result.status[row] != .linked, "\(id) has no match in B")
            }
        }
    }
}

extension LinkSettings {
    /// `SettingsTests.febrlJSON` built in code.
    static var febrlExample: LinkSettings {
        var training = TrainingSettings()
        training.lambdaRule = ["surname", "date_of_birth"]
        training.uSamplePairs = 2_000
        var linking = LinkingSettings()
        linking.dropColumns = []
        return LinkSettings(
            left: Side(name: "A", idColumn: "rec_id"), right: Side(name: "B", idColumn: "rec_id", linkColumnName: "B_rec_id"),
            comparisons: [
                ComparisonSettings(name: "given_name", kind: .jaroWinkler, left: "given_name", right: "given_name", thresholds: [0.92, 0.85]),
                ComparisonSettings(name: "surname", kind: .jaroWinkler, left: "surname", right: "surname", thresholds: [0.92, 0.88]),
                ComparisonSettings(name: "date_of_birth", kind: .exact, left: "date_of_birth", right: "date_of_birth"),
                ComparisonSettings(name: "postcode", kind: .exact, left: "postcode", right: "postcode"),
            ],
            blocking: BlockingSettings(rules: [
                BlockingRule([BlockingKey("surname", .first3)]), BlockingRule([BlockingKey("date_of_birth")]),
                BlockingRule([BlockingKey("postcode")]),
            ]),
            training: training, linking: linking)
    }
}
