import Foundation
import Synchronization

/// Failed sign-ins per account and per client address in a sliding window: past the limit, sign-in is refused
/// without checking the password until the oldest failure leaves the window. Kept in memory: a restart forgives.
public final class LoginThrottle: Sendable {
    public struct Limits: Sendable, Hashable {
        public var perAccount: Int
        public var perAddress: Int
        public var window: TimeInterval

        public init(perAccount: Int = 5, perAddress: Int = 20, window: TimeInterval = 15 * 60) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.window = window
        }
    }

    private let limits: Limits
    private let clock: @Sendable () -> Date
    private let failures = Mutex<[String: [Date]]>([:])

    public init(limits: Limits = Limits(), clock: @escaping @Sendable () -> Date = Date.init) {
        self.limits = limits
        self.clock = clock
    }

    /// When sign-in for this account or from this address may be tried again; nil when it may now.
    public func blockedUntil(account: String, address: String) -> Date? {
        let now = clock()
        return failures.withLock { failures in
            var until: Date?
            for (key, limit) in keys(account, address) {
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < limits.window }
                failures[key] = recent.isEmpty ? nil : recent
                if recent.count >= limit, let oldest = recent.first {
                    let free = oldest.addingTimeInterval(limits.window)
                    until = max(until ?? free, free)
                }
            }
            return until
        }
    }

    public func recordFailure(account: String, address: String) {
        let now = clock()
        failures.withLock { failures in
            for (key, _) in keys(account, address) { failures[key, default: []].append(now) }
        }
    }

    /// A successful sign-in forgives the account's failures (not the address's).
    public func recordSuccess(account: String) {
        failures.withLock { $0["account:\(account.lowercased())"] = nil }
    }

    private func keys(_ account: String, _ address: String) -> [(String, Int)] {
        [("account:\(account.lowercased())", limits.perAccount), ("address:\(address)", limits.perAddress)]
    }
}
