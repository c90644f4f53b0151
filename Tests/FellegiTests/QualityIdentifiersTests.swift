import Comparators
import Foundation
import LinkIO
import Synth
import Testing

@testable import Fellegi

/// Identifier validity per provider and month, subgroups and weight distributions of the quality
/// report, on six hand-made DID records whose every identifier was judged by hand against the
/// rules in DOMAIN.md (Modulus 11, 1895 to the test date, ZZ99, sex 0/9), and on synthetic data
/// against the record table linking loads.
@Suite struct QualityIdentifiersTests {
    static let valid = Engine.nhs("943476591")  // 9434765919

    /// D1 all valid; D2 NHS number off by one in the check digit, ZZ99 postcode; D3 no NHS number,
    /// birth date after the test date, sex 9; D4 placeholder NHS number, 1900-01-01 (a plausible
    /// placeholder: present), M, lower-case postcode; D5 born 1890 (implausible), postcode 12345;
    /// D6 nine digits, 31 February, sex X, no postcode, test date written DD/MM/YYYY.
    static func handMade(didLines: [String]? = nil) throws -> QualitySources {
        let run = Engine.folder("quality-identifiers")
        let did = didLines ?? [
            "DID_ID,NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE,TEST_DATE,PROVIDER_CODE",
            "D1,\(valid),1980-05-06,1,LS1 4AP,2025-01-03,RDE",
            "D2,9434765918,1950-02-01,2,ZZ99 3VZ,2025-01-20,RAK",
            "D3,,2025-06-07,9,SW1A 1AA,2025-02-01,RDE",
            "D4,0000000000,01/01/1900,M,ls1 4ap,2025-02-11,RDE",
            "D5,\(valid),1890-03-04,F,12345,2025-02-12,RAK",
            "D6,943476591,31/02/2000,X,,13/03/2025,RAK",
        ]
        let didURL = try Engine.write(did, to: run, "did.csv")
        try Engine.write([
            "DID_ID,TEST_DATE,PROVIDER_CODE,HESID,MATCH_RANK,MATCH_WEIGHT,MATCH_PROBABILITY,LINK_STATUS",
            "D1,2025-01-03,RDE,H1,1,31.5,0.9,linked", "D2,2025-01-20,RAK,H2,1,30.2,0.8,linked-duplicate",
            "D3,2025-02-01,RDE,H3,2,12.0,0.5,linked", "D4,2025-02-11,RDE,,,-2.5,0.6,review",
            "D5,2025-02-12,RAK,,,-20.1,0.3,unlinked", "D6,13/03/2025,RAK,,,,,unlinked",
        ], to: run, "links.csv")
        try Engine.write([#"{"ranks": [{"rank": "1", "meaning": "all agree"}, {"rank": "2", "meaning": "NHS number agrees"}]}"#], to: run, "summary.json")
        try Engine.write(["DID_ID,CANDIDATE,HESID,MATCH_PROBABILITY", "D4,1,H9,0.7"], to: run, "review.csv")
        var sources = QualitySources(run: run, name: "run")
        sources.left = RecordIdentifiers(table: try RecordTable.load(url: didURL, file: "did.csv", settings: .didToHES, side: .left))
        sources.leftName = "did.csv"
        return sources
    }

    /// Reasons by hand, per comparison: [present, blank, malformed, failed-check, placeholder, pseudo, out-of-range, not-known].
    static func byHand(_ v: IdentifierValidity, _ k: Int) -> [Int] {
        [v.present(k)] + MissingReason.allCases.map { v.count(k, $0) }
    }

    @Test func everyIdentifierIsJudgedAsByHand() throws {
        let report = try QualityReport.read(Self.handMade())
        let all = try #require(report.identifiers)
        #expect(report.identifierNames == ["nhs_number", "dob", "sex", "postcode"])
        #expect(all.records == 6)
        #expect(Self.byHand(all, 0) == [2, 1, 1, 1, 1, 0, 0, 0])  // D1 D5 | D3 | D6 | D2 | D4
        #expect(Self.byHand(all, 1) == [3, 0, 1, 0, 0, 0, 2, 0])  // D1 D2 D4 | D6 | D3 D5
        #expect(Self.byHand(all, 2) == [4, 0, 1, 0, 0, 0, 0, 1])  // D1 D2 D4 D5 | D6 | D3
        #expect(Self.byHand(all, 3) == [3, 1, 1, 0, 0, 1, 0, 0])  // D1 D3 D4 | D6 | D5 | D2
        let rde = try #require(report.identifiersPerProvider["RDE"]), rak = try #require(report.identifiersPerProvider["RAK"])
        #expect(Self.byHand(rde, 0) == [1, 1, 0, 0, 1, 0, 0, 0])
        #expect(Self.byHand(rak, 3) == [0, 1, 1, 0, 0, 1, 0, 0])
        // Headlines: valid NHS number 2/6, plausible birth date 3/6, valid postcode 3/6, pseudo 1/6.
        let shares: [Double] = report.headlines.figures(all).map(\.share)
        let expected: [Double] = [2.0 / 6, 3.0 / 6, 3.0 / 6, 1.0 / 6]
        #expect(shares == expected)
    }

    /// The per-row reasons the table keeps are the ones its counts add up, row by row as by hand.
    @Test func theTablesRowReasonsAreItsMissingCounts() throws {
        let sources = try Self.handMade()
        let table = try RecordTable.load(url: sources.run.appendingPathComponent("did.csv"), file: "did.csv", settings: .didToHES, side: .left)
        for k in table.settings.indices {
            let counted = MissingReason.allCases.map { reason in table.missingReasons[k].filter { $0 == reason.rawValue }.count }
            #expect(counted == table.missingCounts[k])
        }
        #expect(table.missingReasons[0] == [RecordTable.present, MissingReason.failedCheck.rawValue, MissingReason.blank.rawValue,
                                            MissingReason.placeholder.rawValue, RecordTable.present, MissingReason.malformed.rawValue])
        let hes = try Engine.table([Engine.hesHeader, "H1,\(Self.valid),1980-05-06,1,LS1 4AP"], side: .right)
        #expect(hes.missingReasons.isEmpty)
    }

    @Test func providerAndMonthRowsSumToTheTotals() throws {
        let report = try QualityReport.read(Self.handMade())
        let all = try #require(report.identifiers)
        for table in [report.identifiersPerProvider, report.identifiersPerMonth] {
            var sum = IdentifierValidity(comparisons: 4)
            for row in table.values { sum.add(row) }
            #expect(sum == all)
        }
        #expect(report.perMonth == ["2025-01": .init(records: 2, matched: 2), "2025-02": .init(records: 3, matched: 1),
                                    "2025-03": .init(records: 1, matched: 0)])
        #expect(Set(report.identifiersPerMonth.keys) == Set(report.perMonth.keys))
    }

    @Test func subgroupsByHandWhenEveryGroupMayBeShown() throws {
        var sources = try Self.handMade()
        sources.minimumCell = 1
        let report = try QualityReport.read(sources)
        let tables = Dictionary(uniqueKeysWithValues: report.subgroups.map { ($0.dimension, $0.rows) })
        func rows(_ name: String) -> [String] { (tables[name] ?? []).map { "\($0.group) \($0.counts.records)/\($0.counts.matched)" } }
        // Ages at the test date: D1 44, D2 74, D4 125; D3 and D5 have no plausible birth date, D6 none at all.
        #expect(rows("age band") == ["35-44 1/1", "65-74 1/1", "85+ 1/0", "birth or test date missing 3/1"])
        #expect(rows("sex") == ["male 2/1", "female 2/1", "invalid 1/0", "not known 1/1"])
        #expect(rows("postcode area") == ["LS 2/1", "SW 1/1", "blank 1/0", "invalid 1/0", "ZZ99 pseudo-postcode 1/1"])
    }

    @Test func smallGroupsArePooledUnnamed() throws {
        let report = try QualityReport.read(Self.handMade())
        for table in report.subgroups {
            #expect(table.rows.count == 1)
            #expect(table.rows.first?.counts == .init(records: 6, matched: 3))
            #expect(table.rows.first?.group.hasPrefix("other (") == true)
        }
        let pooled = SubgroupTable(dimension: "x", groups: [("A", .init(records: 12, matched: 6)), ("B", .init(records: 3, matched: 1)),
                                                            ("C", .init(records: 9, matched: 9)), ("D", .init(records: 10, matched: 0))])
        #expect(pooled.rows.map(\.group) == ["A", "D", "other (2 groups of fewer than 10 records)"])
        #expect(pooled.rows.last?.counts == .init(records: 12, matched: 10))
        #expect(pooled.rows.map(\.counts.records).reduce(0, +) == 34)
    }

    @Test func weightsAreBinnedPerOutcome() throws {
        let weights = try QualityReport.read(Self.handMade()).weights
        let bins = weights.bins
        #expect(bins.first?.lower == -21 && bins.last?.lower == 31 && bins.count == 53)
        let held = bins.filter { $0.counts != [0, 0, 0] }.map { "\(Int($0.lower)):\($0.counts)" }
        #expect(held == ["-21:[0, 0, 1]", "-3:[0, 1, 0]", "12:[1, 0, 0]", "30:[1, 0, 0]", "31:[1, 0, 0]"])
        #expect(weights.withoutWeight == [0, 0, 1])
        #expect(weights.weighted == [3, 1, 1])
    }

    @Test(arguments: [
        ("2000-02-29", "2025-02-28", 24), ("2000-02-29", "2025-03-01", 25), ("1940-05-01", "2025-04-30", 84),
        ("1940-05-01", "2025-05-01", 85), ("2009-06-01", "2025-05-31", 15), ("2009-06-01", "2025-06-01", 16), ("2025-01-01", "2025-01-01", 0),
    ])
    func agesInCompletedYears(birth: String, at date: String, age: Int) throws {
        func day(_ text: String) throws -> CalendarDate { try #require(CalendarDate.standardise(Array(text.utf8), latest: .latestRecordDate).value) }
        #expect(AgeBand.age(birth: try day(birth), at: try day(date)) == age)
        let band = AgeBand.bands[AgeBand.index(birth: try day(birth), at: try day(date))].label
        #expect(band == [0: "0-15", 15: "0-15", 16: "16-24", 24: "16-24", 25: "25-34", 84: "75-84", 85: "85+"][age])
    }

    /// The band limits of a record date give every birth date the band `AgeBand.index` gives it:
    /// every day of 1999–2001 and some around the band edges, at dates including 29 February and
    /// the last day of months of every length, and births after the date.
    @Test(arguments: ["2024-02-29", "2025-02-28", "2025-03-01", "2025-01-31", "2025-04-30", "2025-12-31", "2016-01-01", "2000-02-29"])
    func ageLimitsGiveTheBandsOfAgeBandIndex(at text: String) throws {
        let date = try #require(CalendarDate.standardise(Array(text.utf8), latest: .latestRecordDate).value)
        let limits = AgeBand.Limits(at: date)
        let edges = AgeBand.bands.flatMap { band in (-3...3).map { date.days - Int32(band.lower) * 365 - Int32(band.lower / 4) + $0 } }
        let from = try #require(CalendarDate(year: 1999, month: 1, day: 1)), to = try #require(CalendarDate(year: 2001, month: 12, day: 31))
        let births = Array(from.days...to.days) + edges + (0...40).map { date.days + $0 }
        let wrong = births.map(CalendarDate.init(days:)).filter { limits.index(birth: $0) != AgeBand.index(birth: $0, at: date) }.count
        #expect(wrong == 0)
        #expect(births.count > 1000)
    }

    @Test(arguments: [("SW1A 1AA", "SW"), ("M1 1AA", "M"), ("b33 8th", "B"), ("EC1A 1BB", "EC"), ("W1A 0AX", "W")])
    func postcodeAreasAreTheLeadingLetters(postcode: String, area: String) throws {
        let packed = try #require(PackedPostcode.standardise(Array(postcode.utf8)).value)
        #expect(SubgroupKey.areaLabel(SubgroupKey.area(packed)) == area)
    }

    @Test func aDIDFileThatIsNotTheRunsIsALocatedErrorWithoutIds() throws {
        var lines = try Self.handMadeLines()
        lines.swapAt(2, 3)
        let sources = try Self.handMade(didLines: lines)
        #expect {
            _ = try QualityReport.read(sources)
        } throws: { error in
            "\(error)" == "run/links.csv:3: DID_ID: is not the id on line 3 of did.csv (links.csv was not made from this file)"
        }
        let short = try Self.handMade(didLines: Array(lines.prefix(4)))
        #expect(throws: InputError.self) { try QualityReport.read(short) }
    }

    static func handMadeLines() throws -> [String] {
        let sources = try handMade()
        return try String(contentsOf: sources.run.appendingPathComponent("did.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    @Test func quality_jsonDecodesToTheSameReport() throws {
        var sources = try Self.handMade()
        sources.minimumCell = 2
        let report = try QualityReport.read(sources)
        let json = report.json
        #expect(QualityReport(json: json).json == json)
        #expect(json["perProvider"]?["RDE"]?["identifiers"]?["nhs_number"]?["present"] == .number(1))
        #expect(json["identifiers"]?["postcode"]?["missing"]?["pseudo"] == .number(1))
        #expect(json["subgroups"]?["sex"]?.array?.count == 3)  // male 2, female 2, other (2 groups)
    }

    /// On synthetic data (every defect the generator makes): the counts are the record table's, and
    /// the provider and month rows sum to them.
    @Test func onSynthDataTheCountsAreLinkingsAndSumToTheTotals() throws {
        let folder = Engine.folder("quality-synth")
        _ = try generate(.fixture, into: folder)
        let didURL = folder.appendingPathComponent("did.csv")
        let table = try RecordTable.load(url: didURL, file: "did.csv", settings: .didToHES, side: .left)
        // A links.csv of the same records, every one unlinked, as linkfit writes its kept columns.
        let did = try CSVReader(url: didURL, name: "did.csv")
        let columns = try did.requireColumns(["DID_ID", "TEST_DATE", "PROVIDER_CODE"])
        // A wide PAD column makes links.csv several parallel chunks (each at least 64 KiB).
        var links = ["DID_ID,TEST_DATE,PROVIDER_CODE,PAD,MATCH_RANK,LINK_STATUS"]
        let pad = String(repeating: "x", count: 400)
        while try did.next() { links.append(columns.map { did.string($0) }.joined(separator: ",") + ",\(pad),,unlinked") }
        let run = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try Engine.write(links, to: run, "links.csv")
        try Engine.write([#"{"ranks": []}"#], to: run, "summary.json")
        try Engine.write(["DID_ID,CANDIDATE,HESID,MATCH_PROBABILITY"], to: run, "review.csv")
        var sources = QualitySources(run: run, name: "run")
        sources.left = RecordIdentifiers(table: table)
        sources.leftName = "did.csv"
        let report = try QualityReport.read(sources)
        let all = try #require(report.identifiers)
        #expect(all.missing == table.missingCounts)
        #expect(all.records == 1000)
        #expect(all.count(3, .pseudo) > 0 && all.count(0, .failedCheck) > 0 && all.count(2, .notKnown) > 0 && all.present(1) < 1000)
        for rows in [report.identifiersPerProvider, report.identifiersPerMonth] {
            var sum = IdentifierValidity(comparisons: 4)
            for row in rows.values { sum.add(row) }
            #expect(sum == all)
        }
        for subgroup in report.subgroups {
            #expect(subgroup.rows.map(\.counts.records).reduce(0, +) == 1000)
            #expect(subgroup.rows.allSatisfy { $0.counts.records >= SubgroupTable.minimumCell || $0.pooledGroups > 0 })
        }
        // The chunks must follow each other in the left file's order: the halves swapped are an error.
        try Engine.write([links[0]] + Array(links[501...]) + Array(links[1...500]), to: run, "links.csv")
        #expect(throws: InputError.self) { try QualityReport.read(sources) }
    }
}
