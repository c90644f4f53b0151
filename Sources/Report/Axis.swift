/// The plotting rectangle inside a chart's margins, in pixels.
struct PlotArea: Sendable, Equatable {
    var left: Double
    var top: Double
    var width: Double
    var height: Double

    var right: Double { left + width }
    var bottom: Double { top + height }

    /// Approximate rendered width of `text` at the charts' 12 px sans-serif (for margins).
    static func textWidth(_ text: String, size: Double = 12) -> Double { Double(text.count) * size * 0.56 }
}

/// Axis rendering: a baseline, tick marks with labels, light grid lines across the plot, and the
/// axis title with its unit.
enum Axis {
    struct Tick: Equatable {
        var position: Double
        var label: String
    }

    static func ticks(_ scale: LinearScale, count: Int = 6) -> [Tick] {
        scale.ticks(count: count).map { Tick(position: scale($0), label: scale.tickLabel($0, count: count)) }
    }

    static func ticks(_ scale: LogScale, maximum: Int = 8) -> [Tick] {
        scale.ticks(maximum: maximum).map { Tick(position: scale($0), label: scale.tickLabel($0)) }
    }

    /// A horizontal axis along the plot's bottom edge.
    static func bottom(_ svg: inout SVGDocument, _ ticks: [Tick], plot: PlotArea, title: String, grid: Bool = true) {
        for tick in ticks {
            if grid { svg.line(x1: tick.position, y1: plot.top, x2: tick.position, y2: plot.bottom, class: "grid") }
            svg.line(x1: tick.position, y1: plot.bottom, x2: tick.position, y2: plot.bottom + 5, class: "axis")
            svg.text(tick.label, x: tick.position, y: plot.bottom + 18, anchor: .middle, class: "tick")
        }
        svg.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, class: "axis")
        svg.text(title, x: plot.left + plot.width / 2, y: plot.bottom + 38, anchor: .middle, class: "axis-title")
    }

    /// A vertical axis along the plot's left edge; the title is rotated.
    static func left(_ svg: inout SVGDocument, _ ticks: [Tick], plot: PlotArea, title: String, grid: Bool = true) {
        for tick in ticks {
            if grid { svg.line(x1: plot.left, y1: tick.position, x2: plot.right, y2: tick.position, class: "grid") }
            svg.line(x1: plot.left - 5, y1: tick.position, x2: plot.left, y2: tick.position, class: "axis")
            svg.text(tick.label, x: plot.left - 8, y: tick.position + 4, anchor: .end, class: "tick")
        }
        svg.line(x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, class: "axis")
        let labelWidth = ticks.map { PlotArea.textWidth($0.label) }.max() ?? 0
        let x = plot.left - labelWidth - 22
        svg.text(title, x: x, y: plot.top + plot.height / 2, anchor: .middle, class: "axis-title", rotate: -90)
    }

    /// A legend row of coloured swatches at the top right of the plot.
    static func legend(_ svg: inout SVGDocument, _ entries: [(name: String, class: String)], x: Double, y: Double) {
        var cursor = x
        for entry in entries {
            svg.rect(x: cursor, y: y - 9, width: 12, height: 10, class: entry.class)
            svg.text(entry.name, x: cursor + 16, y: y, class: "legend")
            cursor += 16 + PlotArea.textWidth(entry.name) + 18
        }
    }
}
