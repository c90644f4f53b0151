import Foundation
import Testing

@testable import Kernels

/// The ordered parallel map against a serial loop, at thread counts below, at and above the chunk
/// count, and its typed errors: the earliest failing chunk's, whatever finishes first.
@Suite struct ParallelChunksTests {
    struct ChunkFailure: Error, Equatable {
        var chunk: Int
    }

    /// A chunk's result that depends on nothing but the chunk: a few rounds of an LCG.
    static func work(_ chunk: Int) -> [UInt64] {
        var x = UInt64(chunk) &* 6_364_136_223_846_793_005 &+ 1
        return (0..<(chunk % 7 + 1)).map { _ in
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return x
        }
    }

    @Test(arguments: [1, 2, 3, 8, 64])
    func resultsComeInChunkOrderLikeASerialMap(threads: Int) {
        for count in [1, 2, 5, 37, 1_000] {
            let serial = (0..<count).map(Self.work)
            // No `try`: a body that cannot throw gives a map that cannot either (E = Never).
            let parallel = ParallelChunks.map(count: count, threads: threads, Self.work)
            #expect(parallel == serial, "\(count) chunks, \(threads) threads")
        }
    }

    @Test func anEmptyInputGivesNoResultsAndRunsNothing() {
        let ran = Locked(0)
        let results = ParallelChunks.map(count: 0, threads: 4) { chunk -> Int in
            ran.withLock { $0 += 1 }
            return chunk
        }
        #expect(results.isEmpty)
        #expect(ran.withLock { $0 } == 0)
    }

    @Test func moreThreadsThanChunksRunsEachChunkOnce() {
        let runs = Locked([Int](repeating: 0, count: 3))
        let results = ParallelChunks.map(count: 3, threads: 16) { chunk -> Int in
            runs.withLock { $0[chunk] += 1 }
            return chunk * 10
        }
        #expect(results == [0, 10, 20])
        #expect(runs.withLock { $0 } == [1, 1, 1])
    }

    @Test(arguments: [1, 2, 4])
    func theEarliestFailingChunksErrorIsThrownTyped(threads: Int) {
        // Chunk 3 fails slowly and chunk 9 at once: a serial loop meets chunk 3 first, so must the map.
        var failure: ChunkFailure?
        do {
            _ = try ParallelChunks.map(count: 20, threads: threads) { chunk throws(ChunkFailure) -> Int in
                if chunk == 3 {
                    Thread.sleep(forTimeInterval: 0.05)
                    throw ChunkFailure(chunk: chunk)
                }
                if chunk == 9 { throw ChunkFailure(chunk: chunk) }
                return chunk
            }
        } catch {
            failure = error  // `error` is a ChunkFailure: the map's error type is the body's
        }
        #expect(failure == ChunkFailure(chunk: 3))
    }

    @Test func aFailureStopsTheHandingOutOfChunks() {
        let ran = Locked(0)
        #expect(throws: ChunkFailure(chunk: 0)) {
            _ = try ParallelChunks.map(count: 1_000, threads: 2) { chunk throws(ChunkFailure) -> Int in
                ran.withLock { $0 += 1 }
                if chunk == 0 { throw ChunkFailure(chunk: 0) }
                Thread.sleep(forTimeInterval: 0.001)
                return chunk
            }
        }
        // Only the chunks the other worker took before the failure was stored (each takes 1 ms, all
        // of them a second): far from all.
        #expect(ran.withLock { $0 } < 1_000)
    }

    @Test func rangesCoverTheTotalInOrderWithOnlyTheLastShorter() {
        for (total, size) in [(0, 5), (1, 5), (10, 5), (11, 5), (7, 1), (7, 100), (7, 0)] {
            let ranges = ParallelChunks.ranges(total: total, size: size)
            #expect(ranges.flatMap { Array($0) } == Array(0..<total), "total \(total), size \(size)")
            #expect(ranges.dropLast().allSatisfy { $0.count == max(1, size) }, "total \(total), size \(size)")
            #expect(ranges.allSatisfy { !$0.isEmpty })
        }
    }

    @Test func sharesGiveOneWorkerAShareOfAtLeastTheMinimum() {
        #expect(ParallelChunks.shares(0, threads: 4) == [])
        #expect(ParallelChunks.shares(10, threads: 4, minimumShare: 100) == [0..<10])
        #expect(ParallelChunks.shares(250, threads: 4, minimumShare: 100) == [0..<84, 84..<168, 168..<250])
        #expect(ParallelChunks.shares(250, threads: 2, minimumShare: 100) == [0..<125, 125..<250])
    }
}
