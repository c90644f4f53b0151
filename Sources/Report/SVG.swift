import Foundation

/// XML text and attribute escaping: `&`, `<`, `>`, `"` and `'`; control characters other than tab,
/// newline and carriage return (not allowed in XML 1.0) are dropped.
enum XML {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// Number formatting for SVG coordinates and labels (POSIX, no locale).
enum SVGFormat {
    /// A coordinate: two decimals at most, trailing zeros dropped, never `-0`. Non-finite → `0`
    /// (builders skip non-finite shapes before they get here).
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A label with fixed decimals and a true minus sign (`−7.34`).
    static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var text = String(format: "%.\(max(decimals, 0))f", value)
        if text.hasPrefix("-") {
            text.removeFirst()
            if Double(text) != 0 { text = "−" + text }
        }
        return text
    }

    /// A signed label: `+14.35`, `−7.34`.
    static func signed(_ value: Double, decimals: Int = 2) -> String {
        value > 0 ? "+" + number(value, decimals: decimals) : number(value, decimals: decimals)
    }

    /// Thousands separated by a thin comma: `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [String] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(String(digits[start..<end]), at: 0)
            end = start
        }
        return (value < 0 ? "−" : "") + groups.joined(separator: ",")
    }

    private static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
    ]

    /// A positive value on a log axis: plain from 0.001 to 10,000, else `10⁻⁶` or `2×10⁻⁶`.
    static func power(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0" }
        if value >= 0.001, value <= 10_000 {
            var text = String(format: "%.3f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        }
        let exponent = Int(floor(log10(value) + 1e-9))
        let mantissa = (value / pow(10, Double(exponent)) * 10).rounded() / 10
        let power = "10" + String(String(exponent).compactMap { superscripts[$0] })
        return mantissa == 1 ? power : "\(SVGFormat.number(mantissa, decimals: mantissa == mantissa.rounded() ? 0 : 1))×\(power)"
    }
}

/// A small SVG document builder: shapes in pixel coordinates, classes for styling (the page's CSS
/// colours them, so print and screen share one palette). Shapes with a non-finite coordinate are
/// left out rather than written as NaN.
struct SVGDocument {
    var id: String
    var title: String
    var width: Double
    var height: Double
    private(set) var elements: [String] = []

    init(id: String, title: String, width: Double, height: Double) {
        self.id = id
        self.title = title
        self.width = width
        self.height = height
    }

    private static func finite(_ values: Double...) -> Bool { values.allSatisfy(\.isFinite) }
    private static func c(_ value: Double) -> String { SVGFormat.coordinate(value) }

    private static func attributes(_ cls: String?, _ extra: String) -> String {
        (cls.map { " class=\"\(XML.escape($0))\"" } ?? "") + (extra.isEmpty ? "" : " " + extra)
    }

    /// A rectangle; a negative width or height is flipped so the rectangle covers the same area.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, class cls: String? = nil, tooltip: String? = nil) {
        guard Self.finite(x, y, width, height) else { return }
        let left = min(x, x + width)
        let top = min(y, y + height)
        let body = "<rect x=\"\(Self.c(left))\" y=\"\(Self.c(top))\" width=\"\(Self.c(abs(width)))\" height=\"\(Self.c(abs(height)))\"\(Self.attributes(cls, ""))"
        if let tooltip {
            elements.append(body + "><title>\(XML.escape(tooltip))</title></rect>")
        } else {
            elements.append(body + "/>")
        }
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, class cls: String? = nil) {
        guard Self.finite(x1, y1, x2, y2) else { return }
        elements.append("<line x1=\"\(Self.c(x1))\" y1=\"\(Self.c(y1))\" x2=\"\(Self.c(x2))\" y2=\"\(Self.c(y2))\"\(Self.attributes(cls, ""))/>")
    }

    mutating func circle(x: Double, y: Double, radius: Double, class cls: String? = nil, tooltip: String? = nil) {
        guard Self.finite(x, y, radius) else { return }
        let body = "<circle cx=\"\(Self.c(x))\" cy=\"\(Self.c(y))\" r=\"\(Self.c(radius))\"\(Self.attributes(cls, ""))"
        elements.append(tooltip.map { body + "><title>\(XML.escape($0))</title></circle>" } ?? body + "/>")
    }

    /// A polyline through `points` (an SVG path of M and L commands); non-finite points are skipped.
    mutating func polyline(_ points: [(x: Double, y: Double)], class cls: String? = nil) {
        let usable = points.filter { Self.finite($0.x, $0.y) }
        guard !usable.isEmpty else { return }
        let d = usable.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(Self.c($0.element.x)),\(Self.c($0.element.y))" }.joined(separator: " ")
        elements.append("<path d=\"\(d)\"\(Self.attributes(cls, ""))/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ text: String, x: Double, y: Double, anchor: Anchor = .start, class cls: String? = nil, rotate: Double? = nil) {
        guard Self.finite(x, y) else { return }
        let transform = rotate.map { " transform=\"rotate(\(Self.c($0)) \(Self.c(x)) \(Self.c(y)))\"" } ?? ""
        elements.append("<text x=\"\(Self.c(x))\" y=\"\(Self.c(y))\" text-anchor=\"\(anchor.rawValue)\"\(transform)\(Self.attributes(cls, ""))>\(XML.escape(text))</text>")
    }

    /// The `<svg>` element: scales to its container's width, keeps its aspect ratio; titled for
    /// screen readers.
    var rendered: String {
        let titleID = "\(id)-title"
        return """
            <svg id="\(XML.escape(id))" class="chart" viewBox="0 0 \(Self.c(width)) \(Self.c(height))" width="\(Self.c(width))" height="\(Self.c(height))" role="img" aria-labelledby="\(XML.escape(titleID))" xmlns="http://www.w3.org/2000/svg">
            <title id="\(XML.escape(titleID))">\(XML.escape(title))</title>
            \(elements.joined(separator: "\n"))
            </svg>
            """
    }
}
