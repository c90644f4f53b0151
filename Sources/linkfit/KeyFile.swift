import Foundation
import LinkIO
import Pseudonyms

/// A key on disk (an organisation's pseudonym key, or the decisions ledger's fingerprint key): exactly 32 bytes from the system's random source (/dev/urandom), in a
/// file only its owner can read or write (mode 0600). The bytes are never printed; the key is named by
/// its fingerprint (`Pseudonymiser.keyFingerprint`).
enum KeyFile {
    static let byteCount = 32

    /// Makes a new key in `url` and returns its fingerprint. The key is written to a hidden owner-only
    /// temporary file beside `url` and linked into place with link(2), which fails when `url` exists:
    /// an existing file (a key already in use) is never overwritten, and a failure leaves no key file
    /// behind.
    ///
    /// - Throws: `CommandFailure` when `url` exists, the folder cannot be written, or the system has
    ///   no random bytes to give.
    static func create(at url: URL, name: String) throws -> String {
        var status = stat()
        if lstat(url.path, &status) == 0 {
            throw CommandFailure("\(name) already exists: linkfit never overwrites a key (choose a new file name)")
        }
        return try withUnsafeTemporaryAllocation(byteCount: byteCount, alignment: 8) { key in
            defer { key.initializeMemory(as: UInt8.self, repeating: 0) }
            try randomBytes(into: key)
            let folder = url.deletingLastPathComponent()
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw CommandFailure("cannot create a file in \(folder.path) (\(String(cString: strerror(errno))))")
            }
            defer { unlink(temporary.path) }
            let written = fchmod(descriptor, 0o600) == 0 && writeAll(descriptor, UnsafeRawBufferPointer(key)) && fsync(descriptor) == 0
            let reason = String(cString: strerror(errno))
            close(descriptor)
            guard written else { throw CommandFailure("cannot write \(name) (\(reason))") }
            if link(temporary.path, url.path) != 0 {
                if errno == EEXIST {
                    throw CommandFailure("\(name) already exists: linkfit never overwrites a key (choose a new file name)")
                }
                throw CommandFailure("cannot create \(name) (\(String(cString: strerror(errno))))")
            }
            return Pseudonymiser(key: UnsafeRawBufferPointer(key)).keyFingerprint
        }
    }

    /// Reads the key in `url` and returns its pseudonymiser.
    static func read(_ url: URL, name: String) throws -> Pseudonymiser {
        try read(url, name: name) { Pseudonymiser(key: $0) }
    }

    /// Reads the key in `url` and returns what `make` builds from its bytes (which are zeroed after).
    ///
    /// - Throws: `InputError` naming the file when it cannot be opened, is not a regular file, gives
    ///   group or others any access (its mode is named), or is not exactly 32 bytes. Never shows a byte
    ///   of the key.
    static func read<Keyed>(_ url: URL, name: String, _ make: (UnsafeRawBufferPointer) -> Keyed) throws -> Keyed {
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)  // a FIFO must not block: fstat refuses it
        guard descriptor >= 0 else {
            if errno == ENOENT { throw InputError(file: name, "does not exist (make a key with 'linkfit extract --new-key \(name)')") }
            throw InputError(file: name, "cannot be opened (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw InputError(file: name, "cannot be read (\(String(cString: strerror(errno))))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw InputError(file: name, "is not a regular file") }
        let mode = Int(status.st_mode & 0o7777)
        guard mode & 0o077 == 0 else {
            throw InputError(file: name, "has mode \(octal(mode)): group or others can access it; a key must be owner-only (chmod 600 \(name))")
        }
        guard status.st_size == byteCount else {
            throw InputError(file: name, "is \(status.st_size) bytes; a key is \(byteCount) bytes (make one with 'linkfit extract --new-key FILE')")
        }
        return try withUnsafeTemporaryAllocation(byteCount: byteCount, alignment: 8) { key in
            defer { key.initializeMemory(as: UInt8.self, repeating: 0) }
            var filled = 0
            while filled < byteCount {
                let count = Foundation.read(descriptor, key.baseAddress.map { $0 + filled }, byteCount - filled)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { throw InputError(file: name, "cannot be read whole (it changed while being read?)") }
                filled += count
            }
            return make(UnsafeRawBufferPointer(key))
        }
    }

    /// A mode as four octal digits (`0644`).
    static func octal(_ mode: Int) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Fills `buffer` from /dev/urandom, the kernel's cryptographic random source (the same bytes as
    /// getrandom(2), which Swift's Glibc module does not export).
    ///
    /// Why a raw buffer here: the key lives in a stack allocation that `create` and `read` zero on
    /// every exit. That is for secrecy, not speed (an `Array` may be copied as it grows, or outlive
    /// the call, leaving key bytes on the heap where no zeroing reaches), so it is not in Kernels.
    private static func randomBytes(into buffer: UnsafeMutableRawBufferPointer) throws {
        let source = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw CommandFailure("cannot open /dev/urandom (\(String(cString: strerror(errno))))") }
        defer { close(source) }
        var filled = 0
        while filled < buffer.count {
            let count = Foundation.read(source, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw CommandFailure("cannot read /dev/urandom (\(String(cString: strerror(errno))))") }
            filled += count
        }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }
}
