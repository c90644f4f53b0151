/// UTF-8 validation for CSV fields (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF). The reader checks a whole record with `isASCII` first (eight bytes at a time) and runs the
/// full check only on the fields of a record that has a non-ASCII byte.
enum UTF8Validation {
    /// True when every byte of `bytes` is below 0x80.
    ///
    /// - Complexity: O(n), eight bytes per step.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(start)
        var index = 0
        var accumulated: UInt64 = 0
        while index + 8 <= bytes.count {
            accumulated |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            accumulated |= UInt64(start[index])
            index += 1
        }
        return accumulated & 0x8080_8080_8080_8080 == 0
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence, or nil when
    /// `bytes` is valid UTF-8.
    ///
    /// - Complexity: O(n).
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF:
                length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF:
                length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3:
                length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default:
                return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
