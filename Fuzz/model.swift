import Fellegi
import Foundation
import LinkIO

// The model loader over arbitrary JSON text: `JSON.parse` then `FittedModel.load`.
// Checked: every input either loads or throws located InputError(s) or a ModelError naming the file;
// a model that loads writes out as text that loads back to the same model.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = "model.json"
    let model: FittedModel
    do {
        let json = try JSON.parse(Data(bytes: data, count: size), file: file)
        model = try FittedModel.load(json, file: file)
    } catch {
        located(error, file: file) { ($0 as? ModelError)?.description }
        return 0
    }
    let text = model.json.serialised()
    do {
        let again = try FittedModel.load(try JSON.parse(Data(text.utf8), file: file), file: file)
        if again != model { fatalError("finding: a saved model loads back different") }
    } catch {
        fatalError("finding: a saved model does not load back: \(error)")
    }
    return 0
}
