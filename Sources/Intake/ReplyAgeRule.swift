import Foundation
import MIME

/// Whether a message is too old for an automatic reply (issue: a backfill answered mail from last year).
///
/// A message is old when its Date says so, or when it reached the mailbox long ago: the topmost `Received`
/// field, or the time a maildir name starts with (`1733540000.M…`, set by the delivering MTA), whichever is
/// known. Either alone is enough, so a sender's wrong clock and a file copied into new/ today both count.
struct ReplyAgeRule: Sendable {
    /// The oldest a message may be and still be answered.
    var maxAge: TimeInterval

    /// Why the message gets no reply (for its log), or nil when it is recent enough.
    /// - Parameter origin: the maildir file name or the path the message came from.
    func reasonNotToAnswer(_ message: Message, origin: String, now: Date) -> String? {
        let limit = now.addingTimeInterval(-maxAge)
        if let written = message.date, written < limit {
            return "not answered: older than \(days) (dated \(Self.day(written)))"
        }
        let arrived = [message.receivedDate, Self.deliveryTime(inMaildirName: origin)].compactMap { $0 }.min()
        if let arrived, arrived < limit {
            return "not answered: older than \(days) (reached the mailbox \(Self.day(arrived)))"
        }
        return nil
    }

    private var days: String {
        let count = maxAge / (24 * 3600)
        let number = count == count.rounded() ? String(Int(count)) : String(format: "%.1f", count)
        return count == 1 ? "1 day" : "\(number) days"
    }

    private static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }

    /// The delivery time at the start of a maildir unique name (`time.M…`, `time.V…`, qmail's `time.pid.host`),
    /// also behind LeadMail's claim prefix `.claim.PID.`; nil for a name of another shape (`enquiry.eml`).
    static func deliveryTime(inMaildirName origin: String) -> Date? {
        let name =
            origin.utf8.lastIndex(of: UInt8(ascii: "/")).map { origin[origin.utf8.index(after: $0)...] }
            ?? origin[...]
        // The first dot-separated piece of 9 to 11 digits: the claim's PID is shorter than a time since 2001.
        for piece in name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: true) {
            guard (9...11).contains(piece.count),
                piece.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { continue }
            let seconds = piece.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return nil
    }
}
