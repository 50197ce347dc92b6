#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The name LeadMail gives in EHLO when `heloName` is not set.
public enum HeloName {
    /// The machine's fully qualified name (its host name, or what the resolver gives as its canonical name) when
    /// that has a dot; else `fallbackDomain` (the From address's domain); else the short host name as a last resort.
    public static func `default`(fallbackDomain: String?) -> String {
        let host = hostName()
        if host.contains(".") { return host }
        if let canonical = canonicalName(of: host), canonical.contains("."), canonical != "localhost.localdomain" {
            return canonical
        }
        if let domain = fallbackDomain, domain.contains(".") { return domain }
        return host.isEmpty ? "localhost" : host
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The resolver's canonical name for `host` (/etc/hosts, DNS), as `hostname --fqdn` prints it.
    static func canonicalName(of host: String) -> String? {
        guard !host.isEmpty else { return nil }
        var hints = addrinfo()
        hints.ai_flags = AI_CANONNAME
        hints.ai_family = AF_UNSPEC
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        return first.pointee.ai_canonname.map { String(cString: $0) }
    }
}
