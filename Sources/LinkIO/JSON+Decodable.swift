import Foundation

/// Reading a JSON value through `JSONDecoder`, whose number parser is correctly rounded: a number
/// written in shortest round-trip form (`JSON.format`) reads back as the same `Double`.
/// `JSONSerialization` on Linux does not guarantee that (fuzzing found `0.004159072821491329` read one
/// ulp off, so a saved model reloaded with different weights), so `JSON.parse` uses it only to check
/// the syntax and locate errors.
///
/// - Complexity: O(bytes of the text).
extension JSON: Decodable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }
}
