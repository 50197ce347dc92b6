import ArgumentParser
import Foundation
import Intake

/// The exit codes of `leadmail run`, from sysexits.h, so that a supervisor (systemd) can tell "fix the
/// configuration, restarting will not help" from "try again later". Documented in README.md.
enum ServiceExitCode {
    /// Stopped cleanly (SIGTERM/SIGINT), or `--once` handled everything.
    static let clean: Int32 = 0
    /// The configuration (leadmail.yml, the relay URL or login, the templates, the mailbox path) must be fixed.
    static let configuration: Int32 = 78  // EX_CONFIG
    /// A temporary condition (database locked or on a full disk, an I/O error); restart later. `--once`
    /// also exits with it when messages stayed in new/ or replies wait for a retry.
    static let temporary: Int32 = 75  // EX_TEMPFAIL

    /// Which code an error that stopped the service deserves.
    static func code(for error: any Error) -> Int32 {
        switch ServiceFailure(error) {
        case .configuration: configuration
        case .temporary: temporary
        }
    }
}
