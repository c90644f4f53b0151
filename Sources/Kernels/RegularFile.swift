import Foundation

/// Opens inputs for reading and refuses what is not a regular file.
///
/// linkfit reads a CSV input with `pread(2)` at offsets, in parallel chunks, and the left file
/// twice (once to link, once to write the link file); a FIFO, a pipe (`<(cat did.csv)`), a socket
/// or a device cannot be read that way, and opening a FIFO would block until a writer appears. So
/// the file is opened with `O_NONBLOCK` (a FIFO's open returns at once) and checked on the open
/// descriptor with `fstat(2)` (nothing can be swapped in between the check and the reads); anything
/// but a regular file (after symbolic links) is refused. `O_NONBLOCK` changes nothing for a regular
/// file's reads.
public enum RegularFile {
    public enum Failure: Error, Equatable {
        /// `open(2)` failed with this errno.
        case cannotOpen(Int32)
        /// The path is a FIFO, directory, device or socket (named in words).
        case notRegular(String)
        case cannotRead(Int32)
    }

    /// Why a non-regular input is refused, in words (shared by every reader of inputs).
    public static func refusal(_ kind: String) -> String {
        "is \(kind), not a regular file: linkfit reads its inputs at offsets, in parallel and more than once, so write the data to a file first"
    }

    /// A read-only descriptor of the regular file at `path` (the caller closes it).
    public static func open(_ path: String) throws(Failure) -> Int32 {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .cannotOpen(errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw .cannotOpen(code)
        }
        if let kind = kindName(info.st_mode) {
            close(descriptor)
            throw .notRegular(kind)
        }
        return descriptor
    }

    /// The whole contents of the regular file at `path`.
    ///
    /// - Complexity: O(bytes).
    public static func read(_ path: String) throws(Failure) -> Data {
        let descriptor = try open(path)
        defer { close(descriptor) }
        var data = Data()
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = block.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if got == 0 { return data }
            if got < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(errno)
            }
            data.append(contentsOf: block[0..<got])
        }
    }

    /// nil for a regular file, else what the path is, in words.
    static func kindName(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "a FIFO or pipe"
        case S_IFDIR: return "a folder"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}
