import Comparators
import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// The rules in words are generated from the settings and bands: each changed setting changes the
/// text, and the examples are classified as DOMAIN.md's rules say.
@Suite struct ValidationRulesTests {
    static let bands = [
        QualityReport.Band(rank: "1", minimumWeight: 24.544, requires: ["nhs_number": [1], "dob": [1, 2], "postcode": [1], "sex": [1]],
                           meaning: "NHS number, birth date, sex and postcode agree"),
        QualityReport.Band(rank: "6", minimumWeight: 10.433, requires: ["nhs_number": [0, 2], "dob": [1]], meaning: "NHS number missing"),
    ]

    static func text(_ settings: LinkSettings, bands: [QualityReport.Band] = bands) -> [String: String] {
        Dictionary(uniqueKeysWithValues: ValidationRules.rules(settings: settings, bands: bands).map { ($0.topic, $0.text) })
    }

    @Test func theDefaultRulesSayWhatDOMAINSays() throws {
        let rules = Self.text(.didToHES)
        let nhs = try #require(rules["nhs_number (DID NHS_NUMBER, HES NEWNHSNO)"])
        #expect(nhs.contains("Modulus 11"))
        #expect(nhs.contains("943 476 5919 valid; 943 476 5918 failed-check; 943 476 9519 failed-check; 0000000000 placeholder"))
        #expect(nhs.contains("level near"))
        let dob = try #require(rules["dob (DID PERSON_BIRTH_DATE, HES DOB)"])
        #expect(dob.contains("Plausible from 1895-01-01"))
        #expect(dob.contains("after the record's own TEST_DATE"))
        #expect(dob.contains("1800-01-01 placeholder; 1890-06-05 out-of-range"))
        #expect(dob.contains("level exact-placeholder"))
        #expect(try #require(rules["sex (DID GENDER, HES SEX)"]).contains("1, M, MALE → male; 2, F, FEMALE → female; 0, 9, U, I → not known (missing)"))
        #expect(try #require(rules["postcode (DID POSTCODE, HES HOMEADD)"]).contains("ZZ99 3VZ pseudo; ZZ99 3WZ pseudo"))
        #expect(try #require(rules["blocking"]).contains("(1) nhs_number; (2) dob + postcode.district; (3) postcode.unit + dob.year"))
        #expect(try #require(rules["linking and review"]).contains("within 7 bits of the best"))
        let ranks = try #require(rules["match ranks"])
        #expect(ranks.contains("rank 1 (weight ≥ 24.544 bits; nhs_number exact, dob exact or exact-placeholder, sex agree, postcode unit)"))
        #expect(ranks.contains("rank 6 (weight ≥ 10.433 bits; nhs_number missing or near, dob exact)"))
        #expect(try #require(rules["derived fields"]).contains("links.csv leaves out NHS_NUMBER, PERSON_BIRTH_DATE, POSTCODE"))
    }

    @Test func eachChangedSettingChangesItsRule() throws {
        let before = Self.text(.didToHES)
        var settings = LinkSettings.didToHES
        settings.linking.nearTieMargin = 5
        settings.linking.reviewMinimumWeight = -4.5
        settings.blocking.rules = [BlockingRule([BlockingKey("nhs_number")]), BlockingRule([BlockingKey("dob"), BlockingKey("sex")])]
        settings.blocking.maxBlockSize = 800
        settings.comparisons[1].placeholderLevel = false
        settings.comparisons[0].thresholds = [0.9]
        settings.comparisons[3].leftColumn = "PATIENT_POSTCODE"
        settings.left.recordDateColumn = "EXAM_DATE"
        settings.linking.dropColumns = ["NHS_NUMBER"]
        var bands = Self.bands
        bands[0].minimumWeight = 19.25
        let after = Self.text(settings, bands: bands)
        #expect(after != before)
        #expect(try #require(after["linking and review"]).contains("within 5 bits of the best"))
        #expect(try #require(after["linking and review"]).contains("from -4.5 bits up"))
        #expect(try #require(after["blocking"]).contains("(1) nhs_number; (2) dob + sex."))
        #expect(try #require(after["blocking"]).contains("more than 800 HES rows"))
        let dob = try #require(after["dob (DID PERSON_BIRTH_DATE, HES DOB)"])
        #expect(dob.contains("agreement on it is exact, as on any date") && !dob.contains("exact-placeholder"))
        #expect(dob.contains("after the record's own EXAM_DATE"))
        #expect(try #require(after["nhs_number (DID NHS_NUMBER, HES NEWNHSNO)"]).contains("Jaro–Winkler similarity is at least 0.9"))
        #expect(after["postcode (DID PATIENT_POSTCODE, HES HOMEADD)"] != nil && after["postcode (DID POSTCODE, HES HOMEADD)"] == nil)
        #expect(try #require(after["match ranks"]).contains("rank 1 (weight ≥ 19.25 bits; nhs_number exact, dob exact or day-month-swapped, sex agree"))
        #expect(try #require(after["derived fields"]).contains("links.csv leaves out NHS_NUMBER. "))
    }

    @Test func withoutBandsThereIsNoRankRule() {
        #expect(Self.text(.didToHES, bands: [])["match ranks"] == nil)
    }
}
