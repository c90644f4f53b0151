import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// The output files name their id columns from the settings, not from the DID→HES defaults.
@Suite struct LinkOutputTests {
    /// The linker tests' records and hand-built model, with both sides renamed: left `IMG` with ids
    /// in `record`, right `IDX` with ids in `person`.
    static func run(renamed: Bool) throws -> (links: String, review: String) {
        var settings = Engine.settingsWithoutTermFrequencies
        var did = LinkerTests.did
        var hes = LinkerTests.hes
        if renamed {
            settings.left = .init(name: "IMG", idColumn: "record", recordDateColumn: "TEST_DATE")
            settings.right = .init(name: "IDX", idColumn: "person")
            did[0] = did[0].replacingOccurrences(of: "DID_ID", with: "record")
            hes[0] = hes[0].replacingOccurrences(of: "HESID", with: "person")
        }
        let model = try Engine.model(settings: settings)
        let folder = Engine.folder("output")
        let left = try Engine.table(did, side: .left, settings: settings, in: folder)
        let right = try Engine.table(hes, side: .right, settings: settings, in: folder)
        let result = try Linker(model: model, threads: 1).link(left: left, right: right)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        _ = try LinkOutput(model: model, left: left, right: right, result: result, fileVersion: "v1")
            .write(leftURL: folder.appendingPathComponent("did.csv"), leftName: "did.csv", folder: out)
        return try (String(contentsOf: out.appendingPathComponent("links.csv"), encoding: .utf8),
                    String(contentsOf: out.appendingPathComponent("review.csv"), encoding: .utf8))
    }

    static func header(_ text: String) -> String { String(text.prefix { $0 != "\n" }) }
    static func body(_ text: String) -> Substring { text.drop { $0 != "\n" } }

    @Test func theIdColumnsAndSideNamesComeFromTheSettings() throws {
        let renamed = try Self.run(renamed: true)
        #expect(Self.header(renamed.links)
            == "record,GENDER,TEST_DATE,MODALITY,person,MATCH_RANK,FILE_VERSION,MATCH_WEIGHT,MATCH_PROBABILITY,AGREEMENT,LINK_STATUS")
        #expect(Self.header(renamed.review) == "record,CANDIDATE,person,REASON,MATCH_WEIGHT,MATCH_PROBABILITY,"
            + "NHS_NUMBER_IMG,NHS_NUMBER_IDX,NHS_NUMBER_LEVEL,NHS_NUMBER_WEIGHT,DOB_IMG,DOB_IDX,DOB_LEVEL,DOB_WEIGHT,"
            + "SEX_IMG,SEX_IDX,SEX_LEVEL,SEX_WEIGHT,POSTCODE_IMG,POSTCODE_IDX,POSTCODE_LEVEL,POSTCODE_WEIGHT,DECISION")
        // The default names give the DID→HES headers, and the rows are the same either way.
        let defaults = try Self.run(renamed: false)
        #expect(Self.header(defaults.links)
            == "DID_ID,GENDER,TEST_DATE,MODALITY,HESID,MATCH_RANK,FILE_VERSION,MATCH_WEIGHT,MATCH_PROBABILITY,AGREEMENT,LINK_STATUS")
        #expect(Self.header(defaults.review).hasPrefix("DID_ID,CANDIDATE,HESID,REASON,MATCH_WEIGHT,MATCH_PROBABILITY,NHS_NUMBER_DID,NHS_NUMBER_HES,"))
        #expect(Self.body(renamed.links) == Self.body(defaults.links))
        #expect(Self.body(renamed.review) == Self.body(defaults.review))
        #expect(Self.body(renamed.links).split(separator: "\n").count == 5)
    }
}
