import Foundation
import Maildir
import TestSupport
import Testing

/// A database locked by another process (python3's sqlite3 holding BEGIN EXCLUSIVE) while `leadmail run --once`
/// runs with a short `storeBusyTimeout`: nothing is lost, the messages wait in new/, the exit code is 75 and
/// the log says why; once the lock is gone a rerun records every message.
@Suite("A locked database defers intake")
struct LockedDatabaseTests {
    /// Holds an exclusive lock on `database` until killed; returns once the lock is taken.
    static func lock(_ database: String, marker: String) async throws -> Process {
        let script = """
            import sqlite3, sys, time
            connection = sqlite3.connect(sys.argv[1], isolation_level=None)
            connection.execute("BEGIN EXCLUSIVE")
            open(sys.argv[2], "w").close()
            time.sleep(120)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, database, marker]
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = ContinuousClock.now + .seconds(10)
        while !FileManager.default.fileExists(atPath: marker) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw SMTPTestServerError("python3 could not lock \(database)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process
    }

    @Test("messages stay in new/ with exit 75 and a clear line; after the lock is gone all are recorded")
    func lockedThenFree() async throws {
        let workspace = try CLIWorkspace(extra: "storeBusyTimeout: 0.5\n")
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        let first = try await workspace.leadmail("run", "--once")  // creates the database and its schema
        #expect(first.status == 0, "\(first.stderr.suffix(400))")
        let load = try LoadInbox(count: 12)
        try load.deliver(0..<12, into: inbox)
        let database = workspace.directory.path + "/leadmail.sqlite"

        let holder = try await Self.lock(database, marker: workspace.directory.path + "/locked")
        let locked = try await workspace.leadmail("run", "--once")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()

        #expect(locked.status == 75, "\(locked.stderr.suffix(600))")
        #expect(locked.stderr.contains("database is locked"), "\(locked.stderr.suffix(600))")
        #expect(try inbox.newMessages().count == 12)
        #expect(try inbox.curMessages().isEmpty)

        let later = try await workspace.leadmail("run", "--once")
        #expect(later.status == 0, "\(later.stderr.suffix(400))")
        #expect(try inbox.newMessages().isEmpty)
        let leads = try SQLiteQuery.column(database: database, sql: "SELECT lower(email) FROM leads")
        #expect(Set(leads) == Set(load.leadEmails) && leads.count == load.leadEmails.count)
    }
}
