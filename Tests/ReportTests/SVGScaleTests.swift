import Foundation
import Testing
@testable import Report

@Suite struct SVGScaleTests {
    @Test func linearScaleMapsTheDomainEndsOntoTheRangeEnds() {
        let scale = LinearScale(domain: -15...15, range: (100, 700))
        #expect(scale(-15) == 100)
        #expect(scale(15) == 700)
        #expect(scale(0) == 400)
        #expect(scale(7.5) == 550)
        // A y axis runs backwards: larger values higher up.
        let y = LinearScale(domain: 0...200, range: (300, 20))
        #expect(y(0) == 300)
        #expect(y(200) == 20)
        #expect(y(100) == 160)
    }

    @Test(arguments: [
        (0.0, 1.0, 5, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (0.0, 100.0, 5, [0.0, 20, 40, 60, 80, 100]),
        (-14.33, 14.35, 20, [-14.0, -12, -10, -8, -6, -4, -2, 0, 2, 4, 6, 8, 10, 12, 14]),
        (-14.33, 14.35, 6, [-10.0, -5, 0, 5, 10]),
        (-14.33, 14.35, 8, [-10.0, -5, 0, 5, 10]),
        (0.92, 1.0, 5, [0.92, 0.94, 0.96, 0.98, 1.0]),
        (3.0, 3.0, 5, [2.0, 2.5, 3.0, 3.5, 4.0]),
    ])
    func linearTicksAreNiceNumbersInsideTheDomain(lower: Double, upper: Double, count: Int, ticks: [Double]) {
        #expect(LinearScale(domain: lower...upper, range: (0, 1)).ticks(count: count) == ticks)
    }

    @Test func nicedDomainWidensToWholeSteps() {
        let scale = LinearScale(domain: -14.33...14.35, range: (0, 100)).niced(count: 6)
        #expect(scale.domain == -15...15)
        #expect(scale(-15) == 0)
        #expect(LinearScale(domain: 0...3785, range: (0, 1)).niced(count: 5).domain == 0...4000)
    }

    @Test func degenerateAndNonFiniteDomainsStayUsable() {
        #expect(LinearScale(domain: 5...5, range: (0, 10)).domain == 4...6)
        #expect(LinearScale(domain: -.infinity...Double.infinity, range: (0, 10))(0).isFinite)
        #expect(LinearScale.tickStep(span: 0, count: 5) == 1)
    }

    @Test func logScaleMapsDecadesEvenly() {
        let scale = LogScale(domain: 1e-6...1, range: (0, 600))
        #expect(scale(1e-6) == 0)
        #expect(scale(1) == 600)
        #expect(abs(scale(1e-3) - 300) < 1e-9)
        // Zero and negatives sit at the lower end instead of -infinity.
        #expect(scale(0) == 0)
        #expect(scale(-1) == 0)
        #expect(scale.ticks() == [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1])
    }

    @Test func logTicksThinOutAndFillInShortDomains() {
        let wide = LogScale(domain: 1e-12...1, range: (0, 1)).ticks(maximum: 7)
        #expect(wide == [1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1])
        let short = LogScale(domain: 0.15...0.9, range: (0, 1)).ticks()
        #expect(short == [0.2, 0.5])
        #expect(LogScale(domain: 3e-7...0.4, range: (0, 1)).niced().domain == 1e-7...1)
    }

    @Test func tickLabels() {
        let scale = LinearScale(domain: 0...1, range: (0, 1))
        #expect(scale.tickLabel(0.2) == "0.2")
        #expect(LinearScale(domain: -20...20, range: (0, 1)).tickLabel(-10) == "−10")
        #expect(SVGFormat.power(1e-6) == "10⁻⁶")
        #expect(SVGFormat.power(2e5) == "2×10⁵")
        #expect(SVGFormat.power(0.01) == "0.01")
        #expect(SVGFormat.power(1) == "1")
        #expect(SVGFormat.count(1234567) == "1,234,567")
        #expect(SVGFormat.signed(1) == "+1.00")
        #expect(SVGFormat.signed(-7.342) == "−7.34")
        #expect(SVGFormat.number(-0.0001, decimals: 2) == "0.00")
        #expect(SVGFormat.coordinate(-0.001) == "0")
        #expect(SVGFormat.coordinate(12.5) == "12.5")
        #expect(SVGFormat.coordinate(.nan) == "0")
    }

    @Test func xmlEscaping() {
        #expect(XML.escape(#"a<b>&"c'"#) == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(XML.escape("λ ≥ 0\u{1}\n") == "λ ≥ 0\n")
        #expect(XML.escape("</svg><script>") == "&lt;/svg&gt;&lt;script&gt;")
    }

    @Test func shapesWithNonFiniteCoordinatesAreLeftOut() {
        var svg = SVGDocument(id: "x", title: "t", width: 10, height: 10)
        svg.rect(x: .nan, y: 0, width: 1, height: 1)
        svg.line(x1: 0, y1: .infinity, x2: 1, y2: 1)
        svg.rect(x: 5, y: 2, width: -3, height: 4, class: "neg")
        #expect(svg.elements == [#"<rect x="2" y="2" width="3" height="4" class="neg"/>"#])
    }
}
