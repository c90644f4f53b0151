import Fellegi
import Foundation
import LinkIO

// The settings loader over arbitrary JSON text: `JSON.parse` then `LinkSettings.load`.
// Checked: every input either loads or throws located InputError(s) naming the file; settings that
// load write out (`json.serialised()`) as text that parses and loads back to the same settings.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = "settings.json"
    let settings: LinkSettings
    do {
        let json = try JSON.parse(Data(bytes: data, count: size), file: file)
        settings = try LinkSettings.load(json, file: file)
    } catch {
        located(error, file: file)
        return 0
    }
    let text = settings.json.serialised()
    do {
        let again = try LinkSettings.load(try JSON.parse(Data(text.utf8), file: file), file: file)
        if again != settings { fatalError("finding: saved settings load back different") }
    } catch {
        fatalError("finding: saved settings do not load back: \(error)")
    }
    return 0
}
