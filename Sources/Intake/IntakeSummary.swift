import Leads

/// Counts of what a batch of messages did, for the end-of-run summary.
public struct IntakeSummary: Sendable, Hashable {
    public var created = 0
    public var attached = 0
    public var duplicates = 0
    public var ignored = 0
    public var quarantined = 0
    public var repliesQueued = 0
    /// Messages that could not be handled this time (database or file errors); they stay in new/ for the next run.
    public var deferred = 0

    public init() {}

    public var total: Int { created + attached + duplicates + ignored + quarantined + deferred }

    /// Adds another part's counts (a batch filed separately).
    mutating func add(_ other: IntakeSummary) {
        created += other.created
        attached += other.attached
        duplicates += other.duplicates
        ignored += other.ignored
        quarantined += other.quarantined
        repliesQueued += other.repliesQueued
        deferred += other.deferred
    }

    mutating func add(_ disposition: MessageDisposition) {
        switch disposition {
        case .quarantined:
            quarantined += 1
        case .recorded(let outcome, let queued):
            if queued != nil { repliesQueued += 1 }
            switch outcome {
            case .created: created += 1
            case .attached: attached += 1
            case .duplicate: duplicates += 1
            case .ignored: ignored += 1
            }
        }
    }
}
