import Foundation

/// A horizontal bar chart drawn by the server as inline SVG: readable without JavaScript, printable, each bar
/// with its `<title>` (the browser's tooltip, a screen reader's text) and, when it has one, a link to the leads
/// it counts.
///
/// Labels come from mail and configuration (sources, campaigns, tags, owners): every text is escaped here, since
/// the page puts the SVG in unescaped.
struct SVGChart {
    /// One stretch of a bar: a count of one series.
    struct Segment {
        var value: Double
        /// What the bar's tooltip says, e.g. "2026-12-21 · web-form: 3 leads".
        var title: String
        /// The leads list this stretch counts; nil when the list cannot show exactly them.
        var href: String?
        /// Which colour (series) it is drawn in.
        var series: Int
    }

    struct Bar {
        var label: String
        var segments: [Segment]
    }

    var title: String
    var bars: [Bar]
    /// The names of the series, for the legend; empty for a chart of one series.
    var legend: [String] = []

    static let width = 720.0
    static let labelWidth = 190.0
    static let barHeight = 18.0
    static let gap = 6.0
    /// Colours a colour-blind reader can tell apart (Okabe–Ito), in turn.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    var svg: String {
        let most = bars.map { $0.segments.map(\.value).reduce(0, +) }.max() ?? 0
        let scale = most > 0 ? (Self.width - Self.labelWidth - 60) / most : 0
        let legendHeight = legend.isEmpty ? 0.0 : 22.0
        let height = legendHeight + Double(bars.count) * (Self.barHeight + Self.gap) + Self.gap
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="\(Int(Self.width))" \
            height="\(Int(height))" viewBox="0 0 \(Int(Self.width)) \(Int(height))" \
            aria-label="\(Self.escaped(title))"><title>\(Self.escaped(title))</title>
            """
        var x = Self.labelWidth
        for (index, name) in legend.enumerated() {
            out += "<rect x=\"\(Self.number(x))\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(Self.colour(index))\"/>"
            out +=
                "<text x=\"\(Self.number(x + 16))\" y=\"14\" class=\"legend\">\(Self.escaped(Self.short(name)))</text>"
            x += 26 + Double(min(Self.short(name).count, 24)) * 7
        }
        for (row, bar) in bars.enumerated() {
            let y = legendHeight + Self.gap + Double(row) * (Self.barHeight + Self.gap)
            out += "<text x=\"\(Self.number(Self.labelWidth - 6))\" y=\"\(Self.number(y + 13))\" text-anchor=\"end\">"
            out += Self.escaped(Self.short(bar.label)) + "</text>"
            var left = Self.labelWidth
            for segment in bar.segments where segment.value > 0 {
                let width = max(1, segment.value * scale)
                var rect = "<rect x=\"\(Self.number(left))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\""
                rect += " height=\"\(Int(Self.barHeight))\" fill=\"\(Self.colour(segment.series))\">"
                rect += "<title>\(Self.escaped(segment.title))</title></rect>"
                if let href = segment.href {
                    out += "<a href=\"\(Self.escaped(href))\">\(rect)</a>"
                } else {
                    out += rect
                }
                left += width
            }
            let total = bar.segments.map(\.value).reduce(0, +)
            out += "<text x=\"\(Self.number(left + 4))\" y=\"\(Self.number(y + 13))\">\(Self.number(total))</text>"
        }
        return out + "</svg>"
    }

    static func colour(_ series: Int) -> String { palette[series % palette.count] }

    /// A label cut to what the label column holds.
    static func short(_ text: String) -> String {
        text.count > 28 ? String(text.prefix(27)) + "…" : text
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Text and attribute values for XML: `&`, `<`, `>`, quotes, and no control characters (which XML forbids).
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case _
            where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE
                || scalar.value == 0xFFFF:
                out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
