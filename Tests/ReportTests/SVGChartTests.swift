import Foundation
import Testing
@testable import Report

/// Numbers read back from rendered SVG elements.
func attributes(_ element: String) throws -> [String: Double] {
    var result: [String: Double] = [:]
    let pattern = try NSRegularExpression(pattern: #"([a-z0-9]+)="(-?[0-9.]+)""#)
    let range = NSRange(element.startIndex..., in: element)
    for match in pattern.matches(in: element, range: range) {
        let name = try #require(Range(match.range(at: 1), in: element))
        let value = try #require(Range(match.range(at: 2), in: element))
        result[String(element[name])] = try #require(Double(element[value]))
    }
    return result
}

/// The number in attribute `name` of `element`; fails the test when it is not there.
func number(_ name: String, _ element: [String: Double]) throws -> Double {
    try #require(element[name], "attribute \(name)")
}

@Suite struct SVGChartTests {
    @Test func barsStartAtZeroAndAreAsLongAsTheirValue() throws {
        let svg = Charts.horizontalBars(
            id: "w", title: "weights", rows: [.init(label: "a", values: [10]), .init(label: "b", values: [-5])],
            series: [.init(name: "w", cls: "signed")], axisTitle: "bits")
        let bars = svg.elements.filter { $0.hasPrefix("<rect") }
        try #require(bars.count == 2)
        let positive = try attributes(bars[0])
        let negative = try attributes(bars[1])
        #expect(bars[0].contains(#"class="pos""#))
        #expect(bars[1].contains(#"class="neg""#))
        // Both bars touch the zero line; the positive one is twice as long as the negative one.
        let zero = try number("x", positive)
        #expect(abs(try number("x", negative) + number("width", negative) - zero) < 0.02)
        #expect(abs(try number("width", positive) - 2 * number("width", negative)) < 0.02)
    }

    @Test func histogramBinsAreAlignedToTheWidth() throws {
        let bins = Charts.bins([0.2, 0.9, 1.0, 2.5, -0.5, .nan], width: 1)
        #expect(bins == [
            .init(lower: -1, upper: 0, count: 1), .init(lower: 0, upper: 1, count: 2),
            .init(lower: 1, upper: 2, count: 1), .init(lower: 2, upper: 3, count: 1),
        ])
        #expect(Charts.bins([], width: 1).isEmpty)
        let svg = Charts.histogram(id: "h", title: "h", bins: bins, markers: [(1, "rank 1"), (1, "rank 2"), (-6, "review")],
                                   xTitle: "bits", yTitle: "records")
        let rects = try svg.elements.filter { $0.hasPrefix("<rect") }.map(attributes)
        try #require(rects.count == 4)
        // The bin with 2 records is twice as tall as a bin with 1.
        #expect(abs(try number("height", rects[1]) - 2 * number("height", rects[0])) < 0.02)
        // Markers at the same value share one label.
        #expect(svg.elements.contains { $0.contains("rank 1, rank 2 ≥ 1.00") })
        #expect(svg.elements.contains { $0.contains("review ≥ −6.00") })
    }

    @Test func waterfallStepsRunFromThePriorToTheTotal() {
        let steps = Charts.waterfallSteps(prior: ("prior", -14), partials: [("a", 10), ("b", -3), ("c", 12)], totalLabel: "total")
        #expect(steps == [
            .init(label: "prior", start: 0, end: -14), .init(label: "a", start: -14, end: -4),
            .init(label: "b", start: -4, end: -7), .init(label: "c", start: -7, end: 5), .init(label: "total", start: 0, end: 5),
        ])
        let svg = Charts.waterfall(id: "r", title: "r", steps: steps, axisTitle: "bits")
        #expect(svg.elements.filter { $0.hasPrefix("<rect") }.count == 5)
    }

    @Test func stackedBarsFillTheAxis() throws {
        let svg = Charts.stacked(id: "s", title: "s", rows: [("x", [("present", 75), ("blank", 25)])], axisTitle: "%",
                                 classes: ["present": "present", "blank": "blank"])
        let rects = try svg.elements.filter { $0.hasPrefix("<rect") && $0.contains("<title>") }.map(attributes)
        try #require(rects.count == 2)
        // 75 and 25 of 100: the first segment is three times as wide and the second starts where it ends.
        #expect(abs(try number("width", rects[0]) - 3 * number("width", rects[1])) < 0.03)
        #expect(abs(try number("x", rects[0]) + number("width", rects[0]) - number("x", rects[1])) < 0.02)
    }

    @Test func logLinesDrawZeroChangesAtTheAxisFloor() throws {
        let svg = Charts.lines(id: "c", title: "c", series: [("s", [(1, 0.5), (2, 1e-4), (3, 0)])], xTitle: "iteration",
                               yTitle: "change", yScale: .log, references: [(1e-6, "tolerance")])
        let path = try #require(svg.elements.first { $0.hasPrefix("<path") })
        #expect(path.hasPrefix(#"<path d="M"#))
        #expect(!path.contains("nan") && !path.contains("inf"))
        #expect(path.components(separatedBy: "L").count == 3)
    }
}
