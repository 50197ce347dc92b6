import Foundation
import LeadStore
import Maildir
import PostgresStore
import SMTP
import Templates

/// What an error that stopped the service asks of the operator: fix the set-up, or wait and start again.
///
/// Intake knows its parts' errors (configuration, templates, maildir, relay, store); the shells only turn the
/// answer into their own terms, an exit code for a supervisor such as systemd.
public enum ServiceFailure: Sendable, Hashable {
    /// The configuration, the relay URL or login, the templates or the mailbox path must be fixed: restarting
    /// will not help.
    case configuration
    /// A condition that passes (database locked or on a full disk, an I/O error, the relay away): start again later.
    case temporary

    public init(_ error: any Error) {
        switch error {
        case is ConfigurationError, is TemplateLibraryError:
            self = .configuration
        case let error as IntakeError:
            if case .mailboxMissing = error { self = .configuration } else { self = .temporary }
        case let error as TransportError:
            self = error.kind == .configuration ? .configuration : .temporary
        case let error as MaildirError:
            let fixable: Set<Int32> = [EACCES, EPERM, ENOTDIR, ENOENT, EROFS]
            self = fixable.contains(error.errorNumber ?? 0) ? .configuration : .temporary
        case is StoreError:
            self = .temporary
        case let error as PostgresError:
            // A wrong URL, user, password or database name; a server that is down or restarting passes.
            self = error.isConfiguration ? .configuration : .temporary
        default:
            self = .temporary
        }
    }
}
