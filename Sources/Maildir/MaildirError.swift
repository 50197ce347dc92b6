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
    /// Why an entry of new/ is not a message at all, when that is the problem: it will never be one, so it
    /// belongs in the quarantine rather than in new/ to be tried again.
    public var refusal: Refusal?

    /// Why a directory entry cannot be read as a message, however often it is tried.
    public enum Refusal: Sendable, Equatable, CustomStringConvertible {
        /// A FIFO, a device, a directory, a socket or a symbolic link: only regular files are messages.
        case notARegularFile(EntryKind)
        /// More bytes than the largest message LeadMail reads (`size` is at least `limit + 1`).
        case tooLarge(size: Int, limit: Int)

        public var description: String {
            switch self {
            case .notARegularFile(let kind):
                "it is \(kind), not a regular file, and only regular files are messages"
            case .tooLarge(let size, let limit):
                "it is \(size) bytes or more, over the limit of \(limit) bytes"
            }
        }
    }

    public init(operation: Operation, path: String, errorNumber: Int32? = nil, detail: String? = nil) {
        self.operation = operation
        self.path = path
        self.errorNumber = errorNumber
        self.detail = detail
    }

    /// An entry that is not a message (`refusal`), found while trying to `operation` it.
    public init(operation: Operation, path: String, refusal: Refusal) {
        self.init(operation: operation, path: path)
        self.refusal = refusal
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
        if let refusal {
            text += ": \(refusal)"
        }
        return text + ". " + advice
    }

    /// What the user should do, chosen from the errno.
    var advice: String {
        switch refusal {
        case .notARegularFile?:
            return "It is moved to the quarantine; find out what put it in the maildir."
        case .tooLarge?:
            return "It is moved to the quarantine; ask the sender to share large files by link."
        case nil:
            break
        }
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

/// What a directory entry is, from its `st_mode`: to say why an entry of new/ is not a message.
public enum EntryKind: String, Sendable, Equatable, CustomStringConvertible {
    case regularFile = "a regular file"
    case directory = "a directory"
    case symbolicLink = "a symbolic link"
    case fifo = "a named pipe (FIFO)"
    case characterDevice = "a character device"
    case blockDevice = "a block device"
    case socket = "a socket"
    case unknown = "a file of unknown type"

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        default: self = .unknown
        }
    }

    public var description: String { rawValue }
}
