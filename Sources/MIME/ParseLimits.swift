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
    /// The most bytes of the body text and of the HTML decoded into `Message.text` and `Message.html`, cut at a
    /// line's end; nil for all of them. Not a refusal: the message is read, its text is a prefix.
    public var maxTextLength: Int?

    /// Generous limits suited to a sales inbox: 64 MiB, 1,000 fields, 64 KiB per field, depth 20, 2,000 parts.
    public static let `default` = ParseLimits()

    /// The limits LeadMail's intake parses with: the defaults, and text and HTML read up to 256 KiB, far more than
    /// any enquiry. What a message costs then no longer grows with its text (a 60 MB body is not decoded into a
    /// 60 MB string, read for an enquiry and stored); the whole message stays in the maildir.
    public static let intake = ParseLimits(maxTextLength: 256 * 1024)

    /// Use when a deployment needs limits other than `default`; every argument defaults to the standard value.
    public init(
        maxMessageSize: Int = 64 * 1024 * 1024,
        maxHeaderCount: Int = 1_000,
        maxHeaderLength: Int = 64 * 1024,
        maxDepth: Int = 20,
        maxParts: Int = 2_000,
        maxTextLength: Int? = nil
    ) {
        self.maxMessageSize = maxMessageSize
        self.maxHeaderCount = maxHeaderCount
        self.maxHeaderLength = maxHeaderLength
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxTextLength = maxTextLength
    }
}
