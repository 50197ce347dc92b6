import Leads

/// The leads list's page between the header and the footer, written here instead of by `leads.mustache`: the list
/// is the page sales staff open most, and swift-mustache looks up each name of its filters, views, column
/// choices, rows and mass-action menus through the context stack with dynamic casts, which cost the page half of
/// the server's time. Every value is escaped as `{{value}}` escapes it (`HTMLWriter`, `EscapedHTML.escape`).
struct ListPageHTML {
    struct View {
        var value: String
        var label: String
        var current: Bool
    }

    struct SavedView {
        var id: Int64
        var name: String
        var href: String
        var current: Bool
    }

    var csrf: String
    /// The form's fields by filter name, as asked (empty when not).
    var filters: [String: String]
    var systemViews: [View]
    var savedViews: [SavedView]
    /// The query string of the filters, without the page.
    var query: String
    var columns: [ListQuery.Column]
    var sortNewest: Bool
    var canExport: Bool
    var canDelete: Bool
    var csv: String
    var rows: [LeadListing]
    var page: Int
    var previous: String?
    var next: String?
    var people: [SalesPerson]
    var rejectionReasons: [String]
    var templates: [String]

    func html() -> EscapedHTML {
        var out = HTMLWriter(capacity: 16_384 + rows.count * 64 * (columns.count + 2))
        out.markup("<h1>Leads</h1>\n<nav class=\"views\">\n  ")
        for view in systemViews {
            out.markup("<a href=\"/leads")
            if !view.value.isEmpty {
                out.markup("?view=")
                out.text(view.value)
            }
            out.markup("\" ")
            out.markup("aria-current=\"page\"", if: view.current)
            out.markup(">")
            out.text(view.label)
            out.markup("</a> ")
        }
        out.markup("\n  ")
        if !savedViews.isEmpty { out.markup("<span class=\"muted\">Mine:</span>") }
        out.markup("\n  ")
        for view in savedViews {
            out.markup("<span class=\"saved-view\"><a href=\"")
            out.text(view.href)
            out.markup("\" ")
            out.markup("aria-current=\"page\"", if: view.current)
            out.markup(">")
            out.text(view.name)
            out.markup("</a><form method=\"post\" action=\"/views/")
            out.text(String(view.id))
            out.markup("/delete\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"")
            out.text(csrf)
            out.markup("\"><button class=\"link\" aria-label=\"Delete view ")
            out.text(view.name)
            out.markup("\">×</button></form></span> ")
        }
        out.markup("\n</nav>\n")
        filterForm(&out)
        out.markup(
            """
            <div class="list-tools">
              <form method="post" action="/views" class="inline" id="save-view">
                <input type="hidden" name="csrf" value="
            """)
        out.text(csrf)
        out.markup("\"><input type=\"hidden\" name=\"query\" value=\"")
        out.text(query)
        out.markup(
            """
            ">
                <label>Save this view as <input name="name" required maxlength="80" size="16"></label><button>Save view</button>
              </form>
              
            """)
        if canExport {
            out.markup("<a href=\"")
            out.text(csv)
            out.markup("\" class=\"csv\">This view as CSV</a>")
        }
        out.markup("\n</div>\n")
        if rows.isEmpty { out.markup("<p class=\"empty\">No leads match.</p>\n") }
        out.markup(
            "<form method=\"post\" action=\"/leads/mass\" id=\"mass\">\n<input type=\"hidden\" name=\"csrf\" value=\"")
        out.text(csrf)
        out.markup("\"><input type=\"hidden\" name=\"back\" value=\"/leads?")
        out.text(query)
        out.markup(
            """
            ">
            <table class="leads">
            <thead><tr><th><span class="visually-hidden">Select</span></th><th>Lead</th>
            """)
        for column in columns {
            out.markup("<th>")
            out.text(column.label)
            out.markup("</th>")
        }
        out.markup("</tr></thead>\n<tbody>\n")
        ListRowsHTML.rows(rows, columns: columns.map(\.key), into: &out)
        out.markup("</tbody>\n</table>\n")
        if !rows.isEmpty { massActions(&out) }
        out.markup("</form>\n")
        out.paging(previous: previous, label: "Page \(page)", next: next)
        return out.html
    }

    private func filterForm(_ out: inout HTMLWriter) {
        func value(_ name: String) -> String { filters[name] ?? "" }
        func input(_ label: StaticString, _ name: StaticString, size: StaticString) {
            out.markup("\n  <label>")
            out.markup(label)
            out.markup(" <input name=\"")
            out.markup(name)
            out.markup("\" value=\"")
            out.text(value("\(name)"))
            out.markup("\" size=\"")
            out.markup(size)
            out.markup("\"></label>")
        }
        func date(_ label: StaticString, _ name: StaticString) {
            out.markup("\n  <label>")
            out.markup(label)
            out.markup(" <input type=\"date\" name=\"")
            out.markup(name)
            out.markup("\" value=\"")
            out.text(value("\(name)"))
            out.markup("\"></label>")
        }
        out.markup(
            "<form method=\"get\" action=\"/leads\" class=\"filters\">\n  <input type=\"hidden\" name=\"view\" value=\""
        )
        out.text(value("view"))
        out.markup("\">\n  <label>Search <input type=\"search\" name=\"q\" value=\"")
        out.text(value("q"))
        out.markup("\"></label>\n  <label>Status <select name=\"status\"><option value=\"\">any</option>")
        out.options(LeadStatus.allCases.map(\.rawValue), selected: value("status"))
        out.markup("</select></label>\n  <label>Rating <select name=\"rating\"><option value=\"\">any</option>")
        out.options(LeadRating.allCases.map(\.rawValue), selected: value("rating"))
        out.markup("</select></label>")
        input("Source", "source", size: "10")
        input("Campaign", "campaign", size: "10")
        input("Owner", "owner", size: "16")
        input("Tag", "tag", size: "10")
        input("Team", "team", size: "8")
        date("From", "from")
        date("Until", "until")
        out.markup(
            "\n  <label>Sort <select name=\"sort\"><option value=\"score\">score</option><option value=\"newest\" ")
        out.markup("selected", if: sortNewest)
        out.markup(">newest</option></select></label>\n  <details class=\"columns\"><summary>Columns</summary>\n  ")
        for column in ListQuery.allColumns {
            out.markup("<label class=\"check\"><input type=\"checkbox\" name=\"cols\" value=\"")
            out.text(column.key)
            out.markup("\" ")
            out.markup("checked", if: columns.contains { $0.key == column.key })
            out.markup("> ")
            out.text(column.label)
            out.markup("</label> ")
        }
        out.markup("\n  </details>\n  <button>Show</button>\n</form>\n")
    }

    private func massActions(_ out: inout HTMLWriter) {
        out.markup(
            """
            <div class="mass-actions" role="group" aria-labelledby="mass-title"><strong id="mass-title">With the selected leads</strong>
              <label>Do <select name="do">
                <option value="assign">assign to</option><option value="tag">tag</option><option value="untag">untag</option>
                <option value="status">change status</option><option value="letter">send a template email</option>
                
            """)
        out.markup("<option value=\"export\">export as CSV</option>", if: canExport)
        out.markup("\n    ")
        out.markup("<option value=\"delete\">delete</option>", if: canDelete)
        out.markup("\n  </select></label>\n  <label>Person <select name=\"person\"><option value=\"\">—</option>")
        out.options(people)
        out.markup(
            """
            </select></label>
              <label>Tags <input name="tags" size="12" placeholder="a, b"></label>
              <label>Status <select name="status"><option value="">—</option>
            """)
        out.options(LeadStatus.allCases.map(\.rawValue))
        out.markup("</select></label>\n  <label>Reason <select name=\"reason\"><option value=\"\">—</option>")
        out.options(rejectionReasons)
        out.markup(
            """
            </select></label>
              <label>Value <input name="value" size="8" inputmode="decimal"></label>
              <label>Template <select name="template"><option value="">—</option>
            """)
        out.options(templates)
        out.markup("</select></label>\n  <button>Apply</button>\n</div>\n")
    }
}
