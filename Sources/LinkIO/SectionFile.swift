import Foundation
import Kernels

/// A binary file of named sections, each a flat array of plain values, with a checksum per section
/// and one over the header and directory (docs/index-file.md). Written once (`SectionFile.Writer`:
/// a temporary file renamed into place, owner-only), read by memory-mapping (`SectionFile.init`): a
/// section is read where it lies in the page cache, never parsed.
///
/// Layout, in the writer's byte order (the byte-order mark says which):
///
///     0   magic          8 bytes  "LINKFITX"
///     8   byte-order     UInt32   0x01020304
///     12  version        UInt32   the caller's format version
///     16  sections       UInt32   entries in the directory
///     20  reserved       UInt32   0
///     24  directory      UInt64   byte offset of the directory (after the last section)
///     32  checksum       UInt64   over bytes 0..<32 and the directory
///     40  (sections, each at a multiple of 64 bytes)
///     directory: per section, name (32 bytes, NUL-padded ASCII), offset, length in bytes, checksum (UInt64 each)
///
/// The file ends at the directory's end: a longer or shorter file is refused.
package final class SectionFile: @unchecked Sendable {  // immutable after init; the mapping lives as long as the object
    package static let magic: [UInt8] = Array("LINKFITX".utf8)
    package static let byteOrderMark: UInt32 = 0x0102_0304
    static let headerSize = 40
    static let nameSize = 32
    static let entrySize = nameSize + 24
    static let alignment = 64

    /// How errors name the file.
    package let name: String
    package let version: UInt32
    private let base: UnsafeRawPointer
    private let size: Int
    private let sections: [String: Range<Int>]
    /// Section names in file order.
    package let sectionNames: [String]

    /// Maps the file at `url` and checks it: magic, byte order, `version` (the only one read), the
    /// header's checksum, every section's bounds and checksum (in parallel).
    ///
    /// - Throws: `InputError` naming the file and what is wrong (truncated, another version, written
    ///   on a machine of the other byte order, a damaged header or section, named by section).
    /// - Complexity: O(bytes) for the checksums; nothing is copied.
    package init(url: URL, name: String, version: UInt32, threads: Int = 1) throws {
        self.name = name
        let fd = url.path.withCString { Foundation.open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw InputError(file: name, "cannot be opened (does it exist?)") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw InputError(file: name, "is not a regular file")
        }
        size = Int(status.st_size)
        guard size >= Self.headerSize else {
            throw InputError(file: name, "is truncated: \(size) bytes, shorter than the \(Self.headerSize)-byte header; rebuild it with 'linkfit index'")
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw InputError(file: name, "cannot be mapped into memory")
        }
        base = UnsafeRawPointer(mapped)
        let raw = UnsafeRawBufferPointer(start: base, count: size)
        do {
            (self.version, sections, sectionNames) = try Self.check(raw, file: fd, name: name, version: version, threads: threads)
        } catch {
            munmap(mapped, size)
            throw error
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// The header and directory are read through the mapping `raw`; the sections' checksums from the
    /// file `fd` with `pread` into a buffer per worker, so that checking a section puts its pages
    /// in the page cache, not in this process's resident set (through the mapping, checking a
    /// 13.8 GB index made every page of it resident before any was used).
    private static func check(_ raw: UnsafeRawBufferPointer, file fd: Int32, name: String, version expected: UInt32, threads: Int) throws
        -> (UInt32, [String: Range<Int>], [String]) {
        guard Array(raw[0..<8]) == magic else { throw InputError(file: name, "is not a linkfit index file (its first 8 bytes are not LINKFITX)") }
        let mark = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
        guard mark == byteOrderMark else {
            throw InputError(file: name, mark == byteOrderMark.byteSwapped
                ? "was written on a machine of the other byte order; rebuild it here with 'linkfit index'"
                : "has a damaged header (byte-order mark at byte 8); rebuild it with 'linkfit index'")
        }
        let version = raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self)
        guard version == expected else {
            throw InputError(file: name, "is format version \(version); this linkfit reads version \(expected): rebuild it with 'linkfit index'")
        }
        let count = Int(raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        let directory = Int(clamping: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        let (directoryEnd, overflow) = directory.addingReportingOverflow(count * entrySize)
        guard !overflow, directory >= headerSize, directoryEnd <= raw.count else {
            throw InputError(file: name, "is truncated or has a damaged header: its directory (byte \(directory), \(count) sections) "
                + "ends past the file's \(raw.count) bytes; rebuild it with 'linkfit index'")
        }
        var headerSum = SectionChecksum()
        headerSum.add(UnsafeRawBufferPointer(rebasing: raw[0..<32]))
        headerSum.add(UnsafeRawBufferPointer(rebasing: raw[directory..<directoryEnd]))
        guard headerSum.value == raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self) else {
            throw InputError(file: name, "has a damaged header or directory (checksum mismatch); rebuild it with 'linkfit index'")
        }
        guard directoryEnd == raw.count else {
            throw InputError(file: name, "has \(raw.count - directoryEnd) bytes after its directory (was it appended to?)")
        }
        var sections: [String: Range<Int>] = [:]
        var names: [String] = []
        var entries: [(range: Range<Int>, checksum: UInt64)] = []
        for entry in 0..<count {
            let at = directory + entry * entrySize
            let nameBytes = raw[at..<(at + nameSize)].prefix { $0 != 0 }
            let section = String(decoding: nameBytes, as: UTF8.self)
            let offset = Int(clamping: raw.loadUnaligned(fromByteOffset: at + nameSize, as: UInt64.self))
            let length = Int(clamping: raw.loadUnaligned(fromByteOffset: at + nameSize + 8, as: UInt64.self))
            guard offset >= headerSize, length <= directory, offset <= directory - length else {
                throw InputError(file: name, "section '\(section)' lies outside the file's sections (damaged directory); rebuild it with 'linkfit index'")
            }
            sections[section] = offset..<(offset + length)
            names.append(section)
            entries.append((offset..<(offset + length), raw.loadUnaligned(fromByteOffset: at + nameSize + 16, as: UInt64.self)))
        }
        for (section, entry) in zip(names, entries)
        where try SectionChecksum.of(file: fd, range: entry.range, threads: threads, name: name) != entry.checksum {
            throw InputError(file: name, "section '\(section)' (bytes \(entry.range.lowerBound)–\(entry.range.upperBound)) "
                + "fails its checksum: the file is damaged; rebuild it with 'linkfit index'")
        }
        return (version, sections, names)
    }

    /// True when the file holds section `section`.
    package func contains(_ section: String) -> Bool { sections[section] != nil }

    /// The bytes of `section`, where they lie in the mapping (valid while this object lives).
    package func bytes(_ section: String) throws -> UnsafeRawBufferPointer {
        guard let range = sections[section] else { throw InputError(file: name, "has no section '\(section)' (damaged or another format)") }
        return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// `section` as a column of `T`, read in place from the mapping (which the column keeps alive).
    ///
    /// - Throws: `InputError` when the section is missing or its length is not a whole number of `T`s.
    package func column<T: BitwiseCopyable>(_ section: String, of type: T.Type = T.self) throws -> FlatColumn<T> {
        try column(0, ofRowMajor: section, width: 1)
    }

    /// Column `column` of `section` read as a row-major table of `width` columns of `T`, in place.
    ///
    /// - Throws: `InputError` when the section is missing or is not a whole number of rows.
    package func column<T: BitwiseCopyable>(_ column: Int, ofRowMajor section: String, width: Int, of type: T.Type = T.self) throws -> FlatColumn<T> {
        precondition(column >= 0 && column < width, "a column of the table")
        let raw = try bytes(section)
        let rowBytes = MemoryLayout<T>.stride * width
        guard raw.count % rowBytes == 0 else {
            throw InputError(file: name, "section '\(section)' holds \(raw.count) bytes, not a whole number of \(rowBytes)-byte rows")
        }
        guard let start = raw.baseAddress, raw.count > 0 else { return FlatColumn() }
        return FlatColumn(unsafeBase: start + column * MemoryLayout<T>.stride, count: raw.count / rowBytes, stride: width, owner: self)
    }

    /// `section` as an array of `T` (copied from the mapping: for the small sections).
    ///
    /// - Throws: `InputError` when the section is missing or its length is not a whole number of `T`s.
    package func array<T: BitwiseCopyable>(_ section: String, of type: T.Type = T.self) throws -> [T] {
        try column(section, of: T.self).array
    }
}

extension SectionFile {
    /// Writes a section file: sections in the order added, then the directory and header; the file
    /// is a temporary (owner-only: an index holds identifiers) until `finish` renames it into place.
    ///
    /// Bytes go out in order through one staging buffer. Past `directAfter` bytes, full buffers are
    /// written with `O_DIRECT`, around the page cache: on the 2-core machine a 12 GB write cost 19–34 s
    /// of kernel time through the page cache and 0.5 s direct (a C probe and `dd`), and the 100M
    /// `linkfit index` (13.2 GiB) spent 67 → 55 s in the kernel (two alternated rounds). What is
    /// written direct is on disk, not in the page cache: the next command reads it from disk. A file
    /// system that refuses `O_DIRECT` is written through the page cache.
    package final class Writer {
        private let url: URL
        private let temporary: URL
        private let fd: Int32
        private let version: UInt32
        /// The bytes so far (header placeholder, sections, padding): `flushed` on disk, then `staged`.
        private var offset: Int { flushed + stagedCount }
        private var flushed = 0
        private let staging: UnsafeMutableRawBufferPointer
        private var stagedCount = 0
        private let directAfter: Int
        private var direct = false
        /// True once the file system refused `O_DIRECT`; `directWrites` counts the buffers written direct.
        package private(set) var directRefused = false
        package private(set) var directWrites = 0
        private var directory: [UInt8] = []
        private var count = 0
        private var finished = false
        /// Threads for the sections' checksums (1 while the writer works beside other computation).
        package var threads: Int

        /// The staging buffer: a whole number of the largest logical block size `O_DIRECT` asks alignment to.
        static let stagingSize = 8 << 20
        static let directAlignment = 4096
        /// Bytes written through the page cache before direct writes: small files (tests, the
        /// demo, a 2M index) stay in the page cache for the command that reads them next.
        package static let directAfterDefault = 1 << 30

        /// - Parameter directAfter: bytes written through the page cache before direct writes
        ///   (`Int.max`: never direct).
        package init(url: URL, version: UInt32, threads: Int = 1, directAfter: Int = Writer.directAfterDefault) throws {
            self.url = url
            self.version = version
            self.threads = threads
            self.directAfter = directAfter
            let folder = url.deletingLastPathComponent()
            TemporaryName.removeStale(in: folder, of: url.lastPathComponent, suffixes: ["tmp"])
            temporary = folder.appendingPathComponent(TemporaryName.make(for: url.lastPathComponent, suffix: "tmp"))
            let path = temporary.path
            fd = TemporaryPaths.critical { paths -> Int32 in
                let fd = path.withCString { Foundation.open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
                if fd >= 0 { paths.insert(path) }
                return fd
            }
            staging = .allocate(byteCount: Self.stagingSize, alignment: Self.directAlignment)
            // Thrown with every property set, so `deinit` runs: it frees the buffer.
            guard fd >= 0 else { throw OutputError(path: url.path, reason: "cannot create a file in \(folder.path)") }
            // The header's place, filled by `finish`.
            try [UInt8](repeating: 0, count: SectionFile.headerSize).withUnsafeBytes { try append($0) }
        }

        deinit {
            staging.deallocate()
            if !finished {
                close(fd)
                try? FileManager.default.removeItem(at: temporary)
                TemporaryPaths.forget(temporary.path)
            }
        }

        /// Adds section `name` (ASCII, at most 31 bytes, unique) holding `bytes`.
        package func add(_ name: String, bytes: UnsafeRawBufferPointer) throws {
            try beginSection(name)
            let start = offset
            try append(bytes)
            appendEntry(name, offset: start, length: bytes.count, checksum: SectionChecksum.of(bytes, threads: threads))
        }

        /// Checks a new section's name and pads to where it starts.
        private func beginSection(_ name: String) throws {
            precondition(name.utf8.count < SectionFile.nameSize && name.utf8.allSatisfy { $0 > 0 && $0 < 0x80 }, "a short ASCII section name")
            let padding = (SectionFile.alignment - offset % SectionFile.alignment) % SectionFile.alignment
            try [UInt8](repeating: 0, count: padding).withUnsafeBytes { try append($0) }
        }

        /// Adds section `name` whose bytes `body` hands, in order, to the function it is given: a
        /// large section written piece by piece, never whole in memory.
        package func add(_ name: String, streaming body: (_ append: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
            try beginSection(name)
            let start = offset
            var sum = SectionChecksum()
            let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: SectionChecksum.pieceSize, alignment: 8)
            defer { piece.deallocate() }
            var filled = 0
            func flushPiece(_ bytes: UnsafeRawBufferPointer) throws {
                sum.combine(piece: SectionChecksum.piece(bytes))
                try append(bytes)
            }
            try body { bytes in try Self.fill(piece, filled: &filled, from: bytes, whenFull: flushPiece) }
            if filled > 0 { try flushPiece(UnsafeRawBufferPointer(rebasing: piece[0..<filled])) }
            appendEntry(name, offset: start, length: offset - start, checksum: sum.finished(length: offset - start))
        }

        private func appendEntry(_ name: String, offset: Int, length: Int, checksum: UInt64) {
            var entry = [UInt8](repeating: 0, count: SectionFile.nameSize)
            entry.replaceSubrange(0..<name.utf8.count, with: name.utf8)
            for value in [UInt64(offset), UInt64(length), checksum] {
                withUnsafeBytes(of: value) { entry.append(contentsOf: $0) }
            }
            directory += entry
            count += 1
        }

        /// Adds section `name` holding `values`.
        package func add<T: BitwiseCopyable>(_ name: String, _ values: [T]) throws {
            try values.withUnsafeBytes { try add(name, bytes: $0) }
        }

        /// Adds section `name` holding `values`.
        package func add<T: BitwiseCopyable>(_ name: String, _ values: FlatColumn<T>) throws {
            try values.withUnsafeBufferPointer { try add(name, bytes: UnsafeRawBufferPointer($0)) }
        }

        /// Writes the directory and header, and renames the file into place.
        package func finish() throws {
            // The rest through the page cache: a partial buffer, the directory and the header are
            // not whole aligned blocks.
            setDirect(false)
            try write(staged: UnsafeRawBufferPointer(rebasing: staging[0..<stagedCount]))
            stagedCount = 0
            let directoryOffset = offset
            var header = SectionFile.magic
            for value in [SectionFile.byteOrderMark, version, UInt32(count), 0] { withUnsafeBytes(of: value) { header.append(contentsOf: $0) } }
            withUnsafeBytes(of: UInt64(directoryOffset)) { header.append(contentsOf: $0) }
            var sum = SectionChecksum()
            header.withUnsafeBytes { sum.add($0) }
            directory.withUnsafeBytes { sum.add($0) }
            withUnsafeBytes(of: sum.value) { header.append(contentsOf: $0) }
            try directory.withUnsafeBytes { try write($0, at: directoryOffset) }
            try header.withUnsafeBytes { try write($0, at: 0) }
            let synced = fsync(fd) == 0
            // Closed once, whatever close says (deinit must not close the number again: by then it may be another file's).
            let closed = close(fd) == 0
            finished = true
            guard synced, closed else {
                try? FileManager.default.removeItem(at: temporary)
                TemporaryPaths.forget(temporary.path)
                throw OutputError(path: url.path, reason: "cannot write the file")
            }
            defer { TemporaryPaths.forget(temporary.path) }
            if rename(temporary.path, url.path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
                throw OutputError(path: url.path, reason: "cannot move the finished file into place")
            }
        }

        /// Stages `bytes` after what is there, writing each full buffer out.
        private func append(_ bytes: UnsafeRawBufferPointer) throws {
            var staged = stagedCount
            defer { stagedCount = staged }
            try Self.fill(staging, filled: &staged, from: bytes) { full in
                // Full buffers start at multiples of the buffer's size: aligned for `O_DIRECT`.
                if !direct, flushed >= directAfter { setDirect(true) }
                try write(staged: full)
            }
        }

        /// Copies `bytes` into `buffer` after its first `filled`; each time it is full, hands it to
        /// `whenFull` and starts it again from empty.
        private static func fill(_ buffer: UnsafeMutableRawBufferPointer, filled: inout Int, from bytes: UnsafeRawBufferPointer,
                                 whenFull: (UnsafeRawBufferPointer) throws -> Void) throws {
            var taken = 0
            while taken < bytes.count {
                let count = min(bytes.count - taken, buffer.count - filled)
                UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<(filled + count)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[taken..<(taken + count)]))
                filled += count
                taken += count
                if filled == buffer.count {
                    try whenFull(UnsafeRawBufferPointer(buffer))
                    filled = 0
                }
            }
        }

        /// Writes staged `bytes` at `flushed`, and moves `flushed` past them.
        private func write(staged bytes: UnsafeRawBufferPointer) throws {
            do {
                try write(bytes, at: flushed)
                if direct { directWrites += 1 }
            } catch where direct {
                // Refused direct (EINVAL on some file systems): once more through the page cache.
                directRefused = true
                setDirect(false)
                try write(bytes, at: flushed)
            }
            flushed += bytes.count
        }

        /// Turns `O_DIRECT` on or off for the file (on stays off when the file system refuses it).
        private func setDirect(_ on: Bool) {
            guard on != direct, !(on && directRefused) else { return }
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0, fcntl(fd, F_SETFL, on ? flags | Self.oDirect : flags & ~Self.oDirect) == 0 else {
                if on { directRefused = true }
                return
            }
            direct = on
        }

        /// `O_DIRECT`, which Swift's Glibc module does not export (a GNU extension; its value differs by architecture).
        #if arch(arm64) || arch(arm)
        static let oDirect: Int32 = 0o200000
        #else
        static let oDirect: Int32 = 0o40000
        #endif

        private func write(_ bytes: UnsafeRawBufferPointer, at position: Int) throws {
            var done = 0
            while done < bytes.count {
                let written = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(position + done))
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw OutputError(path: url.path, reason: "cannot write the file (disk full?)") }
                done += written
            }
        }
    }
}

/// The checksum of a section: 64-bit FNV-1a over 8-byte words in four interleaved lanes (so that the
/// multiplies overlap), per 1 MiB piece, pieces combined in order and the length mixed in. The same
/// whatever the thread count; it detects damage, it is no defence against a deliberate forgery.
package struct SectionChecksum {
    static let pieceSize = 1 << 20
    static let prime: UInt64 = 0x0000_0100_0000_01B3
    private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325
    private var length = 0

    package init() {}

    /// The checksum of `bytes`: its 1 MiB pieces in parallel, combined in order (the same for any
    /// thread count).
    static func of(_ bytes: UnsafeRawBufferPointer, threads: Int) -> UInt64 {
        let pieces = ParallelChunks.ranges(total: bytes.count, size: pieceSize)
        let sums = ParallelChunks.map(count: pieces.count, threads: threads) { piece(UnsafeRawBufferPointer(rebasing: bytes[pieces[$0]])) }
        var sum = SectionChecksum()
        for piece in sums { sum.combine(piece: piece) }
        return sum.finished(length: bytes.count)
    }

    /// The checksum of bytes `range` of the open file `fd`, as `of(_:threads:)` gives for those bytes
    /// in memory: the pieces read with `pread`, each worker a contiguous run of them into one buffer
    /// of its own (the runs depend on the thread count, the pieces and their order do not).
    ///
    /// - Throws: `InputError` when the file cannot be read or ends early.
    /// - Complexity: O(range.count); memory one piece per worker.
    static func of(file fd: Int32, range: Range<Int>, threads: Int, name: String) throws -> UInt64 {
        let pieces = ParallelChunks.ranges(total: range.count, size: pieceSize)
        let runs = ParallelChunks.ranges(total: pieces.count, size: max(1, (pieces.count + threads - 1) / max(1, threads)))
        let sums = try ParallelChunks.map(count: runs.count, threads: threads) { run throws(InputError) -> [UInt64] in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 8)
            defer { buffer.deallocate() }
            guard let base = buffer.baseAddress else { preconditionFailure("an allocation of \(pieceSize) bytes has an address") }
            return try pieces[runs[run]].map { piece throws(InputError) -> UInt64 in
                var done = 0
                while done < piece.count {
                    let count = pread(fd, base + done, piece.count - done, off_t(range.lowerBound + piece.lowerBound + done))
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { throw InputError(file: name, "cannot be read (\(count < 0 ? String(cString: strerror(errno)) : "it ended early"))") }
                    done += count
                }
                return Self.piece(UnsafeRawBufferPointer(rebasing: buffer[0..<piece.count]))
            }
        }
        var sum = SectionChecksum()
        for run in sums { for piece in run { sum.combine(piece: piece) } }
        return sum.finished(length: range.count)
    }

    /// The checksum of one piece (any length; pieces of a section are all `pieceSize` but the last).
    static func piece(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0xCBF2_9CE4_8422_2325, 0x84222325CBF29CE4, 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)
        let words = bytes.count / 8
        var index = 0
        while index + 4 <= words {
            lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* prime
            lanes.1 = (lanes.1 ^ bytes.loadUnaligned(fromByteOffset: index * 8 + 8, as: UInt64.self)) &* prime
            lanes.2 = (lanes.2 ^ bytes.loadUnaligned(fromByteOffset: index * 8 + 16, as: UInt64.self)) &* prime
            lanes.3 = (lanes.3 ^ bytes.loadUnaligned(fromByteOffset: index * 8 + 24, as: UInt64.self)) &* prime
            index += 4
        }
        while index < words {
            lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* prime
            index += 1
        }
        for byte in bytes[(words * 8)...] { lanes.1 = (lanes.1 ^ UInt64(byte)) &* prime }
        return KeyHash.combine(KeyHash.combine(KeyHash.combine(lanes.0, lanes.1), lanes.2), lanes.3)
    }

    mutating func combine(piece: UInt64) {
        state = (state ^ piece) &* Self.prime
    }

    /// Adds `bytes` as one piece, counting its length (for small parts: the header, the directory).
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        combine(piece: Self.piece(bytes))
        length += bytes.count
    }

    /// The checksum of pieces added by `add`.
    var value: UInt64 { finished(length: length) }

    /// The checksum, `length` bytes in all mixed in.
    func finished(length: Int) -> UInt64 { KeyHash.finalise(state ^ UInt64(length)) }
}
