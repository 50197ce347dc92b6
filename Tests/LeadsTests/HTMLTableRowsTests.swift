import Foundation
import Testing

@testable import Leads

/// `HTMLTableRows` reads form notifications' tables on UTF-8 bytes; these pin it to the Character-by-Character
/// reading it replaced (kept here as the reference) on generated markup, including stray `<` and `>`, upper-case
/// and attribute-laden tags, entities, non-ASCII text and unclosed cells.
@Suite("HTML table rows")
struct HTMLTableRowsTests {
    /// The reader as it was: one Character at a time.
    static func referenceRows(in html: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String]?
        var cell: String?
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            guard character == "<", let close = html[index...].firstIndex(of: ">") else {
                if cell != nil { cell!.append(character) }
                index = html.index(after: index)
                continue
            }
            let tag = html[html.index(after: index)..<close].lowercased()
            let name = tag.prefix { $0.isLetter || $0 == "/" }
            switch name {
            case "tr":
                row.map { rows.append($0) }
                row = []
                cell = nil
            case "/tr":
                if let open = cell { row?.append(HTMLTableRows.clean(open)) }
                row.map { rows.append($0) }
                row = nil
                cell = nil
            case "td", "th":
                if let open = cell { row?.append(HTMLTableRows.clean(open)) }
                if row == nil { row = [] }
                cell = ""
            case "/td", "/th":
                if let open = cell { row?.append(HTMLTableRows.clean(open)) }
                cell = nil
            case "table":
                row.map { rows.append($0) }
                row = nil
                cell = nil
            case "br", "br/", "/p", "/div":
                if cell != nil { cell!.append("\n") }
            case "style", "script":
                let closing = "</\(name)"
                index = html[close...].range(of: closing, options: .caseInsensitive)?.upperBound ?? html.endIndex
                continue
            default:
                break
            }
            index = html.index(after: close)
        }
        return rows.filter { !$0.isEmpty }
    }

    static let pieces = [
        "<tr>", "<TR class=\"row\">", "</tr>", "<td>", "<TD style=\"padding:4px\">", "</td>", "<th>", "</TH>",
        "<table>", "</table>", "<br>", "<BR/>", "<p>", "</p>", "</div>", "<b>", "</b>", "<style>td{}</style>",
        "<SCRIPT type=\"x\">if (a<b) go()</Script>", "<Style>", "</STYLE>", "<tablex>", "<trtrtrtr>",
        "Name", "Jane Okafor", "E-mail:", "jane@brightwater.example", "Grüße", "Müller & Söhne", "&amp;", "&lt;",
        "&nbsp;", "3 < 4", "5 > 2", "<", ">", " ", "  ", "\n", "\r\n", "\u{00A0}", "日本語", "e\u{301}", "👩‍💼",
    ]

    @Test("the same rows as the Character-by-Character reading on 3,000 generated documents")
    func sameRowsAsTheReference() {
        var generator = SystemRandomNumberGenerator()
        var nonEmpty = 0
        for _ in 0..<3_000 {
            let html = (0..<Int.random(in: 1...40, using: &generator))
                .map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let rows = HTMLTableRows.rows(in: html)
            #expect(rows == Self.referenceRows(in: html), "\(html.debugDescription)")
            if !rows.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 500, "the generated documents do have rows: \(nonEmpty)")
    }

    @Test("a notification's table: labels and values, entities decoded, breaks kept, styles skipped")
    func notificationTable() {
        let html = """
            <style>td { color: red }</style><table><TR><TH>Name</TH><TD class="v">Jane&nbsp;Okafor</TD></TR>
            <tr><td>Company</td><td>M&uuml;ller &amp; S&ouml;hne<br/>Berlin</td></tr><tr><td>Note<td>3 &lt; 4</tr></table>
            """
        #expect(
            HTMLTableRows.rows(in: html) == [
                ["Name", "Jane Okafor"], ["Company", "Müller & Söhne\nBerlin"], ["Note", "3 < 4"],
            ])
    }
}
