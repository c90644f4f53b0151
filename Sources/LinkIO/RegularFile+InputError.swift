import Kernels

extension RegularFile.Failure {
    /// The message for a user, about the file `file` names.
    package func inputError(file: String) -> InputError {
        switch self {
        case .cannotOpen(let code): return InputError(file: file, "cannot be opened (\(String(cString: strerror(code))))")
        case .cannotRead(let code): return InputError(file: file, "cannot be read (\(String(cString: strerror(code))))")
        case .notRegular(let kind): return InputError(file: file, RegularFile.refusal(kind))
        }
    }
}

import Foundation
