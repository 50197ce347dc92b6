import Leads

/// The leads list's table rows, written here instead of by a Mustache section: a page has fifty rows of up to
/// twelve cells, and swift-mustache looks up every name of every cell through the context stack with dynamic
/// casts, which cost the list page most of its time. Every value is escaped as `{{value}}` escapes it (`&`, `<`,
/// `>`, `"`, `'`) by `EscapedHTML.escape`; the template inserts the result with `{{{rowsHTML}}}`.
enum ListRowsHTML {
    /// `<tr>` per lead: its checkbox, its number linked to its page, then a cell per column (the name linked too).
    static func rows(_ listings: [LeadListing], columns: [String]) -> EscapedHTML {
        var html: [UInt8] = []
        html.reserveCapacity(listings.count * 64 * (columns.count + 2))
        for listing in listings {
            let cells = PageText.cells(listing)
            let id = String(listing.lead.id)
            let number = listing.lead.number
            html += #"<tr><td><input type="checkbox" name="lead" value=""#.utf8
            escape(id, into: &html)
            html += #"" aria-label="Select "#.utf8
            escape(number, into: &html)
            html += #""></td><td><a href="/leads/"#.utf8
            escape(id, into: &html)
            html += #"">"#.utf8
            escape(number, into: &html)
            html += "</a></td>".utf8
            for column in columns {
                html += "<td>".utf8
                if column == "name" {
                    html += #"<a href="/leads/"#.utf8
                    escape(id, into: &html)
                    html += #"">"#.utf8
                    escape(cells[column] ?? "", into: &html)
                    html += "</a>".utf8
                } else {
                    escape(cells[column] ?? "", into: &html)
                }
                html += "</td>".utf8
            }
            html += "</tr>\n".utf8
        }
        return EscapedHTML(built: html)
    }

    private static func escape(_ text: String, into html: inout [UInt8]) { EscapedHTML.escape(text, into: &html) }
}
