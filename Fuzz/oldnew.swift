import Fellegi
import Foundation
import LinkIO

// The Old_New reader (`IdentifierChanges.read`) over arbitrary bytes written to a file.
// Checked: every input either reads or throws located InputError(s) naming the file; when it reads,
// every old id resolves to a current id that is not itself old (chains end), by String and by bytes.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = "Old_New_HESID.csv"
    let url = inputFile(data, size, name: file)
    let changes: IdentifierChanges
    do {
        changes = try IdentifierChanges.read(url: url, file: file, idColumn: "HESID")
    } catch {
        located(error, file: file)
        return 0
    }
    let resolved = changes.resolved
    if resolved.count != changes.count { fatalError("finding: resolved lists \(resolved.count) of \(changes.count)") }
    for (old, current) in resolved {
        if !changes.isOld(old) { fatalError("finding: an old id is not found as old") }
        if changes.current(old) != current { fatalError("finding: current(old) disagrees with resolved") }
        if changes.isOld(current) { fatalError("finding: a chain ends on an old id") }
    }
    return 0
}
