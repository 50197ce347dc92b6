import Foundation

/// A real IMAP server for tests: Debian's Dovecot (`dovecot-imapd`) started from a configuration in a temporary
/// folder (`dovecot -c FILE -F`), listening on 127.0.0.1 on a free port, serving one maildir as user `sales`.
///
/// Dovecot moves messages from new/ to cur/`NAME:2,` when a client selects the inbox read-write, exactly as it does
/// for staff reading a shared inbox; `select(noops:)` is such a client (Python's imaplib). Run as root, Dovecot's
/// mail and login processes run as its own `dovecot` and `dovenull` users (it refuses root), so the maildir is
/// given to `dovecot`; otherwise everything runs as the current user. Starting fails with a clear
/// `SMTPTestServerError` when Dovecot is not installed (`make test-deps` installs it), so tests fail, not skip.
public final class DovecotServer: @unchecked Sendable {
    public let port: Int
    public let maildir: String
    private let work: TemporaryDirectory
    private let process: Process

    /// Serves `maildir` (created if needed, with new/, cur/ and tmp/) over IMAP until the value is released, and
    /// waits (off the Swift concurrency pool) until it accepts connections.
    public static func start(maildir: String) async throws -> DovecotServer {
        let server = try DovecotServer(maildir: maildir)
        let deadline = ContinuousClock.now + .seconds(30)
        while !LoopbackPort.accepts(port: server.port) {
            guard server.process.isRunning, ContinuousClock.now < deadline else {
                let log = (try? String(contentsOfFile: server.work.appending("dovecot.log"), encoding: .utf8)) ?? ""
                server.stop()
                throw SMTPTestServerError("Dovecot did not start on 127.0.0.1:\(server.port):\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return server
    }

    private init(maildir: String) throws {
        let binary = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let binary, FileManager.default.fileExists(atPath: "/usr/lib/dovecot/imap") else {
            throw SMTPTestServerError(
                "Dovecot is not installed; the real-IMAP tests need it: run `make test-deps` "
                    + "(apt-get install dovecot-imapd)")
        }
        self.maildir = maildir
        work = try TemporaryDirectory(prefix: "dovecot")
        port = try LoopbackPort.free()
        for directory in ["run", "state", "home"] {
            try FileManager.default.createDirectory(
                atPath: work.appending(directory), withIntermediateDirectories: true)
        }
        for directory in ["", "/new", "/cur", "/tmp"] {
            try FileManager.default.createDirectory(atPath: maildir + directory, withIntermediateDirectories: true)
        }
        let asRoot = getuid() == 0
        let (mailUser, mailGroup, internalUser, loginUser): (uid_t, gid_t, String, String)
        if asRoot {
            guard let dovecot = getpwnam("dovecot"), getpwnam("dovenull") != nil else {
                throw SMTPTestServerError("the dovecot and dovenull users are missing; reinstall dovecot-core")
            }
            (mailUser, mailGroup) = (dovecot.pointee.pw_uid, dovecot.pointee.pw_gid)
            (internalUser, loginUser) = ("dovecot", "dovenull")
            // Dovecot's processes must reach the maildir: the folders above it are opened for traversal.
            var parent = (maildir as NSString).deletingLastPathComponent
            while parent.count > 1 {
                var status = stat()
                if stat(parent, &status) == 0 && status.st_mode & 0o001 == 0 { chmod(parent, status.st_mode | 0o011) }
                parent = (parent as NSString).deletingLastPathComponent
            }
            for path in [work.path, work.appending("home")] { chmod(path, 0o755) }
            try Self.chownTree(maildir, to: mailUser, group: mailGroup)
            try Self.chownTree(work.appending("home"), to: mailUser, group: mailGroup)
        } else {
            let name = String(cString: getpwuid(getuid()).pointee.pw_name)
            (mailUser, mailGroup, internalUser, loginUser) = (getuid(), getgid(), name, name)
        }
        let passwd = "sales:{PLAIN}secret:\(mailUser):\(mailGroup)::\(work.appending("home"))::\n"
        try Data(passwd.utf8).write(to: URL(fileURLWithPath: work.appending("passwd")))
        try Data(
            Self.configuration(
                work: work.path, maildir: maildir, port: port, internalUser: internalUser, loginUser: loginUser,
                firstValidUID: Int(mailUser)
            ).utf8
        ).write(to: URL(fileURLWithPath: work.appending("dovecot.conf")))

        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-c", work.appending("dovecot.conf"), "-F"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    deinit {
        stop()
    }

    /// Stops Dovecot. Its master inherits the test process's blocked SIGTERM, so it gets SIGKILL; its other
    /// processes exit by themselves when the master is gone.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
    }

    /// Delivers `message` as Dovecot's LDA does when Postfix hands it over (`mailbox_command =
    /// /usr/lib/dovecot/dovecot-lda -f "$SENDER" -a "$RECIPIENT"`): to user `sales`, through this server's auth.
    public func deliverWithLDA(_ message: [UInt8], from sender: String) throws {
        let lda = Process()
        lda.executableURL = URL(fileURLWithPath: "/usr/lib/dovecot/dovecot-lda")
        lda.arguments = [
            "-c", work.appending("dovecot.conf"), "-d", "sales", "-f", sender, "-a", "sales@acme.example",
        ]
        let input = Pipe()
        lda.standardInput = input
        try lda.run()
        input.fileHandleForWriting.write(Data(message))
        try input.fileHandleForWriting.close()
        lda.waitUntilExit()
        guard lda.terminationStatus == 0 else {
            let log = (try? String(contentsOfFile: work.appending("dovecot.log"), encoding: .utf8)) ?? ""
            throw SMTPTestServerError("dovecot-lda exited with \(lda.terminationStatus):\n\(log)")
        }
    }

    /// `select(noops:pause:)` in the background: the client process, to be waited for with `waitUntilExit()`.
    public func startSelecting(noops: Int, pause: Double) throws -> Process {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            ProcessInfo.processInfo.environment["LEADMAIL_TEST_PYTHON"] ?? "python3", "-c",
            Self.clientScript(port: port, noops: noops, pause: pause),
        ]
        try python.run()
        return python
    }

    /// A mail client: logs in as `sales`, selects INBOX read-write (Dovecot moves new/ to cur/), sends `noops`
    /// NOOPs `pause` seconds apart (each one a sync that moves what arrived meanwhile), and logs out.
    public func select(noops: Int = 0, pause: Double = 0) async throws {
        let python = try startSelecting(noops: noops, pause: pause)
        while python.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        guard python.terminationStatus == 0 else {
            throw SMTPTestServerError("the IMAP client failed against Dovecot on port \(port) (see its stderr above)")
        }
    }

    static func clientScript(port: Int, noops: Int, pause: Double) -> String {
        """
        import imaplib, sys, time
        client = imaplib.IMAP4('127.0.0.1', \(port))
        client.login('sales', 'secret')
        status, _ = client.select('INBOX')
        assert status == 'OK', status
        for _ in range(\(noops)):
            time.sleep(\(pause))
            client.noop()
        client.logout()
        """
    }

    static func configuration(
        work: String, maildir: String, port: Int, internalUser: String, loginUser: String, firstValidUID: Int
    ) -> String {
        """
        base_dir = \(work)/run
        state_dir = \(work)/state
        log_path = \(work)/dovecot.log
        protocols = imap
        listen = 127.0.0.1
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain
        mail_location = maildir:\(maildir)
        first_valid_uid = \(firstValidUID)
        default_internal_user = \(internalUser)
        default_internal_group = \(internalUser)
        default_login_user = \(loginUser)
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%u \(work)/passwd
        }
        userdb {
          driver = passwd-file
          args = username_format=%u \(work)/passwd
        }
        service imap-login {
          chroot =
          inet_listener imap {
            address = 127.0.0.1
            port = \(port)
          }
          inet_listener imaps {
            port = 0
          }
        }
        service anvil {
          chroot =
        }
        service stats {
          unix_listener stats-reader {
            user = \(internalUser)
          }
          unix_listener stats-writer {
            user = \(internalUser)
          }
        }

        """
    }

    private static func chownTree(_ path: String, to user: uid_t, group: gid_t) throws {
        chown(path, user, group)
        for entry in try FileManager.default.subpathsOfDirectory(atPath: path) {
            chown(path + "/" + entry, user, group)
        }
    }
}
