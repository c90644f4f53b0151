import Kernels

/// Standardises free text for string comparison (names): trims, uppercases ASCII letters and
/// collapses every run of internal whitespace to one space. Bytes above 0x7F pass through unchanged.
public enum TextStandardiser {
    /// Writes the standardised form of `input` into `output` and returns how many bytes it wrote, or
    /// missing(`blank`) when nothing but whitespace remains.
    ///
    /// The result is never longer than the input, so `output.count >= input.count` always suffices;
    /// a shorter `output` is a programmer error. `output` is a view of a Kernels buffer (a
    /// `RawArray`, reused across values: no allocation per value).
    /// - Complexity: O(n) in the byte count; allocates nothing.
    @inlinable
    public static func standardise(_ input: some Collection<UInt8>, into output: BufferView<UInt8>) -> Standardised<Int> {
        precondition(output.count >= input.count, "output must hold at least input.count bytes")
        var written = 0
        var pendingSpace = false
        for byte in input {
            if ASCII.isSpace(byte) {
                pendingSpace = written > 0
                continue
            }
            if pendingSpace {
                output[written] = 0x20
                written += 1
                pendingSpace = false
            }
            output[written] = ASCII.uppercased(byte)
            written += 1
        }
        return written == 0 ? .missing(.blank) : .value(written)
    }

    /// The standardised form of `text` (allocates: for configuration, tools and tests, not hot loops).
    public static func standardise(_ text: String) -> Standardised<String> {
        let output = RawArray<UInt8>(capacity: text.utf8.count)
        switch standardise(text.utf8, into: output.view) {
        case .value(let count): return .value(String(decoding: output.view.slice(start: 0, count: count), as: UTF8.self))
        case .missing(let reason): return .missing(reason)
        }
    }
}
