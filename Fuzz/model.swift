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
        if again != model {
            let fields = [again.settings == model.settings, again.parameters == model.parameters, again.matchShare == model.matchShare,
                          again.blockingRecall == model.blockingRecall, again.levelLabels == model.levelLabels,
                          again.uSources == model.uSources, again.termFrequencies == model.termFrequencies,
                          again.report == model.report, again.provenance == model.provenance]
            let names = ["settings", "parameters", "matchShare", "blockingRecall", "levelLabels", "uSources", "termFrequencies", "report", "provenance"]
            let differing = zip(names, fields).filter { !$0.1 }.map(\.0)
            let sameText = again.json.serialised() == text
            if let dump = ProcessInfo.processInfo.environment["FUZZ_DUMP"] {
                try? text.write(toFile: dump + ".1", atomically: false, encoding: .utf8)
                try? again.json.serialised().write(toFile: dump + ".2", atomically: false, encoding: .utf8)
            }
            fatalError("finding: a saved model loads back different in \(differing) (its text \(sameText ? "the same" : "differs"))")
        }
    } catch {
        fatalError("finding: a saved model does not load back: \(error)")
    }
    return 0
}
