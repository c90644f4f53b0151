import Pseudonyms
import Testing

/// SHA-256 against the FIPS 180-4 examples (NIST "SHA256.pdf", Cryptographic Standards and
/// Guidelines: Examples with Intermediate Values) and against Python's hashlib at every padding edge.
@Suite struct SHA256Tests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var name: String
        var message: [UInt8]
        var digest: String
        var testDescription: String { name }
    }

    static let fips: [Vector] = [
        Vector(name: "abc", message: Array("abc".utf8),
               digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(name: "448-bit message", message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
               digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Vector(name: "one million a", message: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
               digest: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        Vector(name: "empty", message: [],
               digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ]

    @Test(arguments: fips) func fipsExample(_ vector: Vector) {
        #expect(SHA256.hash(vector.message).hex == vector.digest)
    }

    /// Bytes i mod 251 (i = 0, 1, …) of each length around the block and padding boundaries: 55 is the
    /// longest message whose padding fits its block, 56 the shortest that needs a second block.
    /// Digests from Python's `hashlib.sha256(bytes(i % 251 for i in range(n))).hexdigest()`.
    static let edges: [(Int, String)] = [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
        (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
        (128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5"),
    ]

    static func message(_ length: Int) -> [UInt8] { (0..<length).map { UInt8($0 % 251) } }

    @Test(arguments: edges) func paddingEdge(_ length: Int, _ digest: String) {
        #expect(SHA256.hash(Self.message(length)).hex == digest)
    }

    /// Fed in two pieces split at every point, or one byte at a time, the digest is the same.
    @Test(arguments: edges) func anySplitGivesTheSameDigest(_ length: Int, _ digest: String) {
        let message = Self.message(length)
        for split in 0...length {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize().hex == digest, "split at \(split)")
        }
        var bytewise = SHA256()
        for byte in message { bytewise.update(CollectionOfOne(byte)) }
        #expect(bytewise.finalize().hex == digest)
    }

    @Test func digestBytesAreTheHexDigits() {
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(digest.bytes.count == SHA256.digestByteCount)
        #expect(digest.bytes.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        #expect("\(digest)" == digest.hex)
    }
}
