import Foundation
import Leads
import LeadStore
import Logging
import Maildir
import SMTP
import Templates

/// The running service: watches the mailbox, records what arrives, and keeps the outbox moving.
///
/// `leadmail run` is `run()`, `leadmail run --once` is `runOnce()`, `leadmail ingest` is `ingest(paths:)`.
public struct LeadMailService: Sendable {
    public let configuration: LeadMailConfiguration
    public let pipeline: IntakePipeline
    public let outbox: OutboxWorker
    let mailbox: Maildir
    let quarantine: Maildir
    let logger: Logger

    /// Opens the store, loads the templates and sets up the transport.
    /// - Throws: `StoreError`, `TemplateLibraryError` (with every file:line problem) or `TransportError`.
    public init(
        configuration: LeadMailConfiguration, transport: (any MailTransport)? = nil,
        retry: OutboxWorker.RetryPolicy = .init(), logger: Logger = Logger(label: "leadmail"),
        clock: @escaping @Sendable () -> Date = Date.init
    ) throws {
        self.configuration = configuration
        self.logger = logger
        let store = try SQLiteLeadStore(path: configuration.store)
        let templates = try TemplateCatalog(directory: configuration.templates)
        pipeline = IntakePipeline(
            configuration: configuration, store: store, templates: templates, logger: logger, clock: clock)
        outbox = OutboxWorker(
            store: store, transport: try transport ?? configuration.makeTransport(), retry: retry, logger: logger,
            clock: clock)
        mailbox = Maildir(path: configuration.mailbox)
        quarantine = Maildir(path: configuration.quarantine)
    }

    /// Handles every message now in new/, oldest first. Stops between messages when the task is cancelled.
    public func processBacklog(progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> IntakeSummary {
        try mailbox.create()
        let waiting = try mailbox.newMessages()
        var summary = IntakeSummary()
        for (index, item) in waiting.enumerated() {
            if Task.isCancelled { break }
            do {
                summary.add(try await pipeline.handle(item, in: mailbox, quarantine: quarantine))
            } catch {
                summary.deferred += 1
                logger.error("\(item.name) stays in new/ and will be tried again: \(error)")
            }
            progress?(index + 1, waiting.count)
        }
        return summary
    }

    /// The backlog, then one pass over the outbox; for cron jobs and the demo.
    public func runOnce() async throws -> (intake: IntakeSummary, delivery: OutboxWorker.Report) {
        let intake = try await processBacklog()
        let delivery = try await outbox.drain()
        return (intake, delivery)
    }

    /// Watches the mailbox until the task is cancelled (SIGINT/SIGTERM): each wake handles the new messages,
    /// takes template edits that pass the check, and sends what is due.
    public func run() async throws {
        try mailbox.create()
        logger.info("watching \(configuration.mailbox)")
        var templatesStamp = TemplateFolderStamp(directory: configuration.templates)
        let watcher = MaildirWatcher(maildir: mailbox, pollInterval: configuration.pollInterval)
        for try await _ in watcher {
            if Task.isCancelled { break }
            if templatesStamp.changed() {
                let problems = await pipeline.templates.reload()
                if problems.isEmpty {
                    logger.info("templates reloaded from \(configuration.templates)")
                } else {
                    let list = problems.map(\.description).joined(separator: "\n")
                    logger.error("template edit not taken, the last good version keeps answering:\n\(list)")
                }
            }
            _ = try await processBacklog()
            do {
                _ = try await outbox.drain()
            } catch {
                logger.error("outbox: \(error)")
            }
        }
        logger.info("stopped")
    }

    /// Takes .eml files and whole maildirs (their new/ and cur/), for backfill and for files staff saved.
    /// Messages in a maildir's new/ move to cur/ once recorded; other files are left where they are.
    public func ingest(paths: [String], progress: (@Sendable (Int, Int) -> Void)? = nil) async throws
        -> IntakeSummary
    {
        var work: [(path: String, maildir: Maildir?, item: MaildirMessage?)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw IntakeError.notFound(path)
            }
            if isDirectory.boolValue {
                let maildir = Maildir(path: path)
                guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("new")) else {
                    throw IntakeError.notAMaildir(path)
                }
                // A copied or freshly cloned maildir may lack its empty cur/ and tmp/; recorded messages move there.
                try maildir.create()
                work += try maildir.newMessages().map { ($0.path, maildir, $0) }
                work += try maildir.curMessages().map { ($0.path, nil, nil) }
            } else {
                work.append((path, nil, nil))
            }
        }
        var summary = IntakeSummary()
        for (index, entry) in work.enumerated() {
            if Task.isCancelled { break }
            do {
                if let maildir = entry.maildir, let item = entry.item {
                    summary.add(try await pipeline.handle(item, in: maildir, quarantine: quarantine))
                } else {
                    guard let data = FileManager.default.contents(atPath: entry.path) else {
                        throw IntakeError.unreadable(entry.path)
                    }
                    summary.add(try await pipeline.handleFile([UInt8](data), origin: entry.path, quarantine: quarantine))
                }
            } catch {
                summary.deferred += 1
                logger.error("\(entry.path) was not handled: \(error)")
            }
            progress?(index + 1, work.count)
        }
        return summary
    }
}

/// Problems with what `leadmail ingest` was asked to read.
public enum IntakeError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case notAMaildir(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path) does not exist; give .eml files or maildir folders"
        case .notAMaildir(let path): "\(path) is a folder but not a maildir (it has no new/); give its .eml files instead"
        case .unreadable(let path): "\(path) cannot be read; check its permissions"
        }
    }
}

/// Notices edits in the templates folder by the newest modification time, cheaply enough to check on every wake.
struct TemplateFolderStamp {
    let directory: String
    private var last: Date?

    init(directory: String) {
        self.directory = directory
        last = Self.newest(in: directory)
    }

    mutating func changed() -> Bool {
        let now = Self.newest(in: directory)
        defer { last = now }
        return now != last
    }

    static func newest(in directory: String) -> Date? {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return nil }
        var newest: Date?
        for case let name as String in walker {
            let path = (directory as NSString).appendingPathComponent(name)
            if let date = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date,
               newest.map({ date > $0 }) ?? true {
                newest = date
            }
        }
        return newest
    }
}
