import Comparators
import Foundation
import Testing
@testable import Synth

/// What every row of a generated data set promises, checked row by row against the truth.
@Suite struct FileContentTests {
    struct HESPerson {
        var nhs: String
        var dob: String
        var sex: String
        var postcodes: [String]  // normalised, current first
    }

    static func load() throws -> (GeneratedFiles, [String: HESPerson], Set<String>) {
        let files = try Fixtures.large.get()
        var hes: [String: HESPerson] = [:]
        for row in try files.rows("hes.csv").dropFirst() {
            let postcode = Fixtures.postcode(row[4])
            if hes[row[0]] == nil {
                hes[row[0]] = HESPerson(nhs: row[1], dob: row[2], sex: row[3], postcodes: [postcode])
            } else {
                hes[row[0]]?.postcodes.append(postcode)
            }
        }
        let old = Set(try files.rows("old_new_hesid.csv").dropFirst().map { $0[0] })
        return (files, hes, old)
    }

    @Test func headersAndCounts() throws {
        let files = try Fixtures.large.get()
        #expect(try files.rows("hes.csv").first == SynthFiles.hes)
        #expect(try files.rows("did.csv").first == SynthFiles.did)
        #expect(try files.rows("truth.csv").first == SynthFiles.truth)
        #expect(try files.rows("old_new_hesid.csv").first == SynthFiles.oldNew)
        #expect(try files.rows("did.csv").count == 50_001)
        #expect(try files.rows("hes.csv").count == files.summary.hesRows + 1)
        #expect(files.summary.hesRows > 250_000, "address history adds rows")
        let perHESID = Dictionary(grouping: try files.rows("hes.csv").dropFirst(), by: { $0[0] })
        #expect(perHESID.count >= 200_000)
        #expect(perHESID.values.contains { $0.count >= 3 })
    }

    @Test func didIDsAreUniqueAndTruthFollowsTheirOrder() throws {
        let files = try Fixtures.large.get()
        let did = try files.rows("did.csv").dropFirst().map { $0[0] }
        let truth = try files.rows("truth.csv").dropFirst().map { $0[0] }
        #expect(Set(did).count == did.count)
        #expect(did == truth)
    }

    @Test func truthHESIDsAreCurrentAndInHES() throws {
        let (files, hes, old) = try Self.load()
        var empty = 0
        for row in try files.rows("truth.csv").dropFirst() {
            let defects = try #require(Defects(labels: row[2]))
            if row[1].isEmpty {
                empty += 1
                #expect(defects.contains(.notInHES))
            } else {
                #expect(!defects.contains(.notInHES))
                #expect(hes[row[1]] != nil, "truth HESID is in hes.csv")
                #expect(!old.contains(row[1]), "truth is never an old HESID")
            }
        }
        #expect(empty == files.summary.didNotInHES)
        // Some old HESIDs still have rows in hes.csv, and they carry the same person.
        let oldNew = try files.rows("old_new_hesid.csv").dropFirst()
        let stillThere = oldNew.filter { hes[$0[0]] != nil }
        #expect(!stillThere.isEmpty && stillThere.count < oldNew.count)
        for pair in stillThere {
            #expect(hes[pair[0]]?.dob == hes[pair[1]]?.dob)
            #expect(hes[pair[0]]?.nhs == hes[pair[1]]?.nhs)
        }
    }

    @Test func everyFieldMatchesTheTruthUnlessADefectSaysOtherwise() throws {
        let (files, hes, _) = try Self.load()
        let did = try files.rows("did.csv").dropFirst()
        let truth = try files.rows("truth.csv").dropFirst()
        for (row, truthRow) in zip(did, truth) {
            let defects = try #require(Defects(labels: truthRow[2]))
            let person = hes[truthRow[1]]

            // NHS number
            let nhs = Fixtures.digits(row[1])
            if defects.contains(.nhsMissing) {
                #expect(nhs.isEmpty)
            } else {
                let number = try #require(UInt64(nhs))
                #expect(nhs.count == 10)
                if defects.contains(.nhsTypo) {
                    #expect(!NHSNumber.isValid(number), "a typo fails Modulus 11")
                } else {
                    #expect(NHSNumber.isValid(number), "valid unless a defect says otherwise")
                    if let person, !person.nhs.isEmpty {
                        #expect((nhs == person.nhs) == !defects.contains(.nhsRelative))
                    }
                }
            }
            if let person { #expect(person.nhs.isEmpty == defects.contains(.hesNHSMissing)) }

            // Birth date
            if defects.contains(.dobMissing) {
                #expect(row[2].isEmpty)
            } else {
                let shown = try #require(Fixtures.parseDate(row[2]))
                #expect(CivilDate.isValid(year: shown.0, month: shown.1, day: shown.2))
                if let person, let real = Fixtures.parseDate(person.dob) {
                    if defects.contains(.dobPlaceholder) {
                        #expect(shown.1 == 1 && shown.2 == 1 && (shown.0 == real.0 || shown.0 == 1900))
                    } else if defects.contains(.dobYear) {
                        #expect(abs(shown.0 - real.0) == 1 && shown.1 == real.1)
                    } else if defects.contains(.dobSwap) {
                        #expect(shown == (real.0, real.2, real.1) && shown != real)
                    } else if defects.contains(.dobDigit) {
                        let a = String(format: "%04d%02d%02d", shown.0, shown.1, shown.2)
                        let b = String(format: "%04d%02d%02d", real.0, real.1, real.2)
                        #expect(zip(a, b).filter { $0 != $1 }.count == 1, "one digit differs")
                    } else {
                        #expect(shown == real)
                    }
                }
            }

            // Gender
            let gender = row[3]
            #expect(["", "0", "1", "2", "9", "M", "F", "U"].contains(gender))
            #expect(["M", "F", "U"].contains(gender) == (defects.contains(.sexLetter) && !gender.isEmpty))
            let code = gender == "M" ? "1" : gender == "F" ? "2" : gender == "U" ? "0" : gender
            #expect(["", "0", "9"].contains(code) == defects.contains(.sexMissing))
            if let person, ["1", "2"].contains(person.sex), ["1", "2"].contains(code) {
                #expect((code != person.sex) == defects.contains(.sexWrong))
            }
            if let person { #expect(!["1", "2"].contains(person.sex) == defects.contains(.hesSexUnknown)) }

            // Postcode
            let postcode = Fixtures.postcode(row[4])
            if defects.contains(.postcodeMissing) {
                #expect(postcode.isEmpty)
            } else if defects.contains(.postcodePseudo) {
                #expect(postcode.hasPrefix("ZZ99"))
            } else if let person {
                let current = person.postcodes[0]
                if defects.contains(.postcodeMovedDistrict) {
                    #expect(Fixtures.outward(postcode) == Fixtures.outward(current) && postcode != current)
                } else if defects.contains(.postcodeMovedFar) {
                    #expect(Fixtures.outward(postcode) != Fixtures.outward(current))
                } else if defects.contains(.postcodeEarlier) {
                    #expect(person.postcodes.dropFirst().contains(postcode))
                } else if defects.contains(.postcodeTypo) {
                    #expect(postcode.count == current.count && zip(postcode, current).filter { $0 != $1 }.count == 1)
                } else {
                    #expect(postcode == current)
                }
            }
        }
    }

    @Test func hesRowsHaveTheDocumentedFormats() throws {
        let files = try Fixtures.large.get()
        var hesForm = 0
        var normalForm = 0
        for row in try files.rows("hes.csv").dropFirst() {
            #expect(row[0].count == 10 && UInt64(row[0]) != nil)
            if !row[1].isEmpty { #expect(NHSNumber.isValid(UInt64(row[1]) ?? 0)) }
            #expect(Fixtures.parseDate(row[2]) != nil && row[2].count == 10 && row[2].contains("-"))
            #expect(["0", "1", "2", "9"].contains(row[3]))
            let homeadd = row[4]
            if homeadd.contains("  ") {
                #expect(homeadd.count == 8 && homeadd.dropLast(3).last == " ", "inward code at positions 6-8")
                hesForm += 1
            } else if homeadd.count < 8 {
                normalForm += 1
            }
            #expect(homeadd.count >= 6 && homeadd.count <= 8)
        }
        #expect(hesForm > 0 && normalForm > 0)
    }
}
