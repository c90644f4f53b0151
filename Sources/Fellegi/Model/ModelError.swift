import Foundation
import LinkIO

/// The model cannot be fitted or used as configured. Exits 1 with the message.
package struct ModelError: Error, Equatable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
