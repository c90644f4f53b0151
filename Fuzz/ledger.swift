import Fellegi
import Foundation
import LinkIO
import Releases

// The decisions ledger reader (`DecisionLedger.read`) over arbitrary bytes written to a file.
// Checked: every input either reads or throws a located InputError naming the file; a ledger that
// reads writes back (`write(to:)`) to a file that reads back to the same entries.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = "decisions.csv"
    let url = inputFile(data, size, name: file)
    let ledger: DecisionLedger
    do {
        ledger = try DecisionLedger.read(url: url, file: file)
    } catch {
        located(error, file: file)
        return 0
    }
    _ = ledger.current
    let copy = url.deletingLastPathComponent().appendingPathComponent("written.csv")
    do {
        try ledger.write(to: copy)
        let again = try DecisionLedger.read(url: copy, file: file)
        let strip = { (entries: [DecisionLedger.Entry]) in entries.map { entry -> DecisionLedger.Entry in
            var entry = entry
            entry.line = nil
            return entry
        } }
        if again.header != ledger.header || strip(again.entries) != strip(ledger.entries) {
            fatalError("finding: a written ledger reads back different")
        }
    } catch {
        fatalError("finding: a written ledger does not read back: \(error)")
    }
    return 0
}
