import Synchronization

/// Values kept while the store says nothing they were read from has changed (a version read in the reader's
/// snapshot), within a budget of bytes, the least recently used given up first. `SearchMatches` keeps each
/// word's matches by the search index's version, `ListPages` each list's first ids by `web_list_version`.
final class VersionedCache<Key: Hashable & Sendable, Version: Equatable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var version: Version
        var value: Value
        var bytes: Int
        var used: UInt64
    }

    private struct Kept {
        var entries: [Key: Entry] = [:]
        var clock: UInt64 = 0
        var bytes = 0
    }

    private let budget: Int
    private let kept = Mutex(Kept())

    init(budget: Int) {
        self.budget = budget
    }

    /// The value kept for `key` with this `version`, marked as just used.
    func value(for key: Key, version: Version) -> Value? {
        kept.withLock { kept -> Value? in
            guard var entry = kept.entries[key], entry.version == version else { return nil }
            kept.clock += 1
            entry.used = kept.clock
            kept.entries[key] = entry
            return entry.value
        }
    }

    /// Keeps `value` for `key`, read with `version`, in place of what was kept for it; then gives up the least
    /// recently used values while the kept ones pass the budget (never the last one).
    func keep(_ value: Value, for key: Key, version: Version, bytes: Int) {
        kept.withLock { kept in
            kept.clock += 1
            if let old = kept.entries.updateValue(
                Entry(version: version, value: value, bytes: bytes, used: kept.clock), forKey: key)
            {
                kept.bytes -= old.bytes
            }
            kept.bytes += bytes
            while kept.bytes > budget, kept.entries.count > 1,
                let oldest = kept.entries.min(by: { $0.value.used < $1.value.used })
            {
                kept.entries[oldest.key] = nil
                kept.bytes -= oldest.value.bytes
            }
        }
    }
}
