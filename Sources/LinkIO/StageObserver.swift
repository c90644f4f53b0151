/// Told when each stage of a `StageLog` starts and ends, as it happens: a progress display on
/// stderr (`linkfit`'s `ProgressReporter`). Called on the thread that runs the stage, outside the
/// log's lock; an observer must be quick and must not time stages of its own.
public protocol StageObserver: Sendable {
    /// The stage `path.last` started, inside the stages before it in `path` (outermost first).
    /// `counter` is the work it counts, when it counts any.
    func stageStarted(_ path: [String], counter: WorkCounter?)

    /// The stage `path.last` ended after `seconds`; `failed` when its body threw.
    func stageEnded(_ path: [String], seconds: Double, counter: WorkCounter?, failed: Bool)

    /// The command's stages are over (`StageLog.finish`): `succeeded` false when it stops on an error.
    func finished(succeeded: Bool, seconds: Double)
}
