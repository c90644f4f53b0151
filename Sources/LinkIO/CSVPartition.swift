import Foundation
import Kernels

/// One byte range of a partitioned CSV file: whole records, starting on physical line `firstLine`.
public struct CSVChunk: Sendable, Equatable {
    /// Position in file order (0-based).
    public let index: Int
    /// Absolute byte offsets in the file.
    public let bytes: Range<Int>
    /// The 1-based physical line on which `bytes` starts.
    public let firstLine: Int
    /// At most this many records: the physical lines the chunk touches (a record takes at least one),
    /// so a loader can reserve exact-enough space before parsing.
    public let maxRecords: Int

    public init(index: Int, bytes: Range<Int>, firstLine: Int, maxRecords: Int) {
        self.index = index
        self.bytes = bytes
        self.firstLine = firstLine
        self.maxRecords = maxRecords
    }
}

/// A CSV file cut at record boundaries into byte ranges that separate readers parse on separate
/// threads, with the same records and line numbers as one `CSVReader` over the whole file.
///
/// Finding the boundaries is quote-aware. The data (after the header) is cut into equal raw slices,
/// and each slice's quotes and line feeds are counted in parallel. In RFC 4180 text every quote opens
/// or closes a quoted field (a doubled quote closes and reopens), so a line feed ends a record
/// exactly when an even number of quotes precede it in the data. Each cut moves forward from its raw
/// slice boundary to the first such line feed, and its line number is the count of line feeds before
/// it. In a malformed file a cut may land inside a record, but the first chunk holding a fault starts
/// on a true boundary and reports the same error a sequential reader would; `map` rethrows the
/// error of the earliest chunk, so callers see exactly the sequential reader's first error.
///
/// - Complexity: O(n / threads) time for the count and O(longest quoted field) per cut; memory
///   O(threads × block size).
public struct CSVPartition: Sendable {
    public let name: String
    public let source: CSVSource
    public let columns: CSVHeader
    public let delimiter: UInt8
    public let options: CSVReader.Options
    /// The chunks in file order; empty when the file has a header and no records.
    public let chunks: [CSVChunk]

    /// The column names, in file order.
    public var header: [String] { columns.names }

    /// Reads the header of `url` and cuts its records into at most `parts` chunks of at least
    /// `minimumChunkBytes` each (so a small file stays in one chunk).
    ///
    /// - Throws: the `InputError`s `CSVReader.init` and its first `next()` throw (empty file, header
    ///   only, malformed header or first record).
    public init(
        url: URL, name: String, parts: Int, delimiter: UInt8? = nil, allowHeaderOnly: Bool = false,
        options: CSVReader.Options = CSVReader.Options(), minimumChunkBytes: Int = 1 << 16
    ) throws {
        try self.init(
            source: .file(path: url.path), name: name, parts: parts, delimiter: delimiter,
            allowHeaderOnly: allowHeaderOnly, options: options, minimumChunkBytes: minimumChunkBytes)
    }

    /// As `init(url:...)`, over any source.
    public init(
        source: CSVSource, name: String, parts: Int, delimiter: UInt8? = nil, allowHeaderOnly: Bool = false,
        options: CSVReader.Options = CSVReader.Options(), minimumChunkBytes: Int = 1 << 16
    ) throws {
        let reader = try CSVReader(
            source: source, name: name, delimiter: delimiter, allowHeaderOnly: allowHeaderOnly, options: options)
        self.name = name
        self.source = source
        self.columns = reader.columns
        self.delimiter = reader.delimiter
        self.options = options
        let dataStart = reader.sourceOffset
        let dataLine = reader.nextLine
        guard try reader.next() else {
            chunks = []
            return
        }
        let size: Int
        do { size = try source.size() } catch { throw CSVReader.openError(error, file: name) }
        let length = size - dataStart
        let count = max(1, min(parts, length / max(1, minimumChunkBytes)))
        chunks = try Self.cut(
            source: source, name: name, data: dataStart..<size, dataLine: dataLine, parts: count, options: options)
    }

    /// The records of `chunk` of `partition` (whole records: a chunk of `partition` or one made from
    /// the record boundaries a reader reports, `CSVReader.nextRecordStart`), cut again into at most
    /// `parts` chunks of at least `minimumChunkBytes` each, with the file's line numbers.
    ///
    /// - Complexity: O(chunk bytes / threads) for the cut, as `init(url:…)`.
    public init(chunk: CSVChunk, of partition: CSVPartition, parts: Int, minimumChunkBytes: Int = 1 << 16) throws {
        name = partition.name
        source = partition.source
        columns = partition.columns
        delimiter = partition.delimiter
        options = partition.options
        guard !chunk.bytes.isEmpty else {
            chunks = []
            return
        }
        let count = max(1, min(parts, chunk.bytes.count / max(1, minimumChunkBytes)))
        chunks = try Self.cut(source: source, name: name, data: chunk.bytes, dataLine: chunk.firstLine, parts: count, options: options)
    }

    /// A reader over `chunk`; its `line` numbers are the file's.
    public func reader(for chunk: CSVChunk) throws -> CSVReader {
        try CSVReader(chunk: chunk, of: self)
    }

    /// Runs `body` on a reader of each chunk, the chunks in parallel, and returns the results in chunk
    /// order. When chunks throw, rethrows the error of the earliest one.
    ///
    /// - Complexity: the cost of `body` over every chunk, spread over the cores.
    public func map<T: Sendable>(_ body: @escaping @Sendable (CSVReader) throws -> T) throws -> [T] {
        try mapChunks { _, reader in try body(reader) }
    }

    /// As `map`, also passing each chunk (for its `maxRecords`). `progress` counts the bytes the
    /// readers consume (of `dataBytes`), once per block.
    public func mapChunks<T: Sendable>(
        progress: WorkCounter? = nil, _ body: @escaping @Sendable (CSVChunk, CSVReader) throws -> T
    ) throws -> [T] {
        try ParallelChunks.map(count: chunks.count, threads: ParallelChunks.defaultThreads) { index in
            let reader = try reader(for: chunks[index])
            reader.progress = progress
            return try body(chunks[index], reader)
        }
    }

    /// The bytes of the records (the file after its header): what `mapChunks` reads.
    public var dataBytes: Int { chunks.reduce(0) { $0 + $1.bytes.count } }

    private static func cut(
        source: CSVSource, name: String, data: Range<Int>, dataLine: Int, parts: Int, options: CSVReader.Options
    ) throws -> [CSVChunk] {
        let length = data.count
        let raw = (0...parts).map { data.lowerBound + Int((Int64(length) * Int64($0)) / Int64(parts)) }
        let counts: [ByteCounts]
        do {
            counts = try ParallelChunks.map(count: parts, threads: parts) { part throws(ByteWindowError) in
                try ByteCounts(source: source, range: raw[part]..<raw[part + 1], options: options)
            }
        } catch {
            throw CSVReader.openError(error, file: name)
        }
        var cuts: [(offset: Int, line: Int)] = [(data.lowerBound, dataLine)]
        var quotes = 0
        var lineFeeds = 0
        for part in 1..<parts {
            quotes += counts[part - 1].quotes
            lineFeeds += counts[part - 1].lineFeeds
            guard raw[part] > (cuts.last?.offset ?? data.lowerBound) else { continue }
            let found: (offset: Int, line: Int)?
            do {
                found = try firstRecordEnd(
                    source: source, from: raw[part]..<data.upperBound, quoteParity: quotes & 1,
                    line: dataLine + lineFeeds, options: options)
            } catch {
                throw CSVReader.openError(error, file: name)
            }
            if let found, data.upperBound > found.offset, (cuts.last?.offset ?? 0) < found.offset {
                cuts.append(found)
            }
        }
        // Lines after the last line feed: one more when the data does not end with one.
        let endLine = dataLine + counts.reduce(0) { $0 + $1.lineFeeds } + 1
        return cuts.indices.map { index in
            let end = index + 1 < cuts.count ? cuts[index + 1].offset : data.upperBound
            let nextLine = index + 1 < cuts.count ? cuts[index + 1].line : endLine
            return CSVChunk(index: index, bytes: cuts[index].offset..<end, firstLine: cuts[index].line,
                            maxRecords: nextLine - cuts[index].line)
        }
    }

    /// The offset just after the first line feed in `range` preceded by an even number of quotes
    /// (counting `quoteParity` before the range), with the physical line that starts there.
    private static func firstRecordEnd(
        source: CSVSource, from range: Range<Int>, quoteParity: Int, line: Int, options: CSVReader.Options
    ) throws(ByteWindowError) -> (offset: Int, line: Int)? {
        let window = try ByteWindow(
            source: source, range: range, blockSize: min(options.blockSize, 1 << 16),
            maxCapacity: min(options.blockSize, 1 << 16))
        var inQuotes = quoteParity != 0
        var line = line
        while true {
            try window.refill(keepingFrom: window.count)
            if window.count == 0 { return nil }
            let bytes = window.bytes
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    inQuotes.toggle()
                } else if byte == 0x0A {
                    line += 1
                    if !inQuotes { return (window.baseOffset + index + 1, line) }
                }
            }
            if window.atEnd { return nil }
        }
    }
}

/// How many quotes and line feeds a byte range holds.
struct ByteCounts: Sendable {
    var quotes = 0
    var lineFeeds = 0

    /// Counts over `range` of `source`, eight bytes per step.
    ///
    /// - Complexity: O(range.count); memory O(block size).
    init(source: CSVSource, range: Range<Int>, options: CSVReader.Options) throws(ByteWindowError) {
        let window = try ByteWindow(
            source: source, range: range, blockSize: options.blockSize, maxCapacity: options.blockSize)
        while true {
            try window.refill(keepingFrom: window.count)
            if window.count == 0 { return }
            add(window.bytes.slice(start: 0, count: window.count))
            if window.atEnd { return }
        }
    }

    init() {}

    /// Adds the quotes and line feeds of `bytes`.
    ///
    /// Eight bytes per step without popcount (the default x86-64 target has none): each step adds a
    /// 0/1 flag per byte lane into a UInt64, and every 255 steps the lanes are summed.
    ///
    /// - Complexity: O(n); about 6 GB/s on one core.
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(start)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quoteWord = ones &* 0x22
        let lineFeedWord = ones &* 0x0A
        var index = 0
        while index + 8 <= bytes.count {
            var quoteLanes: UInt64 = 0
            var lineFeedLanes: UInt64 = 0
            var steps = 0
            while steps < 255, index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                quoteLanes &+= Self.zeroBytes(word ^ quoteWord)
                lineFeedLanes &+= Self.zeroBytes(word ^ lineFeedWord)
                index += 8
                steps += 1
            }
            quotes += Self.sumOfLanes(quoteLanes)
            lineFeeds += Self.sumOfLanes(lineFeedLanes)
        }
        while index < bytes.count {
            if start[index] == 0x22 { quotes += 1 }
            if start[index] == 0x0A { lineFeeds += 1 }
            index += 1
        }
    }

    /// 1 in each byte lane of `word` that is zero, else 0 (exact, no false positives).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return (~(((word & low7) &+ low7) | word) & ~low7) >> 7
    }

    /// The sum of the eight byte lanes of `lanes`.
    @inline(__always)
    private static func sumOfLanes(_ lanes: UInt64) -> Int {
        let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
        return Int((pairs &* 0x0001_0001_0001_0001) >> 48)
    }
}
