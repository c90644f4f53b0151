import Foundation
import LinkIO

/// What a progress line shows: the command, the stage running (inside the stages before it), the
/// time it has taken, and the work it has done of its total when it counts any.
struct ProgressState: Sendable, Equatable {
    struct Work: Sendable, Equatable {
        var done: Int
        var total: Int
        var unit: WorkUnit
    }

    var command: String
    /// Stage names, outermost first.
    var path: [String]
    var seconds: Double
    var work: Work?
}

/// The text of progress lines: pure functions of a `ProgressState`, so that each is table-tested.
///
/// - terminal: `linkfit fit: read HES / parse, standardise  2.10/6.20 GB  33%  410 MB/s  10 s left`
///   (a stage that counts nothing: its time so far, `linkfit fit: fit / index  12 s`), narrowed to
///   the terminal's width so that it never wraps.
/// - plain, when a stage ends: `linkfit fit: read HES / parse, standardise 3.10 s, 6.20 GB at 2.00 GB/s`.
/// - done: `linkfit fit: done in 63.2 s`.
enum ProgressLine {
    /// Rate and time left are shown once a stage has run this long (earlier figures mislead).
    static let settleSeconds = 0.5

    static func terminal(_ state: ProgressState, width: Int) -> String {
        let limit = max(20, width - 1)  // the last column would wrap on some terminals
        var figures: [String]
        if let work = state.work, work.total > 0 {
            let done = min(work.done, work.total)
            figures = [pair(done, work.total, work.unit), "\(done * 100 / work.total)%"]
            if done > 0, done < work.total, state.seconds >= settleSeconds {
                let rate = Double(done) / state.seconds
                figures += [self.rate(rate, work.unit), duration(Double(work.total - done) / rate, roundingUp: true) + " left"]
            }
        } else {
            figures = [duration(state.seconds, roundingUp: false)]
        }
        let tail = "  " + figures.joined(separator: "  ")
        let path = state.path.joined(separator: " / ")
        // Narrower forms in turn: without `linkfit `, then the running stage alone, then cut.
        let forms = ["linkfit \(state.command): " + path + tail, "\(state.command): " + path + tail,
                     "\(state.command): " + (state.path.last ?? "") + tail]
        return forms.first { $0.count <= limit } ?? String(forms[forms.count - 1].prefix(limit))
    }

    static func plain(command: String, path: [String], seconds: Double, work: ProgressState.Work?) -> String {
        var line = "linkfit \(command): " + path.joined(separator: " / ") + " " + String(format: "%.2f s", seconds)
        if let work {
            line += ", " + exact(work.done, work.unit)
            if seconds >= 0.01, work.done > 0 { line += " at " + rate(Double(work.done) / seconds, work.unit) }
        }
        return line
    }

    static func done(command: String, seconds: Double) -> String {
        "linkfit \(command): done in " + String(format: "%.1f s", seconds)
    }

    // MARK: Numbers

    /// The divisor and suffix that show `value` of `unit` in at most four digits: B, kB, MB, GB for
    /// bytes (decimal, as disks are sold); exact below 10,000 items, then k, then M.
    static func scale(_ value: Double, _ unit: WorkUnit) -> (divisor: Double, suffix: String) {
        switch unit {
        case .bytes:
            if value < 1e3 { return (1, " B") }
            if value < 1e6 { return (1e3, " kB") }
            if value < 1e9 { return (1e6, " MB") }
            return (1e9, " GB")
        case .items:
            if value < 1e4 { return (1, "") }
            if value < 1e6 { return (1e3, "k") }
            return (1e6, "M")
        }
    }

    /// `value / divisor` with three significant figures (whole numbers when not divided).
    static func figures(_ value: Double, divisor: Double, like reference: Double) -> String {
        if divisor == 1 { return String(Int(value.rounded(.down))) }
        let shown = reference / divisor
        let decimals = shown < 10 ? 2 : shown < 100 ? 1 : 0
        return String(format: "%.\(decimals)f", value / divisor)
    }

    /// `2.10/6.20 GB`, `1.23M/4.00M records`, `3/12 sessions`: both in the total's scale.
    static func pair(_ done: Int, _ total: Int, _ unit: WorkUnit) -> String {
        let (divisor, suffix) = scale(Double(total), unit)
        let a = figures(Double(done), divisor: divisor, like: Double(total))
        let b = figures(Double(total), divisor: divisor, like: Double(total))
        switch unit {
        case .bytes: return "\(a)/\(b)\(suffix)"
        case .items(let noun): return "\(a)\(suffix)/\(b)\(suffix) \(noun)"
        }
    }

    /// `410 MB/s`, `325k records/s`, `12.5 sessions/s`.
    static func rate(_ perSecond: Double, _ unit: WorkUnit) -> String {
        let (divisor, suffix) = scale(perSecond, unit)
        let text = divisor == 1 && perSecond < 10
            ? String(format: "%.1f", perSecond) : figures(perSecond, divisor: divisor, like: perSecond)
        switch unit {
        case .bytes: return "\(text)\(suffix)/s"
        case .items(let noun): return "\(text)\(suffix) \(noun)/s"
        }
    }

    /// Plain lines: items exactly (`4000000 records`), bytes scaled (`6.20 GB`).
    static func exact(_ amount: Int, _ unit: WorkUnit) -> String {
        switch unit {
        case .bytes:
            let (divisor, suffix) = scale(Double(amount), unit)
            return figures(Double(amount), divisor: divisor, like: Double(amount)) + suffix
        case .items(let noun): return "\(amount) \(noun)"
        }
    }

    /// `42 s`, `3 min 05 s`, `1 h 02 min`; time left rounds up (a stage never shows `0 s left`).
    static func duration(_ seconds: Double, roundingUp: Bool) -> String {
        let bounded = min(max(seconds, 0), 359_999)  // 99 h 59 min: an estimate never overflows
        let whole = Int(roundingUp ? bounded.rounded(.up) : bounded.rounded(.down))
        let shown = roundingUp ? max(1, whole) : whole
        if shown < 60 { return "\(shown) s" }
        if shown < 3600 { return "\(shown / 60) min " + String(format: "%02d s", shown % 60) }
        return "\(shown / 3600) h " + String(format: "%02d min", shown % 3600 / 60)
    }
}
