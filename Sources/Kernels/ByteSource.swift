import Foundation

/// Where a `ByteWindow`'s bytes come from: a file (read with `pread(2)`, so several readers can share
/// one path) or bytes already in memory. LinkIO calls it `CSVSource`.
public enum ByteSource: Sendable {
    case file(path: String)
    case memory([UInt8])

    /// The source's length in bytes.
    ///
    /// - Complexity: O(1) (one `stat(2)` for a file).
    public func size() throws(ByteWindowError) -> Int {
        switch self {
        case .memory(let bytes):
            return bytes.count
        case .file(let path):
            var info = stat()
            guard stat(path, &info) == 0 else { throw .cannotOpen(errno) }
            return Int(info.st_size)
        }
    }
}
