import LeadDesk
import LeadStore
import Leads

/// My work's page between the header and the footer, written here instead of by `work.mustache`: a salesperson
/// who is behind has hundreds of overdue tasks (a thousand in the benchmark's store), each a row with its form, and
/// swift-mustache's look-ups through the context stack cost the page most of its time. Every value is escaped as
/// `{{value}}` escapes it (`HTMLWriter`, `EscapedHTML.escape`).
struct WorkPageHTML {
    /// One page of the tasks, with the counts of all of them.
    var work: LeadDesk.WorkList
    /// Which page of the tasks (from 1), of `perPage` each.
    var page: Int
    var perPage: Int
    var unread: [LeadListing]
    var unassigned: [LeadListing]
    var canEdit: Bool
    var csrf: String

    func html() -> EscapedHTML {
        let tasks = work.tasks
        var out = HTMLWriter(capacity: 4096 + tasks.count * (canEdit ? 480 : 200))
        out.markup("<h1>My work <small>")
        out.text(work.today)
        out.markup("</small></h1>\n<section class=\"panel\" id=\"tasks\">\n<h2>Tasks due <small>")
        out.text(String(work.overdue))
        out.markup(" overdue · ")
        out.text(String(work.dueToday))
        out.markup(" today</small></h2>\n")
        if work.total == 0 { out.markup("<p class=\"empty\">Nothing due today.</p>\n") }
        out.markup("<ul class=\"rows\">\n")
        for task in tasks {
            let lead = work.leads[task.leadID]
            let overdue = task.due < work.today
            out.markup("<li class=\"")
            out.markup("overdue", if: overdue)
            out.markup("\">\n  <span class=\"due\">")
            out.markup("Overdue · ", if: overdue)
            out.text(task.due)
            out.markup("</span>\n  <span class=\"kind\">")
            out.text(task.kind.rawValue)
            out.markup("</span>\n  <a href=\"/leads/")
            out.text(String(task.leadID))
            out.markup("\">")
            out.text(lead?.number ?? "L\(task.leadID)")
            out.markup(" ")
            out.text(lead.map { $0.name ?? $0.email } ?? "")
            out.markup("</a> <span class=\"muted\">")
            out.text(lead?.company ?? "")
            out.markup("</span>\n")
            if canEdit {
                out.markup("  <form method=\"post\" action=\"/tasks/")
                out.text(String(task.id))
                out.markup("/done\" class=\"inline\">\n    <input type=\"hidden\" name=\"csrf\" value=\"")
                out.text(csrf)
                out.markup(
                    """
                    "><input type="hidden" name="back" value="/">
                        <input name="note" placeholder="What came of it" aria-label="What came of it"><button>Done</button>
                      </form>

                    """)
            }
            out.markup("</li>\n")
        }
        out.markup("</ul>\n")
        pager(&out)
        out.markup("</section>\n<section class=\"panel\" id=\"reminders\">\n<h2>Reminders</h2>\n")
        if work.reminders.isEmpty { out.markup("<p class=\"empty\">No reminders due.</p>\n") }
        out.markup("<ul class=\"rows\">\n")
        for listing in work.reminders {
            out.markup("<li><span class=\"due\">")
            out.text(listing.lifecycle.remindOn ?? "")
            out.markup("</span> ")
            link(listing, strong: false, &out)
            out.markup(" <span class=\"muted\">")
            out.text(listing.lead.company ?? "")
            out.markup("</span></li>")
        }
        out.markup(
            """

            </ul>
            </section>
            <section class="panel" id="unread">
            <h2>Unread leads <small><a href="/leads?view=unread">all</a></small></h2>

            """)
        if unread.isEmpty { out.markup("<p class=\"empty\">Nothing unread.</p>\n") }
        out.markup("<ul class=\"rows\">\n")
        for listing in unread { leadLine(listing, strong: true, &out) }
        out.markup("\n</ul>\n</section>\n<section class=\"panel\" id=\"unassigned\">\n<h2>Unassigned leads</h2>\n")
        if unassigned.isEmpty { out.markup("<p class=\"empty\">No unassigned leads.</p>\n") }
        out.markup("<ul class=\"rows\">\n")
        for listing in unassigned { leadLine(listing, strong: false, &out) }
        out.markup("\n</ul>\n</section>\n")
        return out.html
    }

    /// Which tasks this page shows of how many, with links to the pages before and after it (the leads list's
    /// `nav.paging`).
    private func pager(_ out: inout HTMLWriter) {
        let first = (page - 1) * perPage
        guard work.total > perPage || page > 1 else { return }
        out.paging(
            previous: page > 1 ? "/?page=\(page - 1)" : nil,
            label: work.tasks.isEmpty
                ? "No tasks on page \(page); \(work.total) in all"
                : "Tasks \(first + 1)–\(first + work.tasks.count) of \(work.total)",
            next: first + work.tasks.count < work.total ? "/?page=\(page + 1)" : nil)
    }

    /// The lead's number and name, linked to its page.
    private func link(_ listing: LeadListing, strong: Bool, _ out: inout HTMLWriter) {
        out.markup("<a href=\"/leads/")
        out.text(String(listing.lead.id))
        out.markup("\">")
        out.markup("<strong>", if: strong)
        out.text(listing.lead.number)
        out.markup(" ")
        out.text(listing.lead.name ?? listing.lead.email)
        out.markup("</strong>", if: strong)
        out.markup("</a>")
    }

    /// A lead in the unread or unassigned list: linked, then its company, source and when it came.
    private func leadLine(_ listing: LeadListing, strong: Bool, _ out: inout HTMLWriter) {
        out.markup("<li>")
        link(listing, strong: strong, &out)
        out.markup(" <span class=\"muted\">")
        out.text(listing.lead.company ?? "")
        out.markup(" · ")
        out.text(listing.lead.source)
        out.markup(" · ")
        out.text(PageText.dateTime(listing.lead.createdAt))
        out.markup("</span></li>")
    }
}
