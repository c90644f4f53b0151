import Foundation

/// Why a `ByteWindow` could not deliver bytes. The reader turns these into located `InputError`s.
public enum ByteWindowError: Error, Equatable {
    case cannotOpen(Int32)
    case cannotRead(Int32)
    /// One record needs more than the window's maximum capacity.
    case recordTooLong(Int)
    /// The path is not a regular file (`RegularFile`): a FIFO, pipe, folder, device or socket.
    case notRegular(String)
}

/// A sliding window onto a byte range of a source. It holds the record being parsed plus read-ahead;
/// `refill(keepingFrom:)` drops the bytes before a position, moves the rest to the front and reads
/// more, growing only when a single record does not fit.
///
/// It owns its memory; readers see the valid bytes only through `bytes`, an asserted view of
/// `0..<count` that is valid until the next `refill`.
///
/// - Complexity: memory O(block size + longest record), independent of the source's size.
public final class ByteWindow {
    /// The first byte of the window. Valid bytes are `base[0..<count]`.
    @exclusivity(unchecked) @usableFromInline private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var capacity: Int
    // The state below is read from other modules through inlinable getters: a stored property read
    // directly from another module gets a dynamic exclusivity check (`@exclusivity(unchecked)` waives
    // it only inside this module), and the CSV scanner reads these once per record.
    @exclusivity(unchecked) @usableFromInline var validCount = 0
    @exclusivity(unchecked) @usableFromInline var exhausted = false
    @exclusivity(unchecked) @usableFromInline var firstOffset: Int

    /// Valid bytes in the window.
    @inlinable public var count: Int { validCount }
    /// True once every byte of the range has been read into the window at least once.
    @inlinable public var atEnd: Bool { exhausted }
    /// Absolute offset in the source of the window's first byte.
    @inlinable public var baseOffset: Int { firstOffset }
    private let maxCapacity: Int
    private let fileDescriptor: Int32
    private let memory: [UInt8]
    private var nextOffset: Int
    private let endOffset: Int

    /// Opens `range` of `source` (all of it when nil) with a window of `blockSize` bytes that may grow
    /// to `maxCapacity` for one long record.
    public init(source: ByteSource, range: Range<Int>?, blockSize: Int, maxCapacity: Int) throws(ByteWindowError) {
        precondition(blockSize > 0 && maxCapacity >= blockSize, "invalid window sizes")
        switch source {
        case .memory(let bytes):
            memory = bytes
            fileDescriptor = -1
            endOffset = range?.upperBound ?? bytes.count
        case .file(let path):
            memory = []
            let descriptor: Int32
            do { descriptor = try RegularFile.open(path) } catch {
                switch error {
                case .cannotOpen(let code), .cannotRead(let code): throw .cannotOpen(code)
                case .notRegular(let kind): throw .notRegular(kind)
                }
            }
            fileDescriptor = descriptor
            if let range {
                endOffset = range.upperBound
            } else {
                var info = stat()
                guard fstat(descriptor, &info) == 0 else {
                    let code = errno
                    close(descriptor)
                    throw .cannotOpen(code)
                }
                endOffset = Int(info.st_size)
            }
        }
        nextOffset = range?.lowerBound ?? 0
        firstOffset = nextOffset
        capacity = blockSize
        self.maxCapacity = maxCapacity
        base = .allocate(capacity: blockSize)
    }

    deinit {
        base.deallocate()
        if fileDescriptor >= 0 { close(fileDescriptor) }
    }

    /// The valid bytes, `0..<count`, readable and writable (a reader undoes quoting in place) until the
    /// next `refill`.
    @inlinable
    public var bytes: BufferView<UInt8> { BufferView(base: base, count: validCount) }

    /// Discards bytes `0..<keep`, moves the remaining bytes to the front and reads more after them.
    /// Sets `atEnd` when the range is exhausted. Positions into the window shift down by `keep`.
    ///
    /// - Complexity: O(bytes kept + bytes read).
    public func refill(keepingFrom keep: Int) throws(ByteWindowError) {
        precondition(keep >= 0 && keep <= validCount, "refill position outside the window")
        if exhausted { return }
        if keep > 0 {
            base.update(from: base + keep, count: validCount - keep)
            validCount -= keep
            firstOffset += keep
        }
        if validCount == capacity {
            guard capacity < maxCapacity else { throw .recordTooLong(maxCapacity) }
            let grown = min(capacity * 2, maxCapacity)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            bigger.update(from: base, count: validCount)
            base.deallocate()
            base = bigger
            capacity = grown
        }
        let wanted = min(capacity - validCount, endOffset - nextOffset)
        guard wanted > 0 else {
            exhausted = true
            return
        }
        let got = try read(into: base + validCount, wanted)
        if got == 0 {
            exhausted = true
            return
        }
        validCount += got
        nextOffset += got
        if nextOffset == endOffset { exhausted = true }
    }

    /// Reads up to `wanted` bytes at `nextOffset`; 0 only at the end of the source.
    private func read(into destination: UnsafeMutablePointer<UInt8>, _ wanted: Int) throws(ByteWindowError) -> Int {
        if fileDescriptor < 0 {
            let available = min(wanted, memory.count - nextOffset)
            guard available > 0 else { return 0 }
            memory.withUnsafeBufferPointer { bytes in
                if let start = bytes.baseAddress { destination.update(from: start + nextOffset, count: available) }
            }
            return available
        }
        while true {
            let got = pread(fileDescriptor, destination, wanted, off_t(nextOffset))
            if got >= 0 { return got }
            if errno != EINTR { throw .cannotRead(errno) }
        }
    }
}
