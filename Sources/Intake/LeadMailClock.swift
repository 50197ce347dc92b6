import Foundation

/// The time LeadMail works by. Normally the system clock; `LEADMAIL_NOW=2026-11-30T09:00:00Z` starts it at
/// another moment (it keeps running from there), so that tests, demos and replays can reach due dates,
/// overdue follow-ups and the morning digest without waiting days.
public enum LeadMailClock {
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ClockError) -> @Sendable () -> Date
    {
        guard let text = environment["LEADMAIL_NOW"], !text.isEmpty else { return Date.init }
        guard let start = try? Date(text, strategy: .iso8601) else { throw ClockError(text: text) }
        let offset = start.timeIntervalSinceNow
        return { Date().addingTimeInterval(offset) }
    }

    /// LEADMAIL_NOW that is not an ISO 8601 time.
    public struct ClockError: Error, CustomStringConvertible {
        public var text: String
        public var description: String {
            "LEADMAIL_NOW='\(text)' is not an ISO 8601 time; write e.g. 2026-11-30T09:00:00Z, or unset it"
        }
    }
}
