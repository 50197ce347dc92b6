/// Why a message could not be read at all.
///
/// The `description` is a sentence a person can act on; it is stored as the quarantine reason, so it says
/// what was wrong with the file and what to do about it.
public enum MessageParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file has zero bytes or only whitespace.
    case empty
    /// The first line is not a header field (binary junk, or a bare body without headers).
    case noHeaders
    /// The message is larger than `ParseLimits.maxMessageSize`.
    case tooLarge(size: Int, limit: Int)
    /// One header block has more fields than `ParseLimits.maxHeaderCount`.
    case tooManyHeaders(limit: Int)
    /// One unfolded header field is longer than `ParseLimits.maxHeaderLength`.
    case headerTooLong(name: String, limit: Int)
    /// Multiparts or embedded messages nest deeper than `ParseLimits.maxDepth`.
    case tooDeep(limit: Int)
    /// The message has more MIME parts than `ParseLimits.maxParts`.
    case tooManyParts(limit: Int)

    /// What happened and what a person should do about it, in one or two sentences.
    public var description: String {
        switch self {
        case .empty:
            return "The message file is empty (no bytes or only whitespace); it was probably truncated "
                + "during delivery. Delete it or ask the sender to resend."
        case .noHeaders:
            return "The file does not start with email header fields, so it is not an RFC 5322 message "
                + "(binary data or a bare body). Inspect the file; delete it if it is junk."
        case .tooLarge(let size, let limit):
            return "The message is \(size) bytes, over the limit of \(limit) bytes. Raise maxMessageSize "
                + "if such messages are expected, or ask the sender to share large files by link."
        case .tooManyHeaders(let limit):
            return "A header block has more than \(limit) fields, which only broken or hostile mail does. "
                + "Inspect the file; raise maxHeaderCount only if the sender is trusted."
        case .headerTooLong(let name, let limit):
            return "The header field \"\(name)\" is longer than \(limit) bytes after unfolding. Inspect the "
                + "file; raise maxHeaderLength only if the sender is trusted."
        case .tooDeep(let limit):
            return "MIME parts or forwarded messages nest deeper than \(limit) levels, which only broken or "
                + "hostile mail does. Inspect the file; raise maxDepth only if the sender is trusted."
        case .tooManyParts(let limit):
            return "The message has more than \(limit) MIME parts. Inspect the file; raise maxParts only if "
                + "the sender is trusted."
        }
    }
}
