import Testing

@testable import Kernels

@Suite struct SameBytesTests {
    @Test(arguments: [("DID01", "DID01", true), ("DID01", "DID02", false), ("DID0", "DID01", false), ("", "", true), ("", "D", false)])
    func bytesAreTheSameOnlyWhenEveryByteAndTheLengthAre(a: String, b: String, same: Bool) {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        #expect(x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { x.hasSameBytes(as: $0) } } == same)
    }
}
