import Foundation

/// Makes Message-IDs for the mail we send.
public enum MessageID {
    /// A globally unique Message-ID on our domain, e.g. "20261123180102.3f9a1c2b7d4e@acme.example":
    /// the UTC time to the second plus 48 random bits, so ids sort by time and never collide in practice.
    public static func make(domain: String) -> String {
        let host = domain.isEmpty ? "localhost" : domain
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() & 0xFFFF_FFFF_FFFF
        let hex = String(random, radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        return "\(MailDateFormatter.compactTimestamp(Date())).\(padded)@\(host)"
    }
}
