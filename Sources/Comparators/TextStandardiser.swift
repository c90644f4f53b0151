/// Standardises free text for string comparison (names): trims, uppercases ASCII letters and
/// collapses every run of internal whitespace to one space. Bytes above 0x7F pass through unchanged.
public enum TextStandardiser {
    /// Appends the standardised form of `input` to `output` and returns how many bytes it appended,
    /// or missing(`blank`) (nothing appended) when nothing but whitespace remains.
    ///
    /// The result is never longer than the input: room for `input.count` more bytes is reserved first,
    /// so the appends do not reallocate.
    /// - Complexity: O(n) in the byte count; allocates only when `output` must grow.
    @inlinable
    public static func standardise(
        _ input: some Collection<UInt8>, appendingTo output: inout [UInt8]
    ) -> Standardised<Int> {
        output.reserveCapacity(output.count + input.count)
        let start = output.count
        var pendingSpace = false
        for byte in input {
            if ASCII.isSpace(byte) {
                pendingSpace = output.count > start
                continue
            }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            output.append(ASCII.uppercased(byte))
        }
        let written = output.count - start
        return written == 0 ? .missing(.blank) : .value(written)
    }

    /// The standardised form of `text` (allocates: for configuration, tools and tests, not hot loops).
    public static func standardise(_ text: String) -> Standardised<String> {
        var output: [UInt8] = []
        switch standardise(text.utf8, appendingTo: &output) {
        case .value: return .value(String(decoding: output, as: UTF8.self))
        case .missing(let reason): return .missing(reason)
        }
    }
}
