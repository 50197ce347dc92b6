import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Open iconv descriptors to UTF-8, kept between decodes and lent to one thread at a time.
///
/// `iconv_open` looks up and loads the charset's gconv module on every call, which costs more than decoding a
/// typical encoded word; a backlog decodes the same few legacy charsets thousands of times.
final class IconvDescriptors: Sendable {
    static let shared = IconvDescriptors()

    private let idle = Mutex<[String: [Idle]]>([:])
    /// At most this many idle descriptors are kept per charset (one per decoding thread is the usual need).
    private let keepPerCharset = 4

    /// Runs `body` with a descriptor from `charset` to UTF-8 in its initial state; nil when iconv does not know
    /// the charset.
    func with<T>(charset: String, _ body: (iconv_t) -> T) -> T? {
        guard let descriptor = take(charset) else { return nil }
        let result = body(descriptor)
        _ = iconv(descriptor, nil, nil, nil, nil)  // back to the initial shift state for the next user
        give(descriptor, charset)
        return result
    }

    private func take(_ charset: String) -> iconv_t? {
        if let reused = idle.withLock({ $0[charset]?.popLast() }) { return reused.descriptor }
        let descriptor = iconv_open("UTF-8", charset)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        return descriptor
    }

    private func give(_ descriptor: iconv_t, _ charset: String) {
        let keep = keepPerCharset
        let kept = idle.withLock { idle in
            guard idle[charset, default: []].count < keep else { return false }
            idle[charset, default: []].append(Idle(descriptor: descriptor))
            return true
        }
        if !kept { iconv_close(descriptor) }
    }

    /// A descriptor nobody uses: handed from the thread that last used it to the next one through the pool's lock,
    /// and used by one thread at a time.
    private struct Idle: @unchecked Sendable {
        let descriptor: iconv_t
    }
}
