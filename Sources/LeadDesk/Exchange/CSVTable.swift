import Foundation

/// RFC 4180 CSV: fields quoted when they hold the separator, a quote or a line break; quotes doubled; CRLF line
/// ends. Reading also takes the separators spreadsheets write in other locales (`;`, tab).
public enum CSVTable {
    public static func render(_ rows: [[String]], separator: Character = ",") -> String {
        rows.map { row in row.map { field($0, separator: separator) }.joined(separator: String(separator)) }
            .joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ value: String, separator: Character = ",") -> String {
        guard value.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The separator of a CSV text, from its first row: the one of `,`, `;` and tab it holds most often outside
    /// quotes (a comma when none), as Excel saves CSV with `;` where the comma is the decimal mark.
    public static func separator(of text: String) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for character in text.drop(while: { $0 == "\u{FEFF}" || $0.isNewline }) {
            if character == "\"" {
                quoted.toggle()
            } else if !quoted, character.isNewline {
                break
            } else if !quoted, counts[character] != nil {
                counts[character, default: 0] += 1
            }
        }
        let best = counts.max { ($0.value, $0.key == "," ? 1 : 0) < ($1.value, $1.key == "," ? 1 : 0) }
        return (best?.value ?? 0) > 0 ? best!.key : ","
    }

    /// The rows of a CSV text, with the line each row starts on (for error reports). Accepts LF or CRLF, a BOM,
    /// quoted fields with separators, quotes and line breaks; blank lines are skipped.
    public static func parse(_ text: String, separator: Character = ",") throws(CSVError) -> [(
        line: Int, fields: [String]
    )] {
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
            } else if character == separator {
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

public struct CSVError: Error, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message); check the file's quoting" }
}
