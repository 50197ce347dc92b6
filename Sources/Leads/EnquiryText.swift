import Foundation
import MIME

/// Cuts an email body down to what the enquirer wrote this time: no quoted history, no forwarded tail, no
/// signature.
///
/// Works line by line in one pass, so a long thread costs no more than reading it.
public enum EnquiryText {
    /// The enquirer's own words from a plain-text body.
    public static func ownWords(in body: String) -> String {
        var kept: [Substring] = []
        for line in body.linesSplitAtLineFeed {
            let trimmed = line.trimmedSpaces
            if isSignatureSeparator(line) || startsQuotedHistory(trimmed) { break }
            if trimmed.utf8.first == UInt8(ascii: ">"), trimmed.hasPrefix(">") { continue }
            kept.append(line)
        }
        return tidy(kept)
    }

    /// The signature block of a body (the lines after `-- `, or the last short block of the own words), where
    /// phone numbers and company names usually sit.
    public static func signature(in body: String, ownWords known: String? = nil) -> [String] {
        let lines = body.linesSplitAtLineFeed
        var signature: [String] = []
        var inSignature = false
        for line in lines {
            let trimmed = line.trimmedSpaces
            if startsQuotedHistory(trimmed) { break }
            if isSignatureSeparator(line) {
                inSignature = true
                signature.removeAll()
                continue
            }
            if inSignature { signature.append(String(trimmed)) }
        }
        if !signature.isEmpty { return signature.filter { !$0.isEmpty } }
        // No separator: take the last paragraph of the own words if it is short, as sign-offs are.
        let own = (known ?? ownWords(in: body)).linesSplitAtLineFeed
        let lastBlock = own.reversed().prefix { !$0.trimmedSpaces.isEmpty }
        return lastBlock.count <= 6 ? lastBlock.reversed().map { String($0.trimmedSpaces) } : []
    }

    /// `-- ` (RFC 3676) and the variants mail clients and people type.
    static func isSignatureSeparator(_ line: Substring) -> Bool {
        // Every separator has 2 to 4 bytes: other lines are not compared.
        guard (2...4).contains(line.utf8.count) else { return false }
        return line == "-- " || line == "--" || line == "-- \r" || line == "__" || line == "—"
    }

    /// The first line of a quoted or forwarded tail in the formats of common clients.
    static func startsQuotedHistory(_ line: Substring) -> Bool {
        // Asked of every line: the markers below begin with "-", "B" or "_", so other lines skip the prefix tests.
        switch line.utf8.first {
        case UInt8(ascii: "-"):
            if line.hasPrefix("-----Original Message-----") || line.hasPrefix("----- Original Message -----")
                || line.hasPrefix("---------- Forwarded message") || line.hasPrefix("-------- Forwarded Message")
            {
                return true
            }
        case UInt8(ascii: "B"):
            if line.hasPrefix("Begin forwarded message:") { return true }
        case UInt8(ascii: "_"):
            if line.hasPrefix("________________________________") { return true }
        default:
            break
        }
        // "On Mon, 16 Nov 2026 at 10:02, Anna <a@b> wrote:" (Gmail, Apple Mail, Thunderbird), and its translations.
        // All of them end in a colon: other lines (nearly all) are not lowercased.
        guard line.utf8.last == UInt8(ascii: ":") else { return false }
        let lower = line.lowercasedInRuns()
        if (lower.hasPrefix("on ") && lower.hasSuffix("wrote:"))
            || (lower.hasPrefix("am ") && lower.utf8Contains(" schrieb") && lower.hasSuffix(":"))
            || (lower.hasPrefix("le ") && lower.hasSuffix("a écrit :"))
            || (lower.hasPrefix("el ") && lower.hasSuffix("escribió:"))
        {
            return true
        }
        return false
    }

    /// Joins lines, trims trailing spaces, and keeps at most one blank line in a row.
    static func tidy(_ lines: [Substring]) -> String {
        // Written straight into one buffer of UTF-8 (the spaces, tabs and CRs trimmed are ASCII, so the lines are
        // cut at the same places as scalar by scalar), instead of a String per line joined at the end.
        var out: [UInt8] = []
        var blank = false
        var blankPending = false
        for line in lines {
            let kept =
                line.utf8.withContiguousStorageIfAvailable { Array($0[..<trailingSpacesStart($0)]) }
                ?? Array(line.trimmingTrailingSpaces.utf8)
            if kept.isEmpty {
                if !blank && !out.isEmpty { blankPending = true }
                blank = true
                continue
            }
            if !out.isEmpty { out.append(0x0A) }
            if blankPending { out.append(0x0A) }
            out += kept
            blank = false
            blankPending = false
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where the trailing spaces, tabs and carriage returns of a line begin.
    private static func trailingSpacesStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }
}
