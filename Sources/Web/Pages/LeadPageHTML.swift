import Foundation
import LeadDesk
import Leads

/// The lead page between the header and the footer, written here instead of by `lead.mustache`: after the list,
/// the page sales staff open most, and swift-mustache looked up each name of its facts, score lines, tags, option
/// lists, tasks and people through the context stack with dynamic casts, which cost the page a third of the
/// server's time. Every value is escaped as `{{value}}` escapes it (`HTMLWriter`, `EscapedHTML.escape`); the
/// timeline is `Timeline`'s, written the same way.
struct LeadPageHTML {
    var detail: LeadDesk.LeadDetail
    var score: ScoreBreakdown
    var csrf: String
    var newestFirst: Bool
    var today: String
    var canEdit: Bool
    var canAssign: Bool
    var canMerge: Bool
    var rejectionReasons: [String]
    var people: [SalesPerson]
    var letterTemplates: [String]

    func html() -> EscapedHTML {
        let lead = detail.lead
        let life = detail.lifecycle
        let id = String(lead.id)
        let timeline = Timeline(detail).html(newestFirst: newestFirst)
        var out = HTMLWriter(capacity: 8_192 + lead.enquiry.utf8.count + timeline.renderText.utf8.count)
        out.markup("<h1>")
        out.text(lead.number)
        out.markup(" ")
        out.text(lead.name ?? lead.email)
        out.markup(" <span class=\"status s-")
        out.text(lead.status.rawValue)
        out.markup("\">")
        out.text(lead.status.rawValue)
        out.markup("</span></h1>\n<div class=\"lead\">\n<section class=\"facts panel\">\n  <h2>Contact</h2>\n  <dl>\n")
        fact("Name", lead.name ?? lead.email, &out)
        fact("Email", lead.email, &out)
        fact("Phone", lead.phone ?? "", &out)
        fact("Company", lead.company ?? "", &out)
        fact("Source", lead.source, &out)
        fact("Campaign", lead.campaign ?? "", &out)
        fact("Owner", life.owner ?? "unassigned", &out)
        fact("Rating", life.rating?.rawValue ?? "", &out)
        fact("Created", PageText.dateTime(lead.createdAt), &out)
        fact("Value", life.value.map(StatusChange.amount), shownOnly: true, &out)
        fact("Rejected", life.rejectReason, shownOnly: true, &out)
        fact("Closes", life.closeDate, shownOnly: true, &out)
        fact("Nurture until", life.nurtureUntil, shownOnly: true, &out)
        fact("Reminder", life.remindOn, shownOnly: true, &out)
        out.markup("  </dl>\n  <h2>Score ")
        out.text(String(life.score))
        out.markup("</h2>\n  <ul class=\"score\">")
        for line in score.lines {
            out.markup("<li><span class=\"points\">")
            out.text((line.points >= 0 ? "+" : "") + String(line.points))
            out.markup("</span> ")
            out.text(line.reason)
            out.markup("</li>")
        }
        out.markup("</ul>\n  <h2>Tags</h2>\n  <ul class=\"tags\">\n  ")
        for tag in life.tags {
            out.markup("<li>")
            out.text(tag)
            if canEdit {
                out.markup(" <form method=\"post\" action=\"/leads/")
                out.text(id)
                out.markup("/untag\" class=\"inline\">")
                hiddenCSRF(&out)
                out.markup("<input type=\"hidden\" name=\"tag\" value=\"")
                out.text(tag)
                out.markup("\"><button class=\"link\" aria-label=\"Remove tag ")
                out.text(tag)
                out.markup("\">×</button></form>")
            }
            out.markup("</li>")
        }
        out.markup("\n  </ul>\n  <h2>Enquiry</h2>\n  <p class=\"subject\">")
        out.text(lead.subject ?? "")
        out.markup("</p>\n  <div class=\"text\">")
        out.text(lead.enquiry)
        out.markup("</div>\n</section>\n<section class=\"timeline panel\" id=\"timeline\">\n  <h2>Timeline <small>")
        out.markup("<a href=\"/leads/")
        out.text(id)
        out.markup(newestFirst ? "\">oldest first</a>" : "?order=newest\">newest first</a>")
        out.markup("</small></h2>\n  <ol class=\"entries\">\n  ")
        out.html(timeline)
        out.markup("\n  </ol>\n</section>\n")
        if canEdit { actions(id, &out) }
        if canMerge {
            out.markup("<section class=\"actions panel\">\n  <a href=\"/leads/")
            out.text(id)
            out.markup("/duplicates\" id=\"find-duplicates\">Possible duplicates of this lead</a>\n</section>\n")
        }
        if canAssign, !people.isEmpty {
            out.markup("<section class=\"actions panel\">\n  <form method=\"post\" action=\"/leads/")
            out.text(id)
            out.markup("/assign\" class=\"inline\">\n    ")
            hiddenCSRF(&out)
            out.markup("\n    <label>Assign to <select name=\"person\">")
            out.options(people)
            out.markup("</select></label><button>Assign</button>\n  </form>\n</section>\n")
        }
        out.markup("</div>\n")
        return out.html
    }

    /// A line of the contact's facts; with `shownOnly`, none when the value is missing or empty.
    private func fact(_ label: StaticString, _ value: String?, shownOnly: Bool = false, _ out: inout HTMLWriter) {
        if shownOnly, value?.isEmpty ?? true { return }
        out.markup("    <dt>")
        out.markup(label)
        out.markup("</dt><dd>")
        out.text(value ?? "")
        out.markup("</dd>\n")
    }

    private func hiddenCSRF(_ out: inout HTMLWriter) {
        out.markup("<input type=\"hidden\" name=\"csrf\" value=\"")
        out.text(csrf)
        out.markup("\">")
    }

    /// The start of a form posting to the lead's `action`, with the CSRF token.
    private func form(_ id: String, _ action: StaticString, _ attributes: StaticString, _ out: inout HTMLWriter) {
        out.markup("  <form method=\"post\" action=\"/leads/")
        out.text(id)
        out.markup(action)
        out.markup("\"")
        out.markup(attributes)
        out.markup(">\n    ")
        hiddenCSRF(&out)
        out.markup("\n    ")
    }

    /// The forms of those who may work the lead.
    private func actions(_ id: String, _ out: inout HTMLWriter) {
        let lead = detail.lead
        let life = detail.lifecycle
        out.markup("<section class=\"actions panel\">\n  <h2>Work this lead</h2>\n")
        out.markup("  <form method=\"get\" action=\"/leads/")
        out.text(id)
        out.markup("/write\" id=\"write-to-lead\" class=\"inline\">\n")
        out.markup("    <label>Write to the lead <select name=\"template\"><option value=\"\">free text</option>")
        out.options(letterTemplates)
        out.markup("</select></label><button>Write</button>\n  </form>\n")
        form(id, "/call", " id=\"log-call\"", &out)
        out.markup("<label>Log a call <textarea name=\"text\" rows=\"2\" required></textarea></label>")
        out.markup("<button>Log call</button>\n  </form>\n")
        form(id, "/note", "", &out)
        out.markup("<label>Note <textarea name=\"text\" rows=\"2\" required></textarea></label>")
        out.markup("<button>Add note</button>\n  </form>\n")
        let moves = LeadStatus.allCases.filter { lead.status.canMove(to: $0) }.map(\.rawValue)
        if !moves.isEmpty {
            form(id, "/status", " class=\"status-form\"", &out)
            out.markup("<label>Status <select name=\"status\">")
            out.options(moves)
            out.markup("</select></label>\n    <label data-for=\"rejected\">Reason <select name=\"reason\">")
            out.markup("<option value=\"\"></option>")
            out.options(rejectionReasons)
            out.markup(
                """
                </select></label>
                    <label data-for="converted">Value <input name="value" inputmode="decimal"></label>
                    <label data-for="converted">Close date <input type="date" name="closeDate"></label>
                    <label data-for="nurture">Nurture until <input type="date" name="until"></label>
                    <button>Move</button>
                  </form>

                """)
        }
        form(id, "/rate", " class=\"inline\"", &out)
        out.markup("<label>Rating <select name=\"rating\">")
        out.options(LeadRating.allCases.map(\.rawValue), selected: life.rating?.rawValue)
        out.markup("</select></label><button>Rate</button>\n  </form>\n")
        form(id, "/tag", " class=\"inline\"", &out)
        out.markup("<label>Tags <input name=\"tags\" placeholder=\"comma, separated\"></label>")
        out.markup("<button>Tag</button>\n  </form>\n  <h3>Tasks</h3>\n  <ul class=\"rows\">\n")
        for task in detail.tasks where task.isOpen {
            out.markup("  <li class=\"")
            out.markup("overdue", if: task.due < today)
            out.markup("\">")
            out.text(task.kind.rawValue)
            out.markup(" due ")
            out.text(task.due)
            out.markup("\n    <form method=\"post\" action=\"/tasks/")
            out.text(String(task.id))
            out.markup("/done\" class=\"inline\">")
            hiddenCSRF(&out)
            out.markup("<input name=\"note\" placeholder=\"What came of it\" aria-label=\"What came of it\">")
            out.markup("<button>Done</button></form></li>\n")
        }
        out.markup("  </ul>\n")
        form(id, "/task", " class=\"inline\"", &out)
        out.markup("<select name=\"kind\" aria-label=\"Kind\">")
        out.options(FollowUpTask.Kind.allCases.map(\.rawValue))
        out.markup("</select>\n    <input type=\"date\" name=\"due\" required aria-label=\"Due\">")
        out.markup("<button>Add task</button>\n  </form>\n")
        form(id, "/remind", " class=\"inline\"", &out)
        out.markup("<label>Remind me on <input type=\"date\" name=\"day\" required></label>")
        out.markup("<button>Remind</button>\n  </form>\n")
        form(id, "/contact", "", &out)
        out.markup("<label>Name <input name=\"name\" value=\"")
        out.text(lead.name ?? "")
        out.markup("\"></label>\n    <label>Phone <input name=\"phone\" value=\"")
        out.text(lead.phone ?? "")
        out.markup("\"></label>\n    <label>Company <input name=\"company\" value=\"")
        out.text(lead.company ?? "")
        out.markup("\"></label>\n    <button>Save contact</button>\n  </form>\n</section>\n")
    }
}
