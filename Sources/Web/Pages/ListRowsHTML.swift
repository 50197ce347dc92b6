import Leads

/// The leads list's table rows, written here instead of by a Mustache section: a page has fifty rows of up to
/// twelve cells, and swift-mustache looks up every name of every cell through the context stack with dynamic
/// casts, which cost the list page most of its time. Every value is escaped as `{{value}}` escapes it (`&`, `<`,
/// `>`, `"`, `'`) by `EscapedHTML.escape`, through `HTMLWriter`.
enum ListRowsHTML {
    /// `<tr>` per lead: its checkbox, its number linked to its page, then a cell per column (the name linked too).
    static func rows(_ listings: [LeadListing], columns: [String], into html: inout HTMLWriter) {
        for listing in listings {
            let id = String(listing.lead.id)
            let number = listing.lead.number
            html.markup(#"<tr><td><input type="checkbox" name="lead" value=""#)
            html.text(id)
            html.markup(#"" aria-label="Select "#)
            html.text(number)
            html.markup(#""></td><td><a href="/leads/"#)
            html.text(id)
            html.markup(#"">"#)
            html.text(number)
            html.markup("</a></td>")
            for column in columns {
                html.markup("<td>")
                if column == "name" {
                    html.markup(#"<a href="/leads/"#)
                    html.text(id)
                    html.markup(#"">"#)
                    html.text(PageText.cell(column, of: listing))
                    html.markup("</a>")
                } else {
                    html.text(PageText.cell(column, of: listing))
                }
                html.markup("</td>")
            }
            html.markup("</tr>\n")
        }
    }
}
