/// Byte classes shared by the parsers. ASCII only: anything above 0x7F is "other".
@usableFromInline
enum ASCII {
    /// Space, tab, line feed, vertical tab, form feed, carriage return.
    @inlinable
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    @inlinable
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// A or a through Z or z.
    @inlinable
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    /// a–z to A–Z; every other byte unchanged.
    @inlinable
    static func uppercased(_ byte: UInt8) -> UInt8 { byte &- 0x61 < 26 ? byte - 0x20 : byte }
}
