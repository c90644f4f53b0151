import Foundation

/// Chart builders: each turns plain numbers into an `SVGDocument` with axes, tick labels, a title
/// and units. Layout is fixed-width (`width` px); heights grow with the number of rows.
enum Charts {
    static let width: Double = 880

    // MARK: Horizontal bars from zero

    struct BarRow {
        var label: String
        var values: [Double]
        /// Text at the end of each bar (defaults to the value).
        var valueLabels: [String]? = nil
        /// A heavier rule above the row (a new group starts).
        var groupStart = false
    }

    struct Series {
        var name: String
        /// CSS class; `signed` colours positive and negative bars differently.
        var cls: String
    }

    /// Horizontal bars from 0 (one bar per series per row): the shape of Splink's match weights
    /// chart. With a series class of `signed`, bars are coloured `pos` or `neg` by sign.
    static func horizontalBars(id: String, title: String, rows: [BarRow], series: [Series], axisTitle: String,
                               decimals: Int = 2, barHeight: Double = 16, reference: (value: Double, label: String)? = nil) -> SVGDocument {
        let labelWidth = (rows.map { PlotArea.textWidth($0.label) }.max() ?? 0) + 16
        let rowHeight = barHeight * Double(max(series.count, 1)) + 8
        let legendSpace: Double = series.count > 1 ? 20 : 0
        let plot = PlotArea(left: labelWidth, top: 12 + legendSpace, width: width - labelWidth - 70, height: rowHeight * Double(max(rows.count, 1)))
        var svg = SVGDocument(id: id, title: title, width: width, height: plot.bottom + 48)
        let values = (rows.flatMap(\.values) + [reference?.value].compactMap { $0 }).filter(\.isFinite)
        let scale = LinearScale(domain: min(0, values.min() ?? 0)...max(0, values.max() ?? 1),
                                range: (plot.left, plot.right)).niced(count: 8)
        Axis.bottom(&svg, Axis.ticks(scale, count: 8), plot: plot, title: axisTitle)
        if series.count > 1 { Axis.legend(&svg, series.map { ($0.name, $0.cls) }, x: plot.left, y: 12) }
        for (r, row) in rows.enumerated() {
            let top = plot.top + Double(r) * rowHeight + 4
            if row.groupStart, r > 0 { svg.line(x1: 4, y1: top - 4, x2: plot.right, y2: top - 4, class: "group") }
            svg.text(row.label, x: labelWidth - 8, y: top + rowHeight / 2, anchor: .end, class: "label")
            for (s, value) in row.values.enumerated() where s < series.count && value.isFinite {
                let y = top + Double(s) * barHeight
                let cls = series[s].cls == "signed" ? (value >= 0 ? "pos" : "neg") : series[s].cls
                let text = row.valueLabels?[s] ?? SVGFormat.number(value, decimals: decimals)
                svg.rect(x: scale(0), y: y, width: scale(value) - scale(0), height: barHeight - 2, class: cls,
                         tooltip: "\(row.label): \(text)")
                // The value goes just beyond the bar's end, or inside it when there is no room outside.
                let room = value >= 0 ? plot.right + 66 - scale(value) : scale(value) - plot.left
                if PlotArea.textWidth(text, size: 11) + 6 <= room {
                    let outside = value >= 0 ? scale(value) + 4 : scale(value) - 4
                    svg.text(text, x: outside, y: y + barHeight - 5, anchor: value >= 0 ? .start : .end, class: "value")
                } else {
                    let inside = value >= 0 ? scale(value) - 4 : scale(value) + 4
                    svg.text(text, x: inside, y: y + barHeight - 5, anchor: value >= 0 ? .end : .start, class: "value inside")
                }
            }
        }
        svg.line(x1: scale(0), y1: plot.top, x2: scale(0), y2: plot.bottom, class: "zero")
        if let reference, reference.value.isFinite {
            // A labelled vertical line (a total to compare the rows with), its label below the plot.
            svg.line(x1: scale(reference.value), y1: plot.top - 4, x2: scale(reference.value), y2: plot.bottom, class: "reference")
            svg.text(reference.label, x: scale(reference.value) + 3, y: plot.top - 2, class: "marker-label")
        }
        return svg
    }

    // MARK: Dots on a log axis

    /// One row per label, one dot per series, on a log axis (m and u side by side).
    static func logDots(id: String, title: String, rows: [(label: String, values: [Double])], series: [Series],
                        axisTitle: String) -> SVGDocument {
        let labelWidth = (rows.map { PlotArea.textWidth($0.label) }.max() ?? 0) + 16
        let rowHeight: Double = 20
        let plot = PlotArea(left: labelWidth, top: 32, width: width - labelWidth - 30, height: rowHeight * Double(max(rows.count, 1)))
        var svg = SVGDocument(id: id, title: title, width: width, height: plot.bottom + 48)
        let positive = rows.flatMap(\.values).filter { $0.isFinite && $0 > 0 }
        let scale = LogScale(domain: (positive.min() ?? 1e-6)...max(positive.max() ?? 1, 1), range: (plot.left, plot.right)).niced()
        Axis.bottom(&svg, Axis.ticks(scale, maximum: 12), plot: plot, title: axisTitle)
        Axis.legend(&svg, series.map { ($0.name, $0.cls) }, x: plot.left, y: 14)
        for (r, row) in rows.enumerated() {
            let y = plot.top + (Double(r) + 0.5) * rowHeight
            svg.text(row.label, x: labelWidth - 8, y: y + 4, anchor: .end, class: "label")
            let xs = row.values.map { scale($0) }
            if let low = xs.min(), let high = xs.max() { svg.line(x1: low, y1: y, x2: high, y2: y, class: "connector") }
            for (s, value) in row.values.enumerated() where s < series.count {
                svg.circle(x: scale(value), y: y, radius: 5, class: series[s].cls,
                           tooltip: "\(row.label): \(series[s].name) = \(String(format: "%.4g", value))")
            }
        }
        return svg
    }

    // MARK: Lines

    enum YScale {
        case linear
        case log
    }

    /// Lines over iterations (x linear), y linear or log; optional horizontal reference lines.
    static func lines(id: String, title: String, series: [(name: String, points: [(x: Double, y: Double)])],
                      xTitle: String, yTitle: String, yScale: YScale, references: [(value: Double, label: String)] = [],
                      height: Double = 300) -> SVGDocument {
        let plot = PlotArea(left: 90, top: 34, width: width - 90 - (references.isEmpty ? 30 : 90), height: height - 34 - 50)
        var svg = SVGDocument(id: id, title: title, width: width, height: height)
        let xs = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        let x = LinearScale(domain: (xs.min() ?? 0)...(xs.max() ?? 1), range: (plot.left, plot.right)).niced(count: 8)
        Axis.bottom(&svg, Axis.ticks(x, count: 8), plot: plot, title: xTitle)
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite) + references.map(\.value)
        let project: (Double) -> Double
        switch yScale {
        case .linear:
            let y = LinearScale(domain: (ys.min() ?? 0)...(ys.max() ?? 1), range: (plot.bottom, plot.top)).niced(count: 5)
            Axis.left(&svg, Axis.ticks(y, count: 5), plot: plot, title: yTitle)
            project = { y($0) }
        case .log:
            let positive = ys.filter { $0 > 0 }
            let y = LogScale(domain: (positive.min() ?? 1e-9)...(positive.max() ?? 1), range: (plot.bottom, plot.top)).niced()
            Axis.left(&svg, Axis.ticks(y, maximum: 8), plot: plot, title: yTitle)
            project = { y($0) }
        }
        for reference in references {
            let y = project(reference.value)
            svg.line(x1: plot.left, y1: y, x2: plot.right, y2: y, class: "reference")
            svg.text(reference.label, x: plot.right + 6, y: y + 4, class: "marker-label")
        }
        for (s, line) in series.enumerated() {
            let cls = "series\(s % 6)"
            let points = line.points.map { (x: x($0.x), y: project($0.y)) }
            svg.polyline(points, class: "line \(cls)")
            for point in points where line.points.count <= 40 { svg.circle(x: point.x, y: point.y, radius: 2.5, class: cls) }
        }
        Axis.legend(&svg, series.enumerated().map { ($0.element.name, "series\($0.offset % 6)") }, x: plot.left, y: 16)
        return svg
    }

    // MARK: Histogram

    struct Bin: Equatable {
        var lower: Double
        var upper: Double
        var count: Int
    }

    /// Counts of `values` in bins of `width` aligned to multiples of `width`: [k·w, (k+1)·w).
    /// Non-finite values are ignored.
    ///
    /// - Complexity: O(n + bins).
    static func bins(_ values: [Double], width: Double) -> [Bin] {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), width > 0 else { return [] }
        let first = Int((low / width).rounded(.down))
        let last = Int((high / width).rounded(.down))
        var counts = [Int](repeating: 0, count: last - first + 1)
        for value in finite { counts[Int((value / width).rounded(.down)) - first] += 1 }
        return counts.indices.map { Bin(lower: Double(first + $0) * width, upper: Double(first + $0 + 1) * width, count: counts[$0]) }
    }

    /// A histogram with labelled vertical marker lines (thresholds); markers at the same value share
    /// one line and one label, and labels are staggered so they do not overlap.
    static func histogram(id: String, title: String, bins: [Bin], markers: [(value: Double, label: String)],
                          xTitle: String, yTitle: String, cls: String = "bar", height: Double = 260) -> SVGDocument {
        var grouped: [(value: Double, labels: [String])] = []
        for marker in markers.sorted(by: { $0.value < $1.value }) where marker.value.isFinite {
            if let last = grouped.last, abs(last.value - marker.value) < 1e-9 {
                grouped[grouped.count - 1].labels.append(marker.label)
            } else {
                grouped.append((marker.value, [marker.label]))
            }
        }
        // Marker labels: each on the lowest row where it does not overlap a label already there.
        let plotLeft: Double = 80
        let plotWidth = width - 110
        let xPreview = LinearScale(
            domain: ((bins.map(\.lower) + grouped.map(\.value)).min() ?? 0)...((bins.map(\.upper) + grouped.map(\.value)).max() ?? 1),
            range: (plotLeft, plotLeft + plotWidth)).niced(count: 10)
        var rowEnds: [Double] = []
        var labelRow: [Int] = []
        var labelAnchor: [SVGDocument.Anchor] = []
        for group in grouped {
            let text = group.labels.joined(separator: ", ") + " ≥ " + SVGFormat.number(group.value, decimals: 2)
            let position = xPreview(group.value)
            let textWidth = PlotArea.textWidth(text, size: 11) + 8
            let anchor: SVGDocument.Anchor = position + textWidth > plotLeft + plotWidth + 20 ? .end : .start
            let start = anchor == .start ? position : position - textWidth
            let row = rowEnds.firstIndex { $0 <= start } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(0) }
            rowEnds[row] = anchor == .start ? position + textWidth : position + 2
            labelRow.append(row)
            labelAnchor.append(anchor)
        }
        let labelRows = grouped.isEmpty ? 0 : max(rowEnds.count, 1)
        let plot = PlotArea(left: plotLeft, top: 20 + Double(labelRows) * 15, width: plotWidth, height: height)
        var svg = SVGDocument(id: id, title: title, width: width, height: plot.bottom + 50)
        let lows = bins.map(\.lower) + grouped.map(\.value)
        let highs = bins.map(\.upper) + grouped.map(\.value)
        let x = LinearScale(domain: (lows.min() ?? 0)...(highs.max() ?? 1), range: (plot.left, plot.right)).niced(count: 10)
        let y = LinearScale(domain: 0...Double(max(bins.map(\.count).max() ?? 1, 1)), range: (plot.bottom, plot.top)).niced(count: 5)
        Axis.bottom(&svg, Axis.ticks(x, count: 10), plot: plot, title: xTitle, grid: false)
        Axis.left(&svg, Axis.ticks(y, count: 5), plot: plot, title: yTitle)
        for bin in bins where bin.count > 0 {
            svg.rect(x: x(bin.lower) + 0.5, y: y(Double(bin.count)), width: max(x(bin.upper) - x(bin.lower) - 1, 0.5),
                     height: y(0) - y(Double(bin.count)), class: cls,
                     tooltip: "\(SVGFormat.number(bin.lower, decimals: 1)) to \(SVGFormat.number(bin.upper, decimals: 1)) bits: \(bin.count)")
        }
        for (index, group) in grouped.enumerated() {
            let position = x(group.value)
            let labelY = plot.top - 6 - Double(labelRow[index]) * 15
            svg.line(x1: position, y1: labelY + 3, x2: position, y2: plot.bottom, class: "marker")
            let text = group.labels.joined(separator: ", ") + " ≥ " + SVGFormat.number(group.value, decimals: 2)
            let anchor = labelAnchor[index]
            svg.text(text, x: position + (anchor == .start ? 3 : -3), y: labelY, anchor: anchor, class: "marker-label")
        }
        return svg
    }

    // MARK: Columns

    /// Vertical bars, one per category, with the count above each.
    static func columns(id: String, title: String, bars: [(label: String, value: Double, cls: String)],
                        xTitle: String, yTitle: String) -> SVGDocument {
        let plot = PlotArea(left: 80, top: 24, width: width - 110, height: 240)
        var svg = SVGDocument(id: id, title: title, width: width, height: plot.bottom + 54)
        let y = LinearScale(domain: 0...max(bars.map(\.value).max() ?? 1, 1), range: (plot.bottom, plot.top)).niced(count: 5)
        Axis.left(&svg, Axis.ticks(y, count: 5), plot: plot, title: yTitle)
        let band = plot.width / Double(max(bars.count, 1))
        for (index, bar) in bars.enumerated() {
            let left = plot.left + Double(index) * band + band * 0.15
            svg.rect(x: left, y: y(bar.value), width: band * 0.7, height: y(0) - y(bar.value), class: bar.cls,
                     tooltip: "\(bar.label): \(SVGFormat.count(Int(bar.value)))")
            svg.text(SVGFormat.count(Int(bar.value)), x: left + band * 0.35, y: y(bar.value) - 4, anchor: .middle, class: "value")
            svg.text(bar.label, x: left + band * 0.35, y: plot.bottom + 18, anchor: .middle, class: "tick")
        }
        svg.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, class: "axis")
        svg.text(xTitle, x: plot.left + plot.width / 2, y: plot.bottom + 40, anchor: .middle, class: "axis-title")
        return svg
    }

    // MARK: Waterfall

    struct WaterfallStep: Equatable {
        var label: String
        var start: Double
        var end: Double
    }

    /// The running total: the prior, then each partial weight added in turn, then the total bar
    /// from 0.
    static func waterfallSteps(prior: (label: String, value: Double), partials: [(label: String, value: Double)],
                               totalLabel: String) -> [WaterfallStep] {
        var steps = [WaterfallStep(label: prior.label, start: 0, end: prior.value)]
        var running = prior.value
        for partial in partials {
            steps.append(WaterfallStep(label: partial.label, start: running, end: running + partial.value))
            running += partial.value
        }
        steps.append(WaterfallStep(label: totalLabel, start: 0, end: running))
        return steps
    }

    /// A horizontal waterfall: one row per step, a bar from the running total before the step to
    /// after it (positive and negative coloured), the last row the total from 0.
    static func waterfall(id: String, title: String, steps: [WaterfallStep], axisTitle: String,
                          markers: [(value: Double, label: String)] = []) -> SVGDocument {
        let labelWidth = (steps.map { PlotArea.textWidth($0.label) }.max() ?? 0) + 16
        let rowHeight: Double = 20
        let plot = PlotArea(left: labelWidth, top: 10, width: width - labelWidth - 70, height: rowHeight * Double(max(steps.count, 1)))
        var svg = SVGDocument(id: id, title: title, width: width, height: plot.bottom + 48)
        let ends = steps.flatMap { [$0.start, $0.end] } + markers.map(\.value)
        let x = LinearScale(domain: min(0, ends.min() ?? 0)...max(0, ends.max() ?? 1), range: (plot.left, plot.right)).niced(count: 8)
        Axis.bottom(&svg, Axis.ticks(x, count: 8), plot: plot, title: axisTitle)
        for marker in markers {
            svg.line(x1: x(marker.value), y1: plot.top, x2: x(marker.value), y2: plot.bottom, class: "marker")
        }
        for (index, step) in steps.enumerated() {
            let top = plot.top + Double(index) * rowHeight + 3
            let delta = step.end - step.start
            let isTotal = index == steps.count - 1
            let cls = isTotal ? "total" : index == 0 ? "prior" : delta >= 0 ? "pos" : "neg"
            svg.text(step.label, x: labelWidth - 8, y: top + 12, anchor: .end, class: isTotal ? "label strong" : "label")
            svg.rect(x: x(step.start), y: top, width: max(abs(x(step.end) - x(step.start)), 1) * (delta >= 0 ? 1 : -1),
                     height: rowHeight - 6, class: cls, tooltip: "\(step.label): \(SVGFormat.signed(delta))")
            if index > 0, !isTotal {
                svg.line(x1: x(step.start), y1: top - 6, x2: x(step.start), y2: top, class: "connector")
            }
            let text = isTotal || index == 0 ? SVGFormat.number(step.end, decimals: 2) : SVGFormat.signed(delta)
            let right = max(x(step.start), x(step.end))
            svg.text(text, x: right + 4, y: top + 12, class: "value")
        }
        svg.line(x1: x(0), y1: plot.top, x2: x(0), y2: plot.bottom, class: "zero")
        return svg
    }

    // MARK: Stacked bars

    /// Horizontal 100% stacked bars: each row's segments as shares of the row's total, coloured by
    /// segment name (one legend entry per name, in first-seen order).
    static func stacked(id: String, title: String, rows: [(label: String, segments: [(name: String, count: Int)])],
                        axisTitle: String, classes: [String: String]) -> SVGDocument {
        let labelWidth = (rows.map { PlotArea.textWidth($0.label) }.max() ?? 0) + 16
        let rowHeight: Double = 22
        var names: [String] = []
        for row in rows { for segment in row.segments where !names.contains(segment.name) { names.append(segment.name) } }
        let plot = PlotArea(left: labelWidth, top: 30, width: width - labelWidth - 30, height: rowHeight * Double(max(rows.count, 1)))
        var svg = SVGDocument(id: id, title: title, width: width, height: plot.bottom + 48)
        let x = LinearScale(domain: 0...100, range: (plot.left, plot.right))
        Axis.bottom(&svg, Axis.ticks(x, count: 10), plot: plot, title: axisTitle)
        Axis.legend(&svg, names.map { ($0, classes[$0] ?? "other") }, x: plot.left, y: 14)
        for (r, row) in rows.enumerated() {
            let top = plot.top + Double(r) * rowHeight + 3
            svg.text(row.label, x: labelWidth - 8, y: top + 13, anchor: .end, class: "label")
            let total = Double(max(row.segments.reduce(0) { $0 + $1.count }, 1))
            var running = 0.0
            for segment in row.segments where segment.count > 0 {
                let share = 100 * Double(segment.count) / total
                svg.rect(x: x(running), y: top, width: x(running + share) - x(running), height: rowHeight - 6,
                         class: classes[segment.name] ?? "other",
                         tooltip: "\(row.label): \(segment.name) \(SVGFormat.count(segment.count)) (\(SVGFormat.number(share, decimals: 1))%)")
                running += share
            }
        }
        return svg
    }
}
