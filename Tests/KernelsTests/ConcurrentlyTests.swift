import Dispatch
import Kernels
import Testing

@Suite struct ConcurrentlyTests {
    struct Failure: Error, Equatable { var side: String }

    /// The two run at the same time: each waits for the other to have started, which would never
    /// happen were they run one after the other (the test would time out instead of passing).
    @Test func bothRunAtOnceAndBothResultsComeBack() throws {
        let backgroundStarted = DispatchSemaphore(value: 0)
        let bodyStarted = DispatchSemaphore(value: 0)
        let (a, b) = try concurrently({ () -> Int in
            backgroundStarted.signal()
            #expect(bodyStarted.wait(timeout: .now() + 10) == .success)
            return 1
        }, while: { () -> String in
            bodyStarted.signal()
            #expect(backgroundStarted.wait(timeout: .now() + 10) == .success)
            return "two"
        })
        #expect(a == 1 && b == "two")
    }

    /// The background has finished by the time `concurrently` returns, even when it is the slower:
    /// what it wrote is there to read.
    @Test func theBackgroundHasFinishedOnReturn() throws {
        var written: [Int] = []
        _ = try concurrently({
            for value in 0..<1_000 {
                if value % 100 == 0 { usleepish() }
                written.append(value)
            }
        }, while: { 0 })
        #expect(written == Array(0..<1_000))
    }

    @Test func theBodysErrorComesFirstThenTheBackgrounds() {
        #expect(throws: Failure(side: "body")) {
            try concurrently({ throw Failure(side: "background") }, while: { throw Failure(side: "body") })
        }
        #expect(throws: Failure(side: "background")) {
            try concurrently({ throw Failure(side: "background") }, while: { 1 })
        }
    }

    private func usleepish() { _ = DispatchSemaphore(value: 0).wait(timeout: .now() + .milliseconds(2)) }
}
