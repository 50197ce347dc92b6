/// Limits that make hostile input safe; beyond them `MessageParser.parse(_:)` throws instead of using
/// unbounded memory or time.
///
/// The defaults accept every real message we have seen; tighten them for untrusted batch jobs, loosen
/// them only for archives you trust.
public struct ParseLimits: Sendable, Hashable {
    /// The largest raw message, in bytes, that is read at all.
    public var maxMessageSize: Int
    /// The most header fields allowed in one header block (the message's or a part's).
    public var maxHeaderCount: Int
    /// The longest single header field, in bytes, after unfolding.
    public var maxHeaderLength: Int
    /// How deeply multiparts and embedded messages may nest.
    public var maxDepth: Int
    /// How many MIME parts the whole message may contain, embedded messages included.
    public var maxParts: Int

    /// Generous limits suited to a sales inbox: 64 MiB, 1,000 fields, 64 KiB per field, depth 20, 2,000 parts.
    public static let `default` = ParseLimits()

    /// Use when a deployment needs limits other than `default`; every argument defaults to the standard value.
    public init(
        maxMessageSize: Int = 64 * 1024 * 1024,
        maxHeaderCount: Int = 1_000,
        maxHeaderLength: Int = 64 * 1024,
        maxDepth: Int = 20,
        maxParts: Int = 2_000
    ) {
        self.maxMessageSize = maxMessageSize
        self.maxHeaderCount = maxHeaderCount
        self.maxHeaderLength = maxHeaderLength
        self.maxDepth = maxDepth
        self.maxParts = maxParts
    }
}
