import Foundation
import PostgresStore
import Synchronization
import TestSupport
import Testing

/// The connection, the URL and the migrations against the test process's real PostgreSQL server.
@Suite("PostgreSQL: connection, URL and migrations")
struct PostgresConnectionTests {
    @Test("a server that is not running is named, with what to check")
    func refused() throws {
        // A port nothing listens on: the cluster's own port plus one is free in practice, but ask the kernel.
        let location = try PostgresLocation(url: "postgres://leadmail@127.0.0.1:1/leads", environment: [:])
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(location) }
        #expect(error?.message.hasPrefix("PostgreSQL at 127.0.0.1:1 refused the connection: is it running?") == true)
    }

    @Test("a database that does not exist is named, with how to create it")
    func missingDatabase() throws {
        let cluster = try PostgresTestCluster.shared()
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(cluster.location(database: "no_such_leads"))
        }
        #expect(error?.message.contains("has no database no_such_leads: create it") == true)
    }

    @Test("the URL: TLS verified for another host, a password never in it nor printed")
    func location() throws {
        let remote = try PostgresLocation(
            url: "postgres://sales@db.acme.example/leads", environment: ["LEADMAIL_STORE_PASSWORD": "s3cret!"])
        #expect(remote.sslMode == "verify-full")
        #expect(remote.port == 5432)
        #expect(remote.password == "s3cret!")
        #expect(!"\(remote)".contains("s3cret"))
        let local = try PostgresLocation(url: "postgres://sales@127.0.0.1:5433/leads?sslmode=disable", environment: [:])
        #expect(local.sslMode == "disable")
        #expect(throws: PostgresError.self) {
            try PostgresLocation(url: "postgres://sales:s3cret@db.acme.example/leads", environment: [:])
        }
        let folder = try TemporaryDirectory()
        let file = folder.appending("password")
        try "from-a-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try PostgresLocation(
            url: "postgresql://sales@db.acme.example:6432/leads", environment: ["LEADMAIL_STORE_PASSWORD_FILE": file])
        #expect(fromFile.password == "from-a-file")
        #expect(fromFile.port == 6432)
    }

    @Test("migrations run once, recorded in schema_migrations; a second open changes nothing")
    func migrations() throws {
        let location = try PostgresTestCluster.shared().freshDatabase()
        let connection = try PostgresConnection(location)
        #expect(try PostgresMigrator.migrate(connection).isEmpty, "the template was migrated already")
        #expect(
            try PostgresMigrator.versions(connection) == [
                "v1-leadmail", "v2-lead-reads-saved-views", "v3-awaiting-notices", "v3-notify",
                "v3-attachment-names", "v3-audit", "v3-link-tracking", "v3-dashboard-first-reply",
                "v3-contacts-phone-order", "v3-list-scope-indexes",
            ])
        let store = try PostgresLeadStore(location)
        store.close()
        #expect(
            try PostgresMigrator.versions(connection) == [
                "v1-leadmail", "v2-lead-reads-saved-views", "v3-awaiting-notices", "v3-notify",
                "v3-attachment-names", "v3-audit", "v3-link-tracking", "v3-dashboard-first-reply",
                "v3-contacts-phone-order", "v3-list-scope-indexes",
            ])
    }

    @Test("values are bound, never pasted into the SQL; text, bytes and dates come back as they went")
    func parameters() throws {
        let connection = try PostgresConnection(PostgresTestCluster.shared().freshDatabase())
        let hostile = "O'Brien\"; DROP TABLE leads; -- \\ ü 😀"
        let bytes: [UInt8] = [0, 1, 0x27, 0x5C, 0xFF, 13, 10]
        let date = Date(timeIntervalSince1970: 1_798_099_200.123)
        let row = try #require(
            try connection.query(
                "SELECT $1::text AS text, $2::bytea AS raw, $3::timestamptz AS date, $4::text AS nothing",
                [hostile, PostgresBytes(bytes), date, nil]
            ).first)
        #expect(row.string("text") == hostile)
        #expect(row.bytes("raw") == bytes)
        #expect(row.date("date") == date)
        #expect(row.string("nothing") == nil)
        #expect(try connection.query("SELECT COUNT(*) AS n FROM leads").first?.int("n") == 0)
    }
}

/// Statements are prepared once per connection and stay right when another host changes the schema under them.
@Suite("PostgreSQL: prepared statements")
struct PostgresPreparedStatementTests {
    @Test("a statement runs prepared with new values each time; its server-side statement is made once")
    func preparedOnce() throws {
        let connection = try PostgresConnection(PostgresTestCluster.shared().freshDatabase())
        for value in ["first", "second", "third"] {
            #expect(try connection.query("SELECT $1::text AS value", [value]).first?.string("value") == value)
        }
        let statements = try connection.query(
            "SELECT COUNT(*) AS n FROM pg_prepared_statements WHERE statement = $1", ["SELECT $1::text AS value"])
        #expect(statements.first?.int("n") == 1)
    }

    @Test("a table changed by another connection fails the old plan once; the next call prepares it afresh")
    func schemaChangedUnderAStatement() throws {
        let location = try PostgresTestCluster.shared().freshDatabase()
        let connection = try PostgresConnection(location)
        try connection.execute("CREATE TABLE probes (id integer PRIMARY KEY, name text)")
        try connection.query("INSERT INTO probes VALUES ($1, $2)", [1, "radar"])
        let select = "SELECT * FROM probes WHERE id = $1"
        #expect(try connection.query(select, [1]).first?.string("name") == "radar")
        try PostgresConnection(location).execute("ALTER TABLE probes ADD COLUMN range_m integer DEFAULT 40")
        let changed = #expect(throws: PostgresError.self) { try connection.query(select, [1]) }
        #expect(changed?.sqlState == "0A000")
        let row = try #require(try connection.query(select, [1]).first)
        #expect(row.string("name") == "radar")
        #expect(row.int("range_m") == 40)
    }
}

/// `PostgresListener`: the notifications the v3-notify triggers send on commit.
@Suite("PostgreSQL: LISTEN/NOTIFY")
struct PostgresListenerTests {
    @Test("a lead recorded on another connection is heard on leadmail_leads; nothing is heard before its commit")
    func leadsChannel() async throws {
        let temporary = try TemporaryLeadStore(.postgres)
        let store = try #require(temporary.postgres)
        let listener = PostgresListener(store.location, channels: [PostgresListener.leadsChannel])
        defer { listener.stop() }
        // The listener connects on its thread: a NOTIFY before its LISTEN would be lost, so wait for it.
        try await Task.sleep(for: .milliseconds(500))
        let heard = Mutex<[String]>([])
        let reader = Task {
            for await channel in listener.notifications { heard.withLock { $0.append(channel) } }
        }
        defer { reader.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        #expect(heard.withLock { $0 }.isEmpty, "nothing before a commit")
        try temporary.capture("jane@brightwater.example")
        var waited = 0
        while heard.withLock({ $0 }).isEmpty && waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        let channel = heard.withLock { $0 }.first
        #expect(channel == PostgresListener.leadsChannel)
    }
}
