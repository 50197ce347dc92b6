import Foundation

/// One line of the benchmark's table: a figure, its unit, the target it is held against (if any) and a note
/// such as a ratio against a peer tool.
struct BenchmarkRow {
    var name: String
    var value: Double
    var unit: String
    var target: String = ""
    var note: String = ""
}

/// The table `make bench` prints: one row per figure, in a fixed layout that the smoke test reads back
/// (`| name | value | unit | target | note |`).
struct BenchmarkTable {
    private(set) var rows: [BenchmarkRow] = []

    mutating func add(_ row: BenchmarkRow) {
        rows.append(row)
        // Shown as it is measured too, so a long run shows progress.
        FileHandle.standardError.write(Data("  measured: \(row.name) = \(Self.format(row.value)) \(row.unit)\n".utf8))
    }

    func value(_ name: String) -> Double? { rows.first { $0.name == name }?.value }

    func render() -> String {
        let header = ["measurement", "value", "unit", "target", "note"]
        let cells = rows.map { [$0.name, Self.format($0.value), $0.unit, $0.target, $0.note] }
        let widths = header.indices.map { column in
            ([header] + cells).map { $0[column].count }.max() ?? 0
        }
        func line(_ row: [String]) -> String {
            "| "
                + row.enumerated().map { column, text in
                    column == 1
                        ? String(repeating: " ", count: widths[column] - text.count) + text
                        : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                }.joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
        return ([line(header), rule] + cells.map(line)).joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "n/a" }
        if value >= 100 { return String(format: "%.0f", value) }
        if value >= 10 { return String(format: "%.1f", value) }
        return String(format: "%.2f", value)
    }
}
