/// The report's charts, drawn as inline SVG by Kiln so the page needs no script library and
/// fetches nothing: a stacked bar per build, and a line over the builds.
struct SVGChart {
    /// One build's column.
    struct Point {
        var label: String
        /// The parts of a stacked bar, bottom up, or a single value for a line.
        var values: [Double]
        /// The tooltip.
        var title: String
    }

    /// A stacked part's name (for the legend) and its CSS class (for its colour).
    struct Series {
        var name: String
        var cssClass: String
    }

    var width: Double
    var height: Double
    let left = 48.0
    let bottom = 24.0
    let top = 10.0

    /// Stacked bars, one per point, with a part per series.
    func bars(_ points: [Point], series: [Series], caption: String) -> String {
        let maximum = max(points.map { $0.values.reduce(0, +) }.max() ?? 0, 1)
        let slot = plotWidth / Double(max(points.count, 1))
        var shapes = ""
        for (index, point) in points.enumerated() {
            var base = 0.0
            let x = left + Double(index) * slot + (slot - barWidth(slot)) / 2
            for (part, value) in point.values.enumerated() where value > 0 && part < series.count {
                let y0 = y(base, maximum)
                let y1 = y(base + value, maximum)
                shapes +=
                    #"<rect class="\#(series[part].cssClass)" x="\#(number(x))" y="\#(number(y1))" width="\#(number(barWidth(slot)))" height="\#(number(y0 - y1))"><title>\#(escaped(point.title))</title></rect>"#
                base += value
            }
            if base == 0 {
                shapes +=
                    #"<rect class="bar-none" x="\#(number(x))" y="\#(number(top))" width="\#(number(barWidth(slot)))" height="\#(number(plotHeight))"><title>\#(escaped(point.title))</title></rect>"#
            }
        }
        let legend = series.map { #"<span class="key \#($0.cssClass)"></span>\#(escaped($0.name))"# }.joined(separator: " ")
        return figure(shapes: shapes, points: points, maximum: maximum, unit: "", caption: caption, legend: legend)
    }

    /// A line through one value per point; `format` writes the axis's top value.
    func line(_ points: [Point], cssClass: String, caption: String, format: (Double) -> String) -> String {
        let maximum = max(points.compactMap(\.values.first).max() ?? 0, 1)
        let slot = plotWidth / Double(max(points.count, 1))
        var coordinates: [String] = []
        var dots = ""
        for (index, point) in points.enumerated() {
            guard let value = point.values.first else { continue }
            let x = left + Double(index) * slot + slot / 2
            coordinates.append("\(number(x)),\(number(y(value, maximum)))")
            dots +=
                #"<circle class="\#(cssClass)" cx="\#(number(x))" cy="\#(number(y(value, maximum)))" r="3.5"><title>\#(escaped(point.title))</title></circle>"#
        }
        let path = #"<polyline class="\#(cssClass)-line" points="\#(coordinates.joined(separator: " "))"/>"#
        return figure(shapes: path + dots, points: points, maximum: maximum, unit: format(maximum), caption: caption, legend: "")
    }

    /// Most of a build's slot, but no wider than a bar of a busy chart, so two builds do not
    /// look like two walls.
    private func barWidth(_ slot: Double) -> Double { min(slot * 0.7, 36) }

    private var plotWidth: Double { width - left - 8 }
    private var plotHeight: Double { height - top - bottom }

    private func y(_ value: Double, _ maximum: Double) -> Double {
        top + plotHeight * (1 - value / maximum)
    }

    /// The frame every chart shares: axes, the top value, the first and last build, the caption.
    private func figure(shapes: String, points: [Point], maximum: Double, unit: String, caption: String, legend: String) -> String {
        let axisTop = unit.isEmpty ? number(maximum) : unit
        let first = points.first.map { escaped($0.label) } ?? ""
        let last = points.count > 1 ? points.last.map { escaped($0.label) } ?? "" : ""
        return """
            <figure><svg class="chart" viewBox="0 0 \(number(width)) \(number(height))" width="\(number(width))" height="\(number(height))" role="img" aria-label="\(escaped(caption))">\
            <line class="axis" x1="\(number(left))" y1="\(number(top))" x2="\(number(left))" y2="\(number(top + plotHeight))"/>\
            <line class="axis" x1="\(number(left))" y1="\(number(top + plotHeight))" x2="\(number(width - 8))" y2="\(number(top + plotHeight))"/>\
            <text class="tick" x="\(number(left - 6))" y="\(number(top + 10))" text-anchor="end">\(axisTop)</text>\
            <text class="tick" x="\(number(left - 6))" y="\(number(top + plotHeight))" text-anchor="end">0</text>\
            <text class="tick" x="\(number(left))" y="\(number(height - 6))">\(first)</text>\
            <text class="tick" x="\(number(width - 8))" y="\(number(height - 6))" text-anchor="end">\(last)</text>\
            \(shapes)</svg><figcaption>\(escaped(caption))\(legend.isEmpty ? "" : " " + legend)</figcaption></figure>
            """
    }

    /// Coordinates to one decimal: short, and the same on every machine.
    private func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }

    private func escaped(_ text: String) -> String { XMLEscaping.attribute(text) }
}
