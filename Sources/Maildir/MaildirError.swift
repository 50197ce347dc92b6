#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thrown when a maildir operation fails; says which path, what the system reported and what to do about it.
///
/// Callers usually log `description` as it is: it is written for the person running LeadMail.
public struct MaildirError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The step that failed, so callers can tell a full disk on delivery from an unreadable message.
    public enum Operation: String, Sendable, Equatable {
        case create = "create the maildir directory"
        case deliver = "deliver a message to"
        case list = "list"
        case read = "read the message"
        case markSeen = "move the message to cur/ from"
        case quarantine = "quarantine the message"
        case claim = "claim the message"
        case watch = "watch"
    }

    /// What LeadMail was doing.
    public var operation: Operation
    /// The file or directory the failing system call was given.
    public var path: String
    /// The `errno` value, when a system call failed; `nil` for problems LeadMail detected itself.
    public var errorNumber: Int32?
    /// Extra detail when there was no `errno`, e.g. "the message is not in new/ or cur/".
    public var detail: String?

    public init(operation: Operation, path: String, errorNumber: Int32? = nil, detail: String? = nil) {
        self.operation = operation
        self.path = path
        self.errorNumber = errorNumber
        self.detail = detail
    }

    /// The system's text for `errorNumber` ("No such file or directory"), or `nil`.
    public var systemMessage: String? {
        guard let errorNumber else { return nil }
        return String(cString: strerror(errorNumber))
    }

    public var description: String {
        var text = "Could not \(operation.rawValue) \(path)"
        if let systemMessage, let errorNumber {
            text += ": \(systemMessage) (errno \(errorNumber))"
        }
        if let detail {
            text += ": \(detail)"
        }
        return text + ". " + advice
    }

    /// What the user should do, chosen from the errno.
    var advice: String {
        switch errorNumber {
        case EACCES, EPERM:
            return "Give the user running LeadMail read and write access to that directory (check owner and mode)."
        case ENOENT:
            return "Check the path; create the maildir first (new/, cur/ and tmp/) or fix the configured location."
        case ENOTDIR:
            return "A part of that path is a regular file, not a directory; choose another maildir location."
        case ENOSPC, EDQUOT:
            return "The disk or quota is full; free some space and try again."
        case EROFS:
            return "The file system is read-only; point LeadMail at a writable location."
        case EEXIST:
            return "Another file already has that name; retry, the next attempt picks a new unique name."
        case .none:
            return "Check the maildir's contents and try again."
        default:
            return "Check that the path exists, is a directory and is writable, then try again."
        }
    }
}
