import Foundation

/// A JSON value, written deterministically: object keys sorted, numbers in Swift's shortest
/// round-trip form (`0.1`, not `0.1000000000000000055…`), two-space indentation. Same value → same
/// bytes on every machine, so model files and summaries can be compared byte for byte.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// Parses `data`; on failure throws an `InputError` naming `file` and, when Foundation reports
    /// where the syntax breaks, the line and column (1-based): `model.json:3: column 14: is not valid JSON`.
    public static func parse(_ data: Data, file: String) throws -> JSON {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            guard let (line, column) = syntaxErrorPosition(error, in: data) else { throw InputError(file: file, "is not valid JSON") }
            throw InputError(file: file, line: line, column: "column \(column)", "is not valid JSON")
        }
        // The values come from JSONDecoder (exact numbers, see JSON+Decodable.swift); the syntax was
        // checked above, so a failure here is a number out of Double's range or the like.
        do {
            return try JSONDecoder().decode(JSON.self, from: data)
        } catch {
            throw InputError(file: file, "is not valid JSON (a value cannot be read)")
        }
    }

    /// Where a `JSONSerialization` error says the syntax breaks, as (line, column): from its
    /// "line L, column C" description, or from a character offset into `data`. Nil when it says
    /// neither.
    static func syntaxErrorPosition(_ error: Error, in data: Data) -> (line: Int, column: Int)? {
        let description = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
        let numbers = description.split { !$0.isNumber }.compactMap { Int($0) }
        if description.contains("line"), description.contains("column"), numbers.count >= 2 {
            return (numbers[numbers.count - 2], numbers[numbers.count - 1])
        }
        guard let offset = ((error as NSError).userInfo["NSJSONSerializationErrorIndex"] as? Int)
            ?? (description.contains("character") ? numbers.last : nil) else { return nil }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    /// The serialised text, ending with a newline.
    package func serialised() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += JSON.format(value)
        case .string(let value): JSON.writeString(value, into: &out)
        case .array(let values):
            if values.isEmpty {
                out += "[]"
                return
            }
            if values.allSatisfy(\.isScalar) {
                out += "["
                for (index, value) in values.enumerated() {
                    if index > 0 { out += ", " }
                    value.write(into: &out, indent: indent)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (index, value) in values.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                value.write(into: &out, indent: indent + 1)
                out += index + 1 < values.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                JSON.writeString(key, into: &out)
                out += ": "
                members[key]?.write(into: &out, indent: indent + 1)
                out += index + 1 < keys.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// Integers without a fraction; other finite numbers in shortest round-trip form; non-finite as null.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func writeString(_ value: String, into out: inout String) {
        out += "\""
        // Most strings (keys, codes, labels) need no escape: appended whole, not scalar by scalar.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    // MARK: Accessors

    public subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var array: [JSON]? {
        if case .array(let values) = self { return values }
        return nil
    }

    public var object: [String: JSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// A short name of this value's type, for error messages ("expected a number, found a string").
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// Reads a JSON document while collecting every problem with its JSON path, so a file with three
/// mistakes gets three messages. Readers return a fallback value after recording a problem.
public final class JSONReader {
    public let file: String
    public private(set) var problems: [InputError] = []

    public init(file: String) { self.file = file }

    public func problem(_ path: String, _ message: String) {
        problems.append(InputError(file: file, column: path, message))
    }

    /// Reports members of `object` not in `known` (a misspelt key is an error, not silently ignored).
    public func rejectUnknownKeys(_ object: [String: JSON], known: Set<String>, at path: String) {
        for key in object.keys.sorted() where !known.contains(key) {
            problem("\(path).\(key)", "unknown key (expected one of: \(known.sorted().joined(separator: ", ")))")
        }
    }

    public func object(_ value: JSON?, at path: String) -> [String: JSON]? {
        guard let value else { return nil }
        guard let object = value.object else {
            problem(path, "expected an object, found \(value.kindName)")
            return nil
        }
        return object
    }

    public func string(_ value: JSON?, at path: String, default fallback: String? = nil) -> String? {
        guard let value else {
            if fallback == nil { problem(path, "is required (a string)") }
            return fallback
        }
        guard let text = value.string else {
            problem(path, "expected a string, found \(value.kindName)")
            return fallback
        }
        return text
    }

    public func number(_ value: JSON?, at path: String, default fallback: Double, in range: ClosedRange<Double>) -> Double {
        guard let value else { return fallback }
        guard let number = value.number else {
            problem(path, "expected a number, found \(value.kindName)")
            return fallback
        }
        guard range.contains(number) else {
            problem(path, "expected a number in \(JSON.format(range.lowerBound))...\(JSON.format(range.upperBound))")
            return fallback
        }
        return number
    }

    public func integer(_ value: JSON?, at path: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        guard let value else { return fallback }
        guard let number = value.number, number == number.rounded(), abs(number) < 9e15 else {
            problem(path, "expected an integer, found \(value.kindName)")
            return fallback
        }
        guard range.contains(Int(number)) else {
            problem(path, "expected an integer in \(range.lowerBound)...\(range.upperBound)")
            return fallback
        }
        return Int(number)
    }

    public func bool(_ value: JSON?, at path: String, default fallback: Bool) -> Bool {
        guard let value else { return fallback }
        guard let flag = value.bool else {
            problem(path, "expected true or false, found \(value.kindName)")
            return fallback
        }
        return flag
    }

    public func array(_ value: JSON?, at path: String) -> [JSON]? {
        guard let value else { return nil }
        guard let values = value.array else {
            problem(path, "expected an array, found \(value.kindName)")
            return nil
        }
        return values
    }

    /// Throws every recorded problem at once.
    public func finish() throws {
        try InputErrors.throwIfAny(problems)
    }
}
