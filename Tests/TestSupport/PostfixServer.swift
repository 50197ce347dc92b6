import Foundation

/// A real MTA for tests: Debian's Postfix started as an instance of its own from a configuration in a temporary
/// folder (`postfix -c DIR start`), listening on 127.0.0.1 on a free port, delivering `sales@acme.example` into
/// one maildir with its `virtual` agent and relaying every other address to `relay` (the tests' SMTP server).
///
/// Postfix delivers as it does on a mail server: into tmp/, then `link()` into new/ (which raises only
/// `IN_CREATE`), under names `TIME.V<dev>I<inode>M<usec>.HOST`. Its smtpd checks EHLO as sites commonly do
/// (`reject_non_fqdn_helo_hostname`). Postfix's master starts as root and runs its daemons as `postfix`, so the
/// tests must run as root (CI does); delivered files belong to `nobody`. Starting fails with a clear
/// `SMTPTestServerError` when Postfix is missing (`make test-deps` installs it), so tests fail, not skip.
public final class PostfixServer: @unchecked Sendable {
    public let port: Int
    public let maildir: String
    private let work: TemporaryDirectory
    private let configDirectory: String

    /// Delivers into `maildir` (created with new/, cur/ and tmp/) until the value is released; waits until
    /// Postfix accepts connections.
    public static func start(maildir: String, relay: Int) async throws -> PostfixServer {
        let server = try PostfixServer(maildir: maildir, relay: relay)
        let deadline = ContinuousClock.now + .seconds(30)
        while !LoopbackPort.accepts(port: server.port) {
            guard ContinuousClock.now < deadline else {
                let log = server.log
                server.stop()
                throw SMTPTestServerError("Postfix did not start on 127.0.0.1:\(server.port):\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return server
    }

    private init(maildir: String, relay: Int) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/postfix"),
            FileManager.default.fileExists(atPath: "/usr/lib/postfix/sbin/master")
        else {
            throw SMTPTestServerError(
                "Postfix is not installed; the real-MTA tests need it: run `make test-deps` (apt-get install postfix)")
        }
        guard getuid() == 0 else {
            throw SMTPTestServerError("Postfix's master starts only as root: run the real-MTA tests as root")
        }
        // getpwnam answers in storage of its own that the next call overwrites: the ids are copied at once.
        guard let postfixEntry = getpwnam("postfix") else {
            throw SMTPTestServerError("the postfix user is missing; reinstall postfix")
        }
        let postfix = (uid: postfixEntry.pointee.pw_uid, gid: postfixEntry.pointee.pw_gid)
        guard let nobodyEntry = getpwnam("nobody") else { throw SMTPTestServerError("the nobody user is missing") }
        let nobody = (uid: nobodyEntry.pointee.pw_uid, gid: nobodyEntry.pointee.pw_gid)
        self.maildir = maildir
        work = try TemporaryDirectory(prefix: "postfix")
        chmod(work.path, 0o755)
        configDirectory = work.appending("etc")
        port = try LoopbackPort.free()
        for directory in ["etc", "queue", "data", "mail"] {
            try FileManager.default.createDirectory(
                atPath: work.appending(directory), withIntermediateDirectories: true)
        }
        chown(work.appending("data"), postfix.uid, postfix.gid)
        for directory in ["", "/new", "/cur", "/tmp"] {
            try FileManager.default.createDirectory(atPath: maildir + directory, withIntermediateDirectories: true)
            chown(maildir + directory, nobody.uid, nobody.gid)
        }
        // The virtual agent runs as nobody: it must reach the maildir through the folders above it.
        var parent = (maildir as NSString).deletingLastPathComponent
        while parent.count > 1 {
            var status = stat()
            if stat(parent, &status) == 0 && status.st_mode & 0o001 == 0 { chmod(parent, status.st_mode | 0o011) }
            parent = (parent as NSString).deletingLastPathComponent
        }
        let mailbox = (maildir as NSString).lastPathComponent
        let base = (maildir as NSString).deletingLastPathComponent
        try Data("sales@acme.example \(mailbox)/\n".utf8).write(
            to: URL(fileURLWithPath: work.appending("etc/vmailbox")))
        try Data(
            Self.mainConfiguration(
                work: work.path, mailboxBase: base, relay: relay, uid: Int(nobody.uid),
                gid: Int(nobody.gid)
            ).utf8
        ).write(to: URL(fileURLWithPath: work.appending("etc/main.cf")))
        try Data(try Self.masterConfiguration(port: port).utf8)
            .write(to: URL(fileURLWithPath: work.appending("etc/master.cf")))
        let (status, output) = try Self.postfix(["-c", configDirectory, "start"])
        guard status == 0 else {
            throw SMTPTestServerError("postfix start failed (status \(status)):\n\(output)\n\(log)")
        }
    }

    deinit {
        stop()
    }

    /// What Postfix logged (its `maillog_file`).
    public var log: String {
        (try? String(contentsOfFile: work.appending("maillog"), encoding: .utf8)) ?? ""
    }

    /// Stops the instance at once (`postfix stop` would wait for its daemons to finish).
    public func stop() {
        _ = try? Self.postfix(["-c", configDirectory, "abort"])
    }

    /// Hands `message` to Postfix over SMTP as `from` to `sales@acme.example`, the way a sender's MTA does.
    public func submit(_ message: [UInt8], from: String) throws {
        let file = work.appending("submit-\(UUID().uuidString).eml")
        try Data(message).write(to: URL(fileURLWithPath: file))
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            ProcessInfo.processInfo.environment["LEADMAIL_TEST_PYTHON"] ?? "python3", "-c",
            """
            import smtplib, sys
            with open(sys.argv[1], 'rb') as f:
                data = f.read()
            with smtplib.SMTP('127.0.0.1', \(port), local_hostname='mx.sender.example', timeout=20) as client:
                client.sendmail(sys.argv[2], ['sales@acme.example'], data)
            """,
            file, from,
        ]
        try python.run()
        python.waitUntilExit()
        guard python.terminationStatus == 0 else {
            throw SMTPTestServerError("Postfix on port \(port) did not take a message:\n\(log)")
        }
    }

    /// Runs `postfix` with `arguments`; its status and what it wrote to standard error.
    static func postfix(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/postfix")
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = errors
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static func mainConfiguration(work: String, mailboxBase: String, relay: Int, uid: Int, gid: Int) -> String {
        """
        compatibility_level = 3.6
        queue_directory = \(work)/queue
        data_directory = \(work)/data
        mail_owner = postfix
        setgid_group = postdrop
        inet_interfaces = 127.0.0.1
        inet_protocols = ipv4
        myhostname = mx.acme.example
        mydomain = acme.example
        mydestination =
        mynetworks = 127.0.0.0/8
        relayhost = [127.0.0.1]:\(relay)
        smtp_tls_security_level = none
        smtpd_helo_required = yes
        smtpd_helo_restrictions = reject_non_fqdn_helo_hostname
        virtual_mailbox_domains = acme.example
        virtual_mailbox_base = \(mailboxBase)
        virtual_mailbox_maps = texthash:\(work)/etc/vmailbox
        virtual_uid_maps = static:\(uid)
        virtual_gid_maps = static:\(gid)
        maillog_file = \(work)/maillog
        maillog_file_prefixes = \(work)
        smtputf8_enable = yes

        """
    }

    /// Debian's master.cf with smtpd on `port` and nothing chrooted (the queue is in a temporary folder).
    static func masterConfiguration(port: Int) throws -> String {
        let shipped = try String(contentsOfFile: "/etc/postfix/master.cf", encoding: .utf8)
        return shipped.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 8, !line.hasPrefix("#"), !line.hasPrefix(" ") else { return String(line) }
            var columns = fields.map(String.init)
            if columns[0] == "smtp" && columns[1] == "inet" { columns[0] = "127.0.0.1:\(port)" }
            columns[4] = "n"
            return columns.joined(separator: " ")
        }.joined(separator: "\n")
    }
}
