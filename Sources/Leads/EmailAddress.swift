import Foundation
import MIME

/// Address rules that decide when two spellings are the same mailbox.
public enum EmailAddress {
    /// The form used as a contact key: trimmed, angle brackets removed, case-folded.
    ///
    /// Case-folding the local part is not what RFC 5321 promises, but every mailbox provider in use treats
    /// `Anna.Schmidt@` and `anna.schmidt@` as one person, and a CRM that does not would split the lead.
    public static func normalised(_ address: String) -> String {
        address.trimmingScalars(in: " \t<>\"'")
            .lowercased()
    }

    /// A light syntax check for addresses typed into forms: one `@`, something on each side, a dot in the domain,
    /// no spaces.
    public static func isPlausible(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].utf8Contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }
}
