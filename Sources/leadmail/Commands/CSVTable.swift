import Foundation

/// RFC 4180 CSV: fields quoted when they hold a comma, quote or line break; quotes doubled; CRLF line ends.
enum CSVTable {
    static func render(_ rows: [[String]]) -> String {
        rows.map { row in row.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The rows of a CSV text, with the line each row starts on (for error reports). Accepts LF or CRLF, a BOM,
    /// quoted fields with commas, quotes and line breaks; blank lines are skipped.
    static func parse(_ text: String) throws(CSVError) -> [(line: Int, fields: [String])] {
        var rows: [(Int, [String])] = []
        var field = ""
        var fields: [String] = []
        var quoted = false
        var line = 1
        var rowLine = 1
        var characters = Array(text)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        func endRow() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowLine, fields)) }
            fields = []
            field = ""
        }
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                endRow()
                line += 1
                rowLine = line
            } else {
                field.append(character)
            }
            index += 1
        }
        if quoted { throw CSVError(line: rowLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}

struct CSVError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message); check the file's quoting" }
}
