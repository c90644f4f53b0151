import Foundation
import LinkIO

/// The model cannot be fitted or used as configured. Exits 1 with the message.
public struct ModelError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
