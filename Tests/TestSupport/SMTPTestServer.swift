import Foundation

/// A real SMTP server for tests: `smtp_sink.py` (aiosmtpd) on 127.0.0.1, on a port the kernel picked.
///
/// Every accepted message is kept on disk and can be read back with `received()`; `setRules(_:)` makes the
/// server refuse senders, recipients or DATA while it runs. The server stops when the value is released.
/// Starting fails with a clear `SMTPTestServerError` when python3 or aiosmtpd is missing, so tests fail loudly.
public final class SMTPTestServer: Sendable {
    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// Where the server saves NNNNNN.eml and NNNNNN.json.
    public let mailDirectory: String
    /// Where the server's stderr goes; worth reading when a test fails oddly.
    public let logPath: String
    private let rulesPath: String
    private let workDirectory: TemporaryDirectory
    private let process: SinkProcess
    /// Whether the server speaks TLS from the first byte (smtps://) instead of offering STARTTLS.
    public let implicitTLS: Bool

    /// `smtp://127.0.0.1:PORT` (or `smtps://` with implicit TLS), ready for `SMTPRelay(url:)`.
    public var url: String { "\(implicitTLS ? "smtps" : "smtp")://127.0.0.1:\(port)" }

    private init(port: Int, workDirectory: TemporaryDirectory, process: SinkProcess, implicitTLS: Bool) {
        self.port = port
        self.implicitTLS = implicitTLS
        self.workDirectory = workDirectory
        self.process = process
        self.mailDirectory = workDirectory.appending("received")
        self.rulesPath = workDirectory.appending("rules.json")
        self.logPath = workDirectory.appending("smtp_sink.log")
    }

    deinit {
        process.stopInBackground()
    }

    /// Starts a server and waits until it accepts connections.
    ///
    /// - Parameter login: When given, the server offers AUTH PLAIN/LOGIN (without TLS) and answers 535 to any
    ///   other credentials; clients that do not log in are still accepted.
    /// - Parameter tls: A PEM certificate and key: the server then offers STARTTLS and requires it (and, with
    ///   `login`, requires AUTH over TLS), like a real submission port.
    /// - Parameter implicitTLS: With `tls`: TLS from the first byte, like port 465 (smtps://), no STARTTLS.
    public static func start(
        login: (username: String, password: String)? = nil, tls: (certificate: String, key: String)? = nil,
        implicitTLS: Bool = false
    ) async throws -> SMTPTestServer {
        guard let script = Bundle.module.path(forResource: "smtp_sink", ofType: "py") else {
            throw SMTPTestServerError("smtp_sink.py is missing from the TestSupport bundle; check Package.swift")
        }
        let workDirectory = try TemporaryDirectory(prefix: "smtp-sink")
        let logPath = workDirectory.appending("smtp_sink.log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logPath) else {
            throw SMTPTestServerError("cannot create \(logPath)")
        }
        let python = ProcessInfo.processInfo.environment["LEADMAIL_TEST_PYTHON"] ?? "python3"
        var arguments = [
            python, "-u", script, "--dir", workDirectory.appending("received"),
            "--rules", workDirectory.appending("rules.json"),
        ]
        if let login { arguments += ["--auth", "\(login.username):\(login.password)"] }
        if let tls { arguments += ["--tls-cert", tls.certificate, "--tls-key", tls.key] }
        if implicitTLS { arguments.append("--implicit-tls") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = log
        // A fresh /dev/null handle, not the shared FileHandle.nullDevice: Foundation closes the parent's copy of a
        // FileHandle given to a child, so the shared one's descriptor number would be closed again and again,
        // each time whatever file or socket of the test process had been given that number since.
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        do {
            try process.run()
        } catch {
            throw SMTPTestServerError("cannot run /usr/bin/env \(python): \(error). Install Python 3.")
        }
        let sink = SinkProcess(process)
        let firstLine = await readFirstLine(of: output.fileHandleForReading, killing: sink, after: 20)
        guard let port = firstLine.flatMap(Self.port(fromAnnouncement:)) else {
            let exitStatus = sink.exitStatus(waitingUpTo: 2)
            sink.stop()
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw SMTPTestServerError(
                startFailureMessage(
                    python: python, firstLine: firstLine, exitStatus: exitStatus, log: log
                ))
        }
        return SMTPTestServer(port: port, workDirectory: workDirectory, process: sink, implicitTLS: implicitTLS)
    }

    /// Asks the server to stop and returns at once; a thread of its own waits for the exit, so that a `defer`
    /// in a test never blocks Swift's cooperative pool (one thread per core: a blocked one stalls other tests).
    public func stop() {
        process.stopInBackground()
    }

    /// Stops the server and waits until it is gone, for tests that need the port closed (a relay that is down).
    public func stopAndWait() async {
        process.stopInBackground()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while process.isRunning && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Makes the server refuse according to `rules` from the next command on; an empty list accepts all.
    public func setRules(_ rules: [SMTPRule]) throws {
        let data = try JSONSerialization.data(withJSONObject: rules.map(\.json), options: [.sortedKeys])
        let temporary = rulesPath + ".tmp"
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, rulesPath) == 0 else {
            throw SMTPTestServerError("cannot move \(temporary) to \(rulesPath): \(String(cString: strerror(errno)))")
        }
    }

    /// The messages accepted so far, oldest first.
    public func received() throws -> [ReceivedMail] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: mailDirectory)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            let base = mailDirectory + "/" + name.dropLast(".json".count)
            let metadata = try Data(contentsOf: URL(fileURLWithPath: base + ".json"))
            guard let object = try JSONSerialization.jsonObject(with: metadata) as? [String: Any] else {
                throw SMTPTestServerError("\(base).json is not a JSON object")
            }
            let data = try Data(contentsOf: URL(fileURLWithPath: base + ".eml"))
            let peer = object["peer"] as? [Any]
            return ReceivedMail(
                mailFrom: Self.bareAddress(object["mailFrom"] as? String ?? ""),
                rcptTos: object["rcptTos"] as? [String] ?? [],
                data: [UInt8](data),
                peerPort: peer?.last as? Int,
                authMechanism: object["authMechanism"] as? String,
                helo: object["helo"] as? String
            )
        }
    }

    /// Waits until at least `count` messages arrived, then returns all of them; throws after `timeout`.
    public func waitForMessages(count: Int, timeout: Duration = .seconds(10)) async throws -> [ReceivedMail] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let messages = try received()
            if messages.count >= count { return messages }
            if clock.now >= deadline {
                throw SMTPTestServerError(
                    "expected \(count) message(s) at \(url) within \(timeout), got \(messages.count)"
                )
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// aiosmtpd keeps the null sender as "<>"; tests compare bare addresses.
    static func bareAddress(_ address: String) -> String {
        address.hasPrefix("<") && address.hasSuffix(">") ? String(address.dropFirst().dropLast()) : address
    }

    static func port(fromAnnouncement line: String) -> Int? {
        let parts = line.split(separator: " ")
        guard parts.count == 2, parts[0] == "PORT", let port = Int(parts[1]), port > 0 else { return nil }
        return port
    }

    private static func startFailureMessage(
        python: String, firstLine: String?, exitStatus: Int32?, log: String
    ) -> String {
        var message = "The test SMTP server (smtp_sink.py) did not start"
        switch exitStatus {
        case 2?:
            message += ": aiosmtpd is missing. Run `pip install aiosmtpd` for \(python)"
        case 127?:
            message += ": \(python) was not found. Install Python 3 and run `pip install aiosmtpd`"
        case let status?:
            message += " (exit status \(status))"
        case nil:
            message += firstLine.map { ": unexpected first line \($0)" } ?? " within 20 seconds"
        }
        let trimmed = log.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? message + "." : message + ". Its output:\n" + trimmed
    }

    /// Reads the first stdout line on a thread of its own (a blocking read must not hold a concurrency-pool
    /// thread); kills the process if no line comes in time.
    private static func readFirstLine(
        of handle: FileHandle, killing process: SinkProcess, after seconds: Double
    ) async -> String? {
        let watchdog = DispatchWorkItem { process.stop() }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        defer { watchdog.cancel() }
        let descriptor = handle.fileDescriptor
        return await withCheckedContinuation { continuation in
            Thread {
                var line: [UInt8] = []
                var byte: UInt8 = 0
                while read(descriptor, &byte, 1) == 1 {
                    if byte == 0x0A {
                        continuation.resume(returning: String(decoding: line, as: UTF8.self))
                        return
                    }
                    line.append(byte)
                }
                continuation.resume(returning: nil)
            }.start()
        }
    }
}
