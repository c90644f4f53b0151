import Comparators
import Foundation
import LinkIO
import TestSupport

@testable import Fellegi

/// Small hand-made inputs and a hand-built model for the engine tests.
enum Engine {
    /// A fresh empty folder under the test process's folder (`TestFolders`).
    static func folder(_ label: String) -> URL { TestFolders.make("fellegi-tests-\(label)") }

    /// Writes `lines` (joined with newlines, plus a final newline) to `name` in `folder`.
    @discardableResult
    static func write(_ lines: [String], to folder: URL, _ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A valid NHS number: `nine` digits plus the Modulus 11 check digit (digits 1–9 weighted
    /// 10…2, check = 11 − sum mod 11, 11 → 0). E.g. 943476591 → 9434765919 (sum 299, 299 mod 11 = 2).
    static func nhs(_ nine: String) -> String {
        let digits = nine.compactMap(\.wholeNumberValue)
        precondition(digits.count == 9, "nine digits")
        let sum = zip(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        precondition(check != 10, "no valid NHS number starts with these nine digits")
        return nine + String(check == 11 ? 0 : check)
    }

    static let hesHeader = "HESID,NEWNHSNO,DOB,SEX,HOMEADD"
    static let didHeader = "DID_ID,NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE,TEST_DATE,MODALITY"

    /// Loads a CSV written from `lines` as one side of `settings`.
    static func table(_ lines: [String], side: LinkSide, settings: LinkSettings = .didToHES,
                      changes: IdentifierChanges = IdentifierChanges(), latestBirthDate: CalendarDate? = nil,
                      in folder: URL? = nil) throws -> RecordTable {
        let folder = folder ?? Self.folder("table")
        let name = side == .left ? "did.csv" : "hes.csv"
        let url = try write(lines, to: folder, name)
        return try RecordTable.load(url: url, file: name, settings: settings, side: side, changes: changes, allowEmpty: true,
                                 latestBirthDate: latestBirthDate)
    }

    // MARK: A hand-built DID→HES model

    /// m and u per level of the default comparisons (level 0, null, unused). Each row sums to 1 over
    /// the non-null levels. Weights log2(m/u), worked by hand:
    /// - nhs_number  exact log2(0.95/0.0001) = 13.214, near log2(0.03/0.0009) = 5.059, else log2(0.02/0.999) = −5.642
    /// - dob         exact log2(900) = 9.814, placeholder log2(40) = 5.322, swapped 5.322, two-of-three 1, placeholder-year 1,
    ///               else log2(0.02/0.978) = −5.612
    /// - sex         agree log2(0.98/0.5) = 0.971, disagree log2(0.04) = −4.644
    /// - postcode    unit log2(700) = 9.451, sector log2(12.5) = 3.644, district log2(2.5) = 1.322, area −1, else log2(0.15/0.875) = −2.544
    /// - λ = 1e−4: prior log2(1e−4/0.9999) = −13.288
    static let handM: [[Double]] = [
        [0, 0.95, 0.03, 0.02],
        [0, 0.9, 0.02, 0.02, 0.03, 0.01, 0.02],
        [0, 0.98, 0.02],
        [0, 0.7, 0.05, 0.05, 0.05, 0.15],
    ]
    static let handU: [[Double]] = [
        [0, 0.0001, 0.0009, 0.999],
        [0, 0.001, 0.0005, 0.0005, 0.015, 0.005, 0.978],
        [0, 0.5, 0.5],
        [0, 0.001, 0.004, 0.02, 0.1, 0.875],
    ]
    static let handLambda = 1e-4

    /// The default settings without term-frequency adjustment, so that weights are exactly the
    /// level weights above (tiny hand-made indexes would otherwise dominate them).
    static var settingsWithoutTermFrequencies: LinkSettings {
        var settings = LinkSettings.didToHES
        for k in settings.comparisons.indices { settings.comparisons[k].termFrequency = false }
        return settings
    }

    /// A model built directly from parameters (no fitting).
    static func model(settings: LinkSettings = settingsWithoutTermFrequencies, lambda: Double = handLambda,
                      m: [[Double]] = handM, u: [[Double]] = handU, stratum: AgreementStratum? = nil) throws -> FittedModel {
        let labels = try settings.comparisons.map { try FieldComparison($0).levelLabels }
        return FittedModel(
            settings: settings, parameters: FSParameters(lambda: lambda, m: m, u: u, stratum: stratum), matchShare: 0.95, blockingRecall: 0,
            levelLabels: labels,
            uSources: labels.map { $0.map { _ in "" } }, termFrequencies: settings.comparisons.map { _ in nil },
            report: TrainingReport(json: nil), provenance: Provenance(linkfitVersion: "test", seed: 1, inputs: []))
    }

    /// Sorted keys of the problems an `InputErrors` carries, as `column: message` lines.
    static func problems(_ body: () throws -> Void) -> [InputError] {
        do {
            try body()
            return []
        } catch let error as InputErrors {
            return error.errors
        } catch let error as InputError {
            return [error]
        } catch {
            return [InputError(file: "?", "unexpected error \(error)")]
        }
    }
}
