import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Open iconv descriptors to UTF-8, kept between decodes and lent to one thread at a time.
///
/// `iconv_open` looks up and loads the charset's gconv module on every call, which costs more than decoding a
/// typical encoded word; a backlog decodes the same few legacy charsets thousands of times.
final class IconvDescriptors: @unchecked Sendable {
    static let shared = IconvDescriptors()

    private let lock = NSLock()
    private var idle: [String: [iconv_t]] = [:]
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
        if let reused = lock.withLock({ idle[charset]?.popLast() }) { return reused }
        let descriptor = iconv_open("UTF-8", charset)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        return descriptor
    }

    private func give(_ descriptor: iconv_t, _ charset: String) {
        let kept = lock.withLock {
            guard idle[charset, default: []].count < keepPerCharset else { return false }
            idle[charset, default: []].append(descriptor)
            return true
        }
        if !kept { iconv_close(descriptor) }
    }
}
