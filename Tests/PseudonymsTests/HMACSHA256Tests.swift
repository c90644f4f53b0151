import Pseudonyms
import Testing

/// HMAC-SHA-256 against every RFC 4231 test case (§4.2–4.8).
@Suite struct HMACSHA256Tests {
    struct Case: CustomTestStringConvertible, Sendable {
        var number: Int
        var key: [UInt8]
        var data: [UInt8]
        /// The expected code, possibly truncated (test case 5 gives 128 bits).
        var code: String
        var testDescription: String { "RFC 4231 test case \(number)" }
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    static func repeated(_ byte: UInt8, _ count: Int) -> [UInt8] { [UInt8](repeating: byte, count: count) }

    static let cases: [Case] = [
        Case(number: 1, key: repeated(0x0b, 20), data: bytes("Hi There"),
             code: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Case(number: 2, key: bytes("Jefe"), data: bytes("what do ya want for nothing?"),
             code: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Case(number: 3, key: repeated(0xaa, 20), data: repeated(0xdd, 50),
             code: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Case(number: 4, key: Array(1...25), data: repeated(0xcd, 50),
             code: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Case(number: 5, key: repeated(0x0c, 20), data: bytes("Test With Truncation"),
             code: "a3b6167473100ee06e0c796c2955552b"),
        Case(number: 6, key: repeated(0xaa, 131), data: bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
             code: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Case(number: 7, key: repeated(0xaa, 131),
             data: bytes("This is a test using a larger than block-size key and a larger than block-size data. "
                 + "The key needs to be hashed before being used by the HMAC algorithm."),
             code: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: cases) func rfc4231(_ test: Case) {
        let code = HMACSHA256(key: test.key).code(for: test.data)
        // Case 5 publishes only the first 128 bits: compare that many hex digits.
        #expect(String(code.hex.prefix(test.code.count)) == test.code)
        #expect(test.number == 5 ? test.code.count == 32 : test.code.count == 64)
    }

    /// The value never shows what it derived from the key.
    @Test func descriptionHidesTheKeyStates() {
        let mac = HMACSHA256(key: Self.bytes("Jefe"))
        #expect("\(mac)" == "HMACSHA256(key hidden)")
        #expect(Mirror(reflecting: mac).children.isEmpty)
    }
}
