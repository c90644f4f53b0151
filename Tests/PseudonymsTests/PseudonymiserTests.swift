import Foundation
import Pseudonyms
import Testing

@testable import Synth

/// Pseudonyms: the definition pinned by values computed independently (Python's `hmac`, `hashlib`
/// and `base64`), stable across keys' uses, and disjoint between keys.
@Suite struct PseudonymiserTests {
    /// The key 00 01 02 … 1f.
    static let key = Array(UInt8(0)..<32)

    /// `base64.b32encode(hmac.new(bytes(range(32)), id.encode(), hashlib.sha256).digest()[:20]).decode().lower()`.
    /// Pinned here, these values hold every release to the same pseudonyms for the same key.
    @Test(arguments: [
        ("1234567890", "45nduvhifyu3bmxeanfb3jorh3ccl7au"),
        ("3619043859", "q2sbqmgv25ryyqc5fpbqkla5w5qkk24g"),
        ("", "2ofueclnqd2f7atlisu5kyd544sjnjav"),
    ])
    func pseudonymMatchesItsDefinition(_ id: String, _ expected: String) {
        let pseudonymiser = Pseudonymiser(key: Self.key)
        #expect(pseudonymiser.pseudonym(of: id) == expected)
        #expect(Pseudonymiser.length == 32)
    }

    /// `hashlib.sha256(b"linkfit pseudonym key fingerprint v1\n" + bytes(range(32))).hexdigest()[:16]`.
    @Test func fingerprintNamesTheKeyWithoutShowingIt() {
        let pseudonymiser = Pseudonymiser(key: Self.key)
        #expect(pseudonymiser.keyFingerprint == "ad2854756cef2432")
        #expect("\(pseudonymiser)" == "Pseudonymiser(key ad2854756cef2432)")
        let shown = "\(pseudonymiser) \(String(reflecting: pseudonymiser)) " + Mirror(reflecting: pseudonymiser).children.map { "\($0.value)" }.joined()
        #expect(!shown.contains("0001020304"))
        #expect(Mirror(reflecting: pseudonymiser).children.map(\.label) == ["keyFingerprint"])
    }

    /// HMAC codes on each side of the one-block limit (55 bytes) under the test key, for messages of
    /// digits "0123456789012…": Python `hmac.new(bytes(range(32)), m, hashlib.sha256).hexdigest()`.
    @Test(arguments: [
        (54, "347c43ee7c9c8c0e3fb988befc2e8eec3ea8f691419cb777810b3694d5a678d8"),
        (55, "0ca6a8b09bb4bf27b61989c3df7d94a6261bc4bad9bbae9c76366db97269ece5"),
        (56, "f14e93a5a2009eeded6a3792d5784913b0ea2535f392380eb16d07c000a631d7"),
        (64, "97ae90804b7d3f5a4a5fd2837f36413db003b58dbb206696421954de6d06b8fc"),
    ])
    func codesEitherSideOfTheOneBlockLimit(_ length: Int, _ expected: String) {
        let message = (0..<length).map { UInt8(48 + $0 % 10) }
        #expect(HMACSHA256(key: Self.key).code(for: message).hex == expected)
    }

    /// RFC 4648 §10 ("fooba") and Python's `base64.b32encode`, lower-cased.
    @Test(arguments: [
        ([UInt8]("fooba".utf8), "mzxw6ytb"),
        ([UInt8](repeating: 0xff, count: 5), "77777777"),
        (Array(UInt8(0)..<10), "aaaqeayeaudaocaj"),
        ([], ""),
    ])
    func base32(_ bytes: [UInt8], _ expected: String) {
        #expect(Base32.encode(bytes) == expected)
    }

    /// Pseudonyms use only `a`–`z` and `2`–`7`: no digit 0, 1, 8 or 9 and no capital, so no ten-digit
    /// identifier or capitalised postcode can appear inside one.
    @Test func pseudonymsUseTheLowercaseBase32AlphabetOnly() {
        let pseudonymiser = Pseudonymiser(key: Self.key)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz234567")
        for index in 0..<2_000 {
            let pseudonym = pseudonymiser.pseudonym(of: String(1_000_000_000 + index))
            #expect(pseudonym.count == 32 && pseudonym.allSatisfy(allowed.contains))
        }
    }

    /// Two pseudonymisers made from the same key bytes (as two runs, or two releases, read the same key
    /// file) agree on every HESID.
    @Test func theSameKeyGivesTheSamePseudonyms() {
        let first = Pseudonymiser(key: Self.key)
        let second = Pseudonymiser(key: Array(Self.key))
        let ids = Identifiers(seed: 7)
        for index in 0..<2_000 {
            let id = String(ids.currentHESID(index))
            #expect(first.pseudonym(of: id) == second.pseudonym(of: id))
        }
        #expect(first.keyFingerprint == second.keyFingerprint)
    }

    /// Synth's HESIDs (the ids of a synthetic HES index: person i's current HESID) under two keys:
    /// distinct under each key, and no pseudonym of one key is a pseudonym of the other. Compared on
    /// each pseudonym's first 12 characters (60 bits), which is stricter than comparing whole ones.
    /// 100,000 HESIDs keep the debug-build test to a few seconds; `linkfit bench pseudonym` makes the
    /// same check on 1,000,000 in a release build.
    @Test func twoKeysGiveDisjointPseudonyms() throws {
        let count = 100_000
        let ids = Identifiers(seed: 1)
        let hesids = (0..<count).map { String(ids.currentHESID($0)) }
        #expect(Set(hesids).count == count)
        var sets: [Set<UInt64>] = []
        for keyByte in [UInt8(0x11), 0x22] {
            let pseudonymiser = Pseudonymiser(key: [UInt8](repeating: keyByte, count: 32))
            let prefixes = Set(hesids.map { Self.prefix60(pseudonymiser.pseudonym(of: $0)) })
            #expect(prefixes.count == count)
            sets.append(prefixes)
        }
        #expect(sets[0].isDisjoint(with: sets[1]))
    }

    /// The first 12 base32 characters as 60 bits (`a`–`z` → 0–25, `2`–`7` → 26–31).
    static func prefix60(_ pseudonym: String) -> UInt64 {
        var bits: UInt64 = 0
        for byte in pseudonym.utf8.prefix(12) {
            bits = bits << 5 | UInt64(byte >= UInt8(ascii: "a") ? byte - UInt8(ascii: "a") : byte - UInt8(ascii: "2") + 26)
        }
        return bits
    }
}
