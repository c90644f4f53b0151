import Foundation
import Testing

@testable import LinkIO

@Suite struct JSONTests {
    static func message(_ text: String) -> String {
        do {
            _ = try JSON.parse(Data(text.utf8), file: "model.json")
            return "parsed"
        } catch {
            return "\(error)"
        }
    }

    @Test("a syntax error names the line and column where the text breaks")
    func syntaxErrorsAreLocated() {
        // Counted by hand: `tru` is columns 8–10 of line 3; the text breaks at column 11, where `e` is due.
        #expect(Self.message("{\n  \"a\": 1,\n  \"b\": tru\n}\n") == "model.json:3: column 11: is not valid JSON")
        // A missing comma: the second key's quote, line 2 column 3.
        #expect(Self.message("{\"a\": 1\n  \"b\": 2}").hasPrefix("model.json:2: column 3"))
        #expect(Self.message("{\"a\": 1}") == "parsed")
    }

    @Test("numbers read back exactly: shortest round-trip text parses to the Double Swift's own parser gives")
    func numbersAreExact() throws {
        // Found by fuzzing the model loader: JSONSerialization read the first of these one ulp off.
        for text in ["0.004159072821491329", "0.968854406467744", "-50249.822937269884", "2.3830904848058353e-06", "1e-300"] {
            let expected = try #require(Double(text))
            #expect(try JSON.parse(Data("[\(text)]".utf8), file: "model.json") == .array([.number(expected)]), "\(text)")
        }
        #expect(try JSON.parse(Data("[true, 1, null, \"1\", {\"a\": false}]".utf8), file: "m.json")
                == .array([.bool(true), .number(1), .null, .string("1"), .object(["a": .bool(false)])]))
    }

    @Test("strings are escaped as RFC 8259 says, and read back as written")
    func stringsAreEscaped() throws {
        // Written by hand from RFC 8259 §7: quote, backslash and control characters escaped; other
        // characters (é, a 4-byte emoji) as they are.
        let cases: [(String, String)] = [
            ("plain", #""plain""#), ("say \"hi\"", #""say \"hi\"""#), ("a\\b", #""a\\b""#),
            ("line\nbreak\ttab\r", #""line\nbreak\ttab\r""#), ("\u{01}bell", #""\u0001bell""#),
            ("café 🩻", "\"café 🩻\""),
        ]
        for (value, written) in cases {
            #expect(JSON.string(value).serialised() == written + "\n", "\(value)")
            #expect(try JSON.parse(Data("[\(written)]".utf8), file: "s.json") == .array([.string(value)]), "\(value)")
        }
    }
}
