import Foundation

/// A linear map from a data domain onto a pixel range: `scale(domain.lower) == range.start`,
/// `scale(domain.upper) == range.end` (the range may run backwards, as a y axis does).
///
/// Ticks are "nice" numbers: multiples of 1, 2 or 5 × 10^k, about `count` of them, inside the
/// domain (the step rule of d3-scale's `tickIncrement`).
struct LinearScale: Sendable, Equatable {
    var domain: ClosedRange<Double>
    var range: (start: Double, end: Double)

    /// A degenerate or non-finite domain becomes a usable one (a single value v → v−1…v+1).
    init(domain: ClosedRange<Double>, range: (start: Double, end: Double)) {
        var lower = domain.lowerBound.isFinite ? domain.lowerBound : 0
        var upper = domain.upperBound.isFinite ? domain.upperBound : lower + 1
        if upper < lower { swap(&lower, &upper) }
        if upper == lower {
            lower -= 1
            upper += 1
        }
        self.domain = lower...upper
        self.range = range
    }

    static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.domain == b.domain && a.range.start == b.range.start && a.range.end == b.range.end
    }

    func callAsFunction(_ value: Double) -> Double {
        let t = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        return range.start + t * (range.end - range.start)
    }

    /// The nice step for about `count` ticks over `span`: 1, 2 or 5 × 10^k.
    static func tickStep(span: Double, count: Int) -> Double {
        guard span > 0, span.isFinite, count > 0 else { return 1 }
        let raw = span / Double(count)
        let power = pow(10, floor(log10(raw)))
        let error = raw / power
        let factor: Double = error >= sqrt(50) ? 10 : error >= sqrt(10) ? 5 : error >= sqrt(2) ? 2 : 1
        return factor * power
    }

    /// Tick values: every multiple of the nice step inside the domain, ascending.
    func ticks(count: Int = 5) -> [Double] {
        let step = Self.tickStep(span: domain.upperBound - domain.lowerBound, count: count)
        let first = (domain.lowerBound / step).rounded(.up)
        let last = (domain.upperBound / step).rounded(.down)
        guard first <= last, last - first < 1_000 else { return [] }
        return stride(from: first, through: last, by: 1).map { Self.clean($0 * step) }
    }

    /// The same scale with its domain widened outwards to multiples of the tick step.
    func niced(count: Int = 5) -> LinearScale {
        let step = Self.tickStep(span: domain.upperBound - domain.lowerBound, count: count)
        let lower = Self.clean((domain.lowerBound / step).rounded(.down) * step)
        let upper = Self.clean((domain.upperBound / step).rounded(.up) * step)
        return LinearScale(domain: lower...upper, range: range)
    }

    /// Tick labels with as many decimals as the step needs (`0.5` → 1 decimal, `20` → none).
    func tickLabel(_ value: Double, count: Int = 5) -> String {
        let step = Self.tickStep(span: domain.upperBound - domain.lowerBound, count: count)
        let decimals = max(0, Int(-floor(log10(step))))
        return SVGFormat.number(value, decimals: decimals)
    }

    /// Removes float fuzz from a multiple of a step (0.30000000000000004 → 0.3).
    static func clean(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value == 0 ? 0 : value }
        let digits = 12 - Int(floor(log10(abs(value))))
        let factor = pow(10, Double(max(min(digits, 300), -300)))
        return (value * factor).rounded() / factor
    }
}

/// A base-10 logarithmic map from a positive domain onto a pixel range. Values at or below zero
/// are drawn at the domain's lower end (a change of exactly 0 still gets a point).
///
/// Ticks are the powers of ten inside the domain; when fewer than two fit, 2× and 5× are added.
struct LogScale: Sendable, Equatable {
    var domain: ClosedRange<Double>
    var range: (start: Double, end: Double)

    /// The domain is made positive and finite (lower bound at least 1e-300) and non-degenerate.
    init(domain: ClosedRange<Double>, range: (start: Double, end: Double)) {
        var lower = domain.lowerBound.isFinite && domain.lowerBound > 0 ? domain.lowerBound : 1e-300
        var upper = domain.upperBound.isFinite && domain.upperBound > 0 ? domain.upperBound : max(lower * 10, 1)
        if upper < lower { swap(&lower, &upper) }
        if upper == lower {
            lower /= 10
            upper *= 10
        }
        self.domain = max(lower, 1e-300)...upper
        self.range = range
    }

    static func == (a: LogScale, b: LogScale) -> Bool {
        a.domain == b.domain && a.range.start == b.range.start && a.range.end == b.range.end
    }

    func callAsFunction(_ value: Double) -> Double {
        let clamped = value.isFinite && value > 0 ? max(value, domain.lowerBound) : domain.lowerBound
        let lower = log10(domain.lowerBound)
        let t = (log10(clamped) - lower) / (log10(domain.upperBound) - lower)
        return range.start + t * (range.end - range.start)
    }

    /// Powers of ten within the domain (plus 2× and 5× when the domain spans less than a decade),
    /// thinned to at most `maximum` by keeping every n-th power.
    func ticks(maximum: Int = 8) -> [Double] {
        let first = Int(ceil(log10(domain.lowerBound) - 1e-9))
        let last = Int(floor(log10(domain.upperBound) + 1e-9))
        var ticks: [Double] = []
        if first <= last {
            let every = max(1, Int(ceil(Double(last - first + 1) / Double(max(maximum, 1)))))
            ticks = stride(from: first, through: last, by: every).map { pow(10, Double($0)) }
        }
        if ticks.count < 2 {
            for exponent in (first - 1)...(last + 1) {
                for factor in [1.0, 2.0, 5.0] {
                    let value = LinearScale.clean(factor * pow(10, Double(exponent)))
                    if domain.contains(value), !ticks.contains(value) { ticks.append(value) }
                }
            }
            ticks.sort()
        }
        return ticks
    }

    /// The same scale with its domain widened outwards to powers of ten.
    func niced() -> LogScale {
        LogScale(domain: pow(10, floor(log10(domain.lowerBound)))...pow(10, ceil(log10(domain.upperBound))), range: range)
    }

    /// `0.001`, `1`, `100` written plainly; smaller or larger as `10⁻⁶`, `2×10⁵`.
    func tickLabel(_ value: Double) -> String { SVGFormat.power(value) }
}
