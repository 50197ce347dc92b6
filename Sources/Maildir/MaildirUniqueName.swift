import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes maildir file names in the standard form `time.M<usec>P<pid>Q<counter>.<hostname>`.
///
/// The counter makes names unique within this process even within one microsecond; the pid and hostname make
/// them unique across processes and machines sharing the directory.
enum MaildirUniqueName {
    private static let counter = DeliveryCounter()

    /// The host name with `/` and `:` escaped as the maildir specification asks (`\057`, `\072`).
    static let hostname: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard !name.isEmpty else { return "localhost" }
        return name.replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
    }()

    static func next() -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        let sequence = counter.next()
        return "\(now.tv_sec).M\(now.tv_usec)P\(getpid())Q\(sequence).\(hostname)"
    }
}

/// A process-wide, thread-safe delivery counter for the `Q` part of unique names.
private final class DeliveryCounter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}
