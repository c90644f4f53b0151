import Foundation
import LinkIO

// Shared by every fuzz target. A target calls `located(_:file:)` on each error it catches: an error
// that is not a located input error naming the file is a finding, and the target stops the process
// (libFuzzer then saves the input). `fatalError` is the point here: this code is never linked into linkfit.

/// Stops the fuzzer (a finding) unless `error` is an `InputError`/`InputErrors` naming `file`, or
/// one of the `extra` descriptions accepted by the caller (e.g. a model loader's `ModelError`).
func located(_ error: Error, file: String, accept extra: (Error) -> String? = { _ in nil }) {
    let messages: [String]
    if let error = error as? InputError {
        messages = [error.description]
    } else if let errors = error as? InputErrors {
        messages = errors.errors.map(\.description)
    } else if let message = extra(error) {
        messages = [message]
    } else {
        fatalError("finding: not a located input error: \(type(of: error)): \(error)")
    }
    for message in messages where !message.hasPrefix(file) {
        fatalError("finding: error does not name \(file): \(message)")
    }
}

/// Writes the fuzz input to a file of this process's own (the readers that take a URL), replacing
/// the previous input, and returns its URL.
func inputFile(_ data: UnsafePointer<UInt8>, _ size: Int, name: String) -> URL {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("linkfit-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    do {
        try Data(bytes: data, count: size).write(to: url)
    } catch {
        fatalError("harness: cannot write \(url.path): \(error)")
    }
    return url
}
