import Foundation
import PostgresStore
import Synchronization

/// One throw-away PostgreSQL server per test process, started the first time a test asks for it and shared by
/// every suite: `initdb` and `pg_ctl` on a temporary folder, trust authentication, 127.0.0.1 on a free port,
/// no fsync. Each test gets a database of its own, copied from a migrated template (`CREATE DATABASE … TEMPLATE`),
/// so it starts on the current schema in milliseconds. The server is stopped when the process exits.
///
/// `initdb` and `pg_ctl` refuse to run as root: as root they run as the `postgres` user (Debian's package makes
/// it), on a folder that user owns.
public final class PostgresTestCluster: Sendable {
    /// Debian's PostgreSQL 15 (`make test-deps`).
    static let binaries = "/usr/lib/postgresql/15/bin"
    public let port: Int
    let folder: String
    private let counter = Mutex(0)
    private let data: String
    private let asRoot: Bool
    private let options: String

    /// The cluster of this process, started on first use.
    public static func shared() throws -> PostgresTestCluster {
        try started.withLock { cluster in
            if let cluster { return try cluster.get() }
            let result = Result { try PostgresTestCluster() }
            cluster = result
            return try result.get()
        }
    }

    private static let started = Mutex<Result<PostgresTestCluster, any Error>?>(nil)

    /// A server of its own, for a test that stops and starts it (`stop()`, `start()`) while others use the
    /// shared one; stopped when the process exits.
    public static func dedicated() throws -> PostgresTestCluster {
        try PostgresTestCluster()
    }

    /// Stops the server as an administrator's restart does (`pg_ctl stop -m fast`): sessions are ended, their
    /// open transactions rolled back, committed work kept.
    public func stop() throws {
        try Self.run("\(Self.binaries)/pg_ctl -D \(data) -m fast -w stop", asRoot: asRoot, log: folder + "/pg_ctl.log")
    }

    /// Starts it again on the same port and data.
    public func start() throws {
        try Self.run(
            "\(Self.binaries)/pg_ctl -D \(data) -l \(folder)/server.log -w -t 60 -o '\(options)' start",
            asRoot: asRoot, log: folder + "/pg_ctl.log")
    }

    /// Where the tests connect: the superuser `postgres`, trusted on 127.0.0.1.
    public func location(database: String = "postgres") throws -> PostgresLocation {
        try PostgresLocation(
            url: "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable", environment: [:])
    }

    /// A new, empty database on the current schema, for one test.
    public func freshDatabase() throws -> PostgresLocation {
        let number = counter.withLock { value in
            value += 1
            return value
        }
        let name = "t_\(getpid())_\(number)"
        let admin = try PostgresConnection(location())
        try admin.execute("CREATE DATABASE \(name) TEMPLATE leadmail_template")
        return try location(database: name)
    }

    private init() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaries + "/initdb") else {
            throw PostgresTestClusterError(
                "PostgreSQL's server is not installed (\(Self.binaries)/initdb): run `make test-deps` "
                    + "(apt-get install postgresql libpq-dev)")
        }
        let base = NSTemporaryDirectory() + "leadmail-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        folder = base
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let asRoot = getuid() == 0
        self.asRoot = asRoot
        if asRoot {
            guard let user = getpwnam("postgres") else {
                throw PostgresTestClusterError("running as root and there is no postgres user: run `make test-deps`")
            }
            chown(base, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        port = try LoopbackPort.free()
        let data = base + "/data"
        self.data = data
        try Self.run(
            "\(Self.binaries)/initdb -D \(data) -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8",
            asRoot: asRoot, log: base + "/initdb.log")
        let options =
            "-p \(port) -k \(base) -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off "
            + "-c synchronous_commit=off -c max_connections=200"
        self.options = options
        try Self.run(
            "\(Self.binaries)/pg_ctl -D \(data) -l \(base)/server.log -w -t 60 -o '\(options)' start",
            asRoot: asRoot, log: base + "/pg_ctl.log")
        Self.stopAtExit(data: data, folder: base, asRoot: asRoot)
        // A test process killed by a signal runs no atexit handler: a watchdog stops the server after it.
        try Self.run(
            "( while [ -d /proc/\(getpid()) ]; do sleep 1; done; "
                + "\(Self.binaries)/pg_ctl -D \(data) -m immediate stop; rm -rf \(base) ) > /dev/null 2>&1 &",
            asRoot: asRoot, log: "/dev/null")
        // The template every test's database is copied from: migrated once, then left without connections
        // (a template in use cannot be copied).
        let admin = try PostgresConnection(location())
        try admin.execute("CREATE DATABASE leadmail_template")
        let template = try PostgresLeadStore(location(database: "leadmail_template"))
        template.close()
    }

    /// Runs `command` through /bin/sh (as the postgres user when root) and waits for it. Not with Foundation's
    /// `Process`: it waits for the child's end of a pipe to close, and the server `pg_ctl` starts keeps it open.
    private static func run(_ command: String, asRoot: Bool, log: String) throws {
        let line = "\(command) >> \(log) 2>&1 < /dev/null"
        let arguments = asRoot ? ["/bin/sh", "-c", "su postgres -s /bin/sh -c \"\(line)\""] : ["/bin/sh", "-c", line]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/bin/sh", nil, nil, &argv, environ)
        guard spawned == 0 else {
            throw PostgresTestClusterError("cannot run \(command): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED and WEXITSTATUS by hand: Swift does not import the macros.
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        guard exitCode == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw PostgresTestClusterError("\(command) failed (\(exitCode)): \(output)")
        }
    }

    /// `pg_ctl stop -m immediate` when the test process ends, and the folder removed.
    private static func stopAtExit(data: String, folder: String, asRoot: Bool) {
        let stop = "\(binaries)/pg_ctl -D \(data) -m immediate stop"
        let first = atExitCommands.withLock {
            $0.append(
                asRoot
                    ? "su postgres -s /bin/sh -c '\(stop)' >/dev/null 2>&1; rm -rf \(folder)"
                    : "\(stop) >/dev/null 2>&1; rm -rf \(folder)")
            return $0.count == 1
        }
        guard first else { return }
        atexit {
            for command in PostgresTestCluster.atExitCommands.withLock({ $0 }) {
                _ = command.withCString { system($0) }
            }
        }
    }

    private static let atExitCommands = Mutex<[String]>([])
}

public struct PostgresTestClusterError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
