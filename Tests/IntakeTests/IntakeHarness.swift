import Foundation
import Intake
import Maildir
import TestSupport

/// A LeadMail installation in a temporary folder: inbox, store, quarantine and outbox of its own, the shipped
/// templates and source rules (the repository's leadmail.yml), and optionally a real SMTP relay. The store is a
/// SQLite file, or with `.postgres` a fresh database on the test process's PostgreSQL cluster.
struct IntakeHarness {
    let directory: TemporaryDirectory
    var configuration: LeadMailConfiguration

    init(relay: String? = nil, store: StoreKind = .sqlite) throws {
        directory = try TemporaryDirectory()
        configuration = try ConfigurationLoader(environment: [:]).load(path: RepositoryPaths.root + "/leadmail.yml")
        configuration.templates = RepositoryPaths.templates
        configuration.mailbox = directory.path + "/inbox"
        switch store {
        case .sqlite: configuration.store = directory.path + "/leadmail.sqlite"
        case .postgres:
            let database = try PostgresTestCluster.shared().freshDatabase()
            configuration.store =
                "postgres://postgres@127.0.0.1:\(database.port)/\(database.database)?sslmode=disable"
        }
        configuration.quarantine = directory.path + "/quarantine"
        configuration.outbox = directory.path + "/outbox"
        configuration.relay = relay.map { RelaySettings(url: $0, allowPlaintext: true) }
        // The samples are an inbox of November 2026, replayed at today's date: the age limit on automatic
        // replies would answer none of them. ReplyAgeTests sets it and checks it.
        configuration.intake.replyMaxAge = nil
        try inbox.create()
    }

    var inbox: Maildir { Maildir(path: configuration.mailbox) }
    var quarantine: Maildir { Maildir(path: configuration.quarantine) }

    /// Copies every sample message into the inbox's new/, as the MTA would have delivered them.
    func deliverSamples() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.samples + "/new").sorted()
        for name in names {
            try FileManager.default.copyItem(
                atPath: RepositoryPaths.samples + "/new/" + name, toPath: configuration.mailbox + "/new/" + name)
        }
    }

    func sampleBytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.samples + "/new/" + name)))
    }

    func service(
        retry: OutboxWorker.RetryPolicy = .init(), clock: @escaping @Sendable () -> Date = Date.init
    ) throws -> LeadMailService {
        try LeadMailService(configuration: configuration, retry: retry, clock: clock)
    }
}

/// A clock the test moves by hand, to reach retry times without waiting.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date()

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}
