import Foundation
import MIME

/// Reads the `Key: value` lines that website contact forms (WordPress, Gravity Forms, custom sites) send as
/// notification emails.
///
/// A value runs until the next line that starts a known or plausible key, so a multi-line `Message:` stays whole.
/// Unknown keys are kept as extra fields: they are the enquirer's answers ("How did you hear about us?").
public struct FormNotification: Sendable, Hashable {
    /// The fields in the order they came, keys as written (trimmed).
    public var fields: [FormField] {
        didSet { kinds = fields.map { StandardField.from(key: $0.name) } }
    }
    /// Each field's standard kind, found once: `value(_:)` is asked for several kinds per message.
    private var kinds: [StandardField?]

    /// Reads form fields from a body, or returns nil when the body does not look like a form notification
    /// (fewer than two standard fields, or no email and no name).
    public init?(text: String) {
        let isContactForm7 = Self.contactForm7Footers.contains { text.utf8Contains($0) }
        var fields: [FormField] = []
        var current: (key: String, isMessage: Bool, lines: [Substring])?

        func flush() {
            guard let field = current else { return }
            let value = field.lines.joined(separator: "\n").trimmingSpacesAndNewlines()
            fields.append(FormField(name: field.key, value: value))
            current = nil
        }

        for line in text.linesSplitAtLineFeed {
            if let (key, value) = Self.keyValue(line) {
                let kind = StandardField.from(key: key)
                let isStandard = kind != nil || (isContactForm7 && Self.isSenderKey(key))
                // Inside the free-text message, only a known key (or a short capitalised one) starts a new field,
                // so "Note: urgent" in the enquirer's text stays in it; after a one-line field any key does.
                let inFreeText = current?.isMessage ?? false
                if !inFreeText || isStandard || Self.looksLikeKey(key) {
                    flush()
                    current = (key, kind == .message, [value])
                    continue
                }
            }
            if current != nil {
                current!.lines.append(line)
            }
        }
        flush()
        if isContactForm7 { fields = fields.flatMap(Self.splitSender) }
        self.init(fields: Self.messageRejoined(fields))
    }

    /// The message without what the form service writes below it: a rule (`---`) before its details, "Submitted
    /// 10:41 AM", "(Sent via Acme Sensors)", "You are receiving this because…", "Powered by…".
    static func withoutServiceFooter(_ message: String) -> String {
        var lines = message.linesSplitAtLineFeed
        while let last = lines.last, last.trimmingSpaces().isEmpty || isRule(last) { lines.removeLast() }
        if let footer = lines.indices.dropFirst().first(where: { isServiceFooter(lines[$0]) }) {
            lines.removeSubrange(footer...)
        }
        return lines.joined(separator: "\n").trimmingSpacesAndNewlines()
    }

    /// A line of only `-`, `_`, `=` or `*`, two or more.
    static func isRule(_ line: Substring) -> Bool {
        let text = line.trimmingSpaces()
        return text.utf8.count >= 2 && text.utf8.allSatisfy { "-_=*".utf8.contains($0) }
    }

    /// A form service's line below the message.
    static func isServiceFooter(_ line: Substring) -> Bool {
        let text = line.trimmingSpaces().lowercased()
        if text.hasPrefix("submitted "), text.utf8.contains(where: { (0x30...0x39).contains($0) }) { return true }
        return serviceFooterPrefixes.contains { text.hasPrefix($0) }
    }

    private static let serviceFooterPrefixes = [
        "(sent via ", "you are receiving this", "you received this email because", "you're receiving this",
        "powered by ", "this e-mail was sent from a contact form", "this email was sent from a contact form",
        "this message was sent from a contact form", "view entry", "view submission", "view this submission",
        "view the submission", "view all submissions",
    ]

    /// Keeps `fields` as a form notification when they look like one: at least two standard fields, among them
    /// an email or a name. Whatever layout the fields came from, the message field loses the service's lines below it.
    init?(fields: [FormField]) {
        let kinds = fields.map { StandardField.from(key: $0.name) }
        let found = Set(kinds.compactMap { $0 })
        guard kinds.count(where: { $0 != nil }) >= 2,
            found.contains(.email) || found.contains(.name) || found.contains(.firstName)
        else { return nil }
        var fields = fields
        if let message = kinds.firstIndex(of: .message) {
            fields[message].value = Self.withoutServiceFooter(fields[message].value)
        }
        self.fields = fields
        self.kinds = kinds
    }

    /// The first non-empty value of a standard field.
    public func value(_ field: StandardField) -> String? {
        zip(fields, kinds).first { $1 == field && !$0.value.isEmpty }?.0.value
    }

    /// The name, joining first and last name fields when the form splits them.
    public var name: String? {
        if let full = value(.name) { return full }
        let parts = [value(.firstName), value(.lastName)].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// Fields that are not standard, for the lead's custom fields.
    public var extraFields: [FormField] {
        zip(fields, kinds).filter { $1 == nil && !$0.value.isEmpty }.map(\.0)
    }

    /// The free-text message with the `Label: text` lines the enquirer wrote in it put back: a label after the
    /// message starts a field of its own only while the form goes on in one-line answers. When the lines after
    /// the message run on in prose, or name a second message ("Site: Port Talbot" / "Note: several customers … / Do you offer a reseller
    /// price list? / Diolch, / Siân") up to the next standard field or the end, they are the enquirer's words.
    static func messageRejoined(_ fields: [FormField]) -> [FormField] {
        guard let message = fields.firstIndex(where: { StandardField.from(key: $0.name) == .message }) else {
            return fields
        }
        // A second message-like label ("Question:", "Comments:") in the prose belongs to it as well.
        let after = fields.index(after: message)
        let end =
            fields[after...].firstIndex {
                let kind = StandardField.from(key: $0.name)
                return kind != nil && kind != .message
            } ?? fields.endIndex
        let labelled = fields[after..<end]
        guard
            labelled.contains(where: {
                $0.value.utf8.contains(UInt8(ascii: "\n")) || StandardField.from(key: $0.name) == .message
            })
        else { return fields }
        var joined = fields
        let words = [fields[message].value] + labelled.map { "\($0.name): \($0.value)" }
        joined[message].value = words.filter { !$0.isEmpty }.joined(separator: "\n")
        joined.removeSubrange(after..<end)
        return joined
    }

    /// The last lines Contact Form 7 puts in its default notification (its sender is `From: Name <address>`).
    static let contactForm7Footers = [
        "This e-mail was sent from a contact form on", "This is a notification that a contact form was submitted",
    ]

    static func isSenderKey(_ key: String) -> Bool {
        ["from", "von", "de", "sender"].contains(key.lowercased())
    }

    /// Contact Form 7's `From: Jane Okafor <jane@brightwater.example>` as a name and an email field.
    static func splitSender(_ field: FormField) -> [FormField] {
        guard isSenderKey(field.name), let open = field.value.lastIndex(of: "<"),
            let close = field.value.lastIndex(of: ">"), open < close
        else { return [field] }
        let name = field.value[..<open].trimmingSpaces()
        let email = String(field.value[field.value.index(after: open)..<close])
        return [FormField(name: "Name", value: name), FormField(name: "Email", value: email)]
    }

    /// Splits `Key: value` (also `Key : value`, `*Key:*`, `Key:` with the value on the next lines), and
    /// `Key - value` when the key is a standard field's label.
    static func keyValue(_ line: Substring) -> (String, Substring)? {
        // On the bytes: most lines have no colon, and a Character scan of each would cost more than the rest.
        guard let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")) else { return dashedKeyValue(line) }
        let rawKey = line[..<colon].trimmingScalars(in: " \t*")
        guard !rawKey.isEmpty, rawKey.count <= 40, !rawKey.utf8Contains("://"),
            rawKey.first?.isLetter == true
        else { return nil }
        let afterColon = line.utf8.index(after: colon)
        // A time ("Submitted 10:41 AM", "call after 14:30") is no label.
        if let before = line.utf8[..<colon].last, (0x30...0x39).contains(before),
            afterColon < line.utf8.endIndex, (0x30...0x39).contains(line.utf8[afterColon])
        {
            return nil
        }
        let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" || $0 == "*" }
        return (rawKey, value)
    }

    /// `Name - Jane Okafor`: a dash after a standard field's label (a short one; prose has dashes too).
    static func dashedKeyValue(_ line: Substring) -> (String, Substring)? {
        guard let dash = line.utf8Range(of: " - ") ?? line.utf8Range(of: " – "),
            line.utf8.distance(from: line.startIndex, to: dash.lowerBound) <= 40
        else { return nil }
        let key = line[..<dash.lowerBound].trimmingScalars(in: " \t*")
        guard StandardField.from(key: key) != nil else { return nil }
        return (key, line[dash.upperBound...].drop { $0 == " " || $0 == "\t" })
    }

    /// A short label such as "Country" or "How did you hear about us?": up to six words, starting upper-case.
    static func looksLikeKey(_ key: String) -> Bool {
        let words = key.split(separator: " ")
        return words.count <= 6 && key.first?.isUppercase == true && !key.hasSuffix(".")
    }
}
