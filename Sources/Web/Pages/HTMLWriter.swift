import Leads

/// A page fragment written in Swift instead of by a template, for the pages a salesperson opens most: markup is
/// only ever a `StaticString` (a literal in the code), and every value goes through `EscapedHTML.escape`, so a
/// value cannot reach the page unescaped by mistake. The result is inserted with `{{{…}}}`.
struct HTMLWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Constant markup, as written in the code.
    mutating func markup(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A value, escaped as `{{value}}` escapes it.
    mutating func text(_ value: String) { EscapedHTML.escape(value, into: &bytes) }

    /// A fragment another writer built (`Timeline`), its values escaped there.
    mutating func html(_ fragment: EscapedHTML) { bytes += fragment.renderText.utf8 }

    /// `markup` when `condition` holds (an attribute such as ` selected`).
    mutating func markup(_ text: StaticString, if condition: Bool) {
        if condition { markup(text) }
    }

    /// An `<option>` per value of a `<select>`, the one equal to `selected` marked as chosen.
    mutating func options(_ values: [String], selected: String? = nil) {
        for value in values {
            markup("<option")
            markup(" selected", if: value == selected)
            markup(">")
            text(value)
            markup("</option>")
        }
    }

    /// One `<option>` per salesperson: the address as the value, the name as the text (assignment menus).
    mutating func options(_ people: [SalesPerson]) {
        for person in people {
            markup("<option value=\"")
            text(person.email)
            markup("\">")
            text(person.name)
            markup("</option>")
        }
    }

    /// The pager under a list (`nav.paging`): a link to the page before and after it when there is one, and
    /// where the reader is between them.
    mutating func paging(previous: String?, label: String, next: String?) {
        markup("<nav class=\"paging\">")
        if let previous {
            markup("<a href=\"")
            text(previous)
            markup("\" rel=\"prev\">Previous</a>")
        }
        markup(" <span>")
        text(label)
        markup("</span> ")
        if let next {
            markup("<a href=\"")
            text(next)
            markup("\" rel=\"next\">Next</a>")
        }
        markup("</nav>\n")
    }

    var html: EscapedHTML { EscapedHTML(built: bytes) }
}
