import Foundation
import LinkIO

// The CSV reader over arbitrary bytes. The first input byte chooses the configuration, the rest is
// the file:
//   bits 0-1  delimiter: 0 detect from the header, 1 comma, 2 tab, 3 pipe
//   bits 2-4  block size 2^(2+k) bytes (4 B … 512 B, so records cross window refills), 7 = 1 MiB
//   bit  5    allowHeaderOnly
//   bit  6    a record limit of 4 blocks (so "record too long" is reached)
//   bit  7    also read it as a CSVPartition of 3 chunks and require the same records, lines and
//             first error as the sequential reader
// Checked: every input either reads to the end or throws a located InputError; every field of every
// record is valid UTF-8 (as `withField` promises); the partition agrees with the sequential reader.

/// What a reader yields: each record's line and fields, then the error that stopped it, if any.
struct Outcome: Equatable {
    var records: [[String]] = []
    var lines: [Int] = []
    var error: String?
}

func readAll(_ reader: CSVReader, into outcome: inout Outcome) throws {
    while try reader.next() {
        var fields: [String] = []
        for index in 0..<reader.fieldCount {
            let valid = reader.withField(index) { String(validating: $0, as: UTF8.self) }
            guard let valid else { fatalError("finding: field \(index) on line \(reader.line) is not valid UTF-8") }
            fields.append(valid)
        }
        _ = reader.recordFingerprint()
        outcome.records.append(fields)
        outcome.lines.append(reader.line)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let delimiter: UInt8? = [nil, 0x2C, 0x09, 0x7C][Int(control & 3)]
    let shift = Int((control >> 2) & 7)
    let blockSize = shift == 7 ? 1 << 20 : 1 << (2 + shift)
    let options = CSVReader.Options(blockSize: blockSize, maxRecordBytes: control & 0x40 != 0 ? 4 * blockSize : 16 << 20)
    let headerOnly = control & 0x20 != 0
    let file = "fuzz.csv"

    var sequential = Outcome()
    do {
        let reader = try CSVReader(bytes: bytes, name: file, delimiter: delimiter, allowHeaderOnly: headerOnly, options: options)
        if reader.header.isEmpty { fatalError("finding: a header with no columns was accepted") }
        try readAll(reader, into: &sequential)
    } catch {
        located(error, file: file)
        sequential.error = "\(error)"
    }
    guard control & 0x80 != 0 else { return 0 }

    var parallel = Outcome()
    do {
        let partition = try CSVPartition(
            source: .memory(bytes), name: file, parts: 3, delimiter: delimiter, allowHeaderOnly: headerOnly,
            options: options, minimumChunkBytes: 1)
        let chunks = try partition.map { reader -> Outcome in
            var outcome = Outcome()
            try readAll(reader, into: &outcome)
            return outcome
        }
        for chunk in chunks {
            parallel.records += chunk.records
            parallel.lines += chunk.lines
        }
    } catch {
        located(error, file: file)
        parallel.error = "\(error)"
    }
    if sequential.error != nil || parallel.error != nil {
        if sequential.error != parallel.error {
            fatalError("finding: partition error \(parallel.error ?? "none") ≠ sequential \(sequential.error ?? "none")")
        }
    } else if sequential != parallel {
        fatalError("finding: the partition read \(parallel.records.count) records, the sequential reader \(sequential.records.count)")
    }
    return 0
}
