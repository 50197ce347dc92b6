import BenchmarkSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `leadmail run` watching its maildir with aiosmtpd as the relay, while messages are delivered into new/ at a
/// steady rate: the time from each delivery into new/ to the relay's acceptance of its reply. Deliveries take turns
/// among the three ways MTAs and LDAs make them (`Delivery`), each with its own figures.
///
/// The relay's acceptance is the modification time of the reply's .json file, which smtp_sink.py writes just
/// before it answers 250 (file times are as fine as the kernel's clock tick, a few milliseconds at worst).
enum LatencyRun {
    static func run(options: BenchmarkOptions, into table: inout BenchmarkTable) throws {
        let sink = try SinkServer()
        defer { sink.stop() }
        let workspace = try BenchmarkWorkspace(options.workdir.appendingPathComponent("latency"), relayPort: sink.port)
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: workspace.mailbox.appendingPathComponent(sub),
                withIntermediateDirectories: true)
        }
        let service = try ChildProcess(
            options.leadmail, ["run", "--config", workspace.config],
            environment: BenchmarkWorkspace.environment)
        // Ready once it has made its database; then a moment for the watcher to start.
        let ready = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: workspace.store) && Date() < ready { usleep(20_000) }
        usleep(500_000)

        let total = max(1, Int(options.latencySeconds * options.latencyRate))
        var delivered: [String: Double] = [:]
        var styles: [String: Delivery] = [:]
        let start = DispatchTime.now().uptimeNanoseconds
        for index in 0..<total {
            let due = start + UInt64(Double(index) / options.latencyRate * 1e9)
            let now = DispatchTime.now().uptimeNanoseconds
            if due > now { usleep(useconds_t((due - now) / 1_000)) }
            let messageID = "latency-\(index)@bench.example"
            let style = Delivery.allCases[index % Delivery.allCases.count]
            try style.deliver(
                EnquiryCorpus.enquiry(index: index, messageID: messageID), index: index, into: workspace.mailbox)
            delivered[messageID] = wallClock()
            styles[messageID] = style
        }
        // The replies still on their way: wait until as many have arrived, or 10 s without a new one.
        var arrived = 0
        var lastChange = Date()
        while arrived < total && Date().timeIntervalSince(lastChange) < 10 {
            usleep(100_000)
            let now = ((try? FileManager.default.contentsOfDirectory(atPath: sink.directory)) ?? [])
                .filter { $0.hasSuffix(".json") }.count
            if now != arrived { lastChange = Date() }
            arrived = now
        }
        service.signal(SIGTERM)
        let outcome = service.wait()

        let accepted = acceptances(in: sink.directory)
        let latencies = accepted.compactMap { id, time in delivered[id].map { (time - $0) * 1_000 } }.sorted()
        guard !latencies.isEmpty else {
            throw BenchmarkFailure(
                what: "leadmail run (latency)", status: outcome.status,
                output: "no reply reached the relay\n" + outcome.output)
        }
        func percentile(_ fraction: Double) -> Double {
            latencies[min(latencies.count - 1, Int((Double(latencies.count) * fraction).rounded(.up)) - 1)]
        }
        let note = String(
            format: "%d of %d replied, %.0f/s for %.0f s", latencies.count, total,
            options.latencyRate, options.latencySeconds)
        table.add(BenchmarkRow(name: "latency p50", value: percentile(0.5), unit: "ms", note: note))
        table.add(BenchmarkRow(name: "latency p99", value: percentile(0.99), unit: "ms", target: "≤ 50"))
        table.add(BenchmarkRow(name: "latency max", value: latencies.last ?? .nan, unit: "ms"))
        for style in Delivery.allCases {
            let own = accepted.compactMap { id, time in
                styles[id] == style ? delivered[id].map { (time - $0) * 1_000 } : nil
            }.sorted()
            guard !own.isEmpty else { continue }
            let at = { (fraction: Double) in
                own[min(own.count - 1, Int((Double(own.count) * fraction).rounded(.up)) - 1)]
            }
            table.add(
                BenchmarkRow(
                    name: "latency \(style.rawValue) p50", value: at(0.5), unit: "ms",
                    note: String(format: "p99 %.1f ms, max %.1f ms; %@", at(0.99), own.last ?? .nan, style.how)))
        }
        table.add(
            BenchmarkRow(
                name: "memory: run peak RSS", value: outcome.peakRSS / 1e6, unit: "MB",
                note: "leadmail run during the latency run"))
        try? FileManager.default.removeItem(at: workspace.directory)
    }

    /// How a message reaches new/: each MTA and LDA does one of these, and each raises a different inotify event.
    enum Delivery: String, CaseIterable {
        /// Written in tmp/, renamed into new/ (maildrop, fetchmail, Dovecot's LDA, LeadMail): IN_MOVED_TO.
        case rename
        /// Written in tmp/, link()ed into new/ under `time.V<dev>I<inode>M<usec>.host`, tmp/ unlinked (Postfix's
        /// local and virtual): IN_CREATE alone.
        case link
        /// Written in place in new/ and closed (scripts, some LDAs): IN_CREATE, IN_OPEN, then IN_CLOSE_WRITE.
        case writeThenClose = "write-then-close"

        var how: String {
            switch self {
            case .rename: "tmp/ then rename into new/"
            case .link: "tmp/ then link into new/, as Postfix"
            case .writeThenClose: "written in new/ and closed"
            }
        }

        func deliver(_ bytes: [UInt8], index: Int, into mailbox: URL) throws {
            let seconds = 1_796_000_000 + index
            switch self {
            case .rename, .link:
                let name =
                    self == .rename
                    ? "\(seconds).M\(index)P\(getpid())Q1.latency"
                    : "\(seconds).V803I\(String(index + 4096, radix: 16))M\(index % 1_000_000).latency"
                let temporary = mailbox.appendingPathComponent("tmp/" + name).path
                try Data(bytes).write(to: URL(fileURLWithPath: temporary))
                let target = mailbox.appendingPathComponent("new/" + name).path
                let moved = self == .rename ? Glibc.rename(temporary, target) : Glibc.link(temporary, target)
                guard moved == 0 else { throw BenchmarkFailure(what: "delivering \(name)", status: errno, output: "") }
                if self == .link { unlink(temporary) }
            case .writeThenClose:
                let name = "\(seconds).M\(index)P\(getpid())Q2.latency"
                let path = mailbox.appendingPathComponent("new/" + name).path
                let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
                guard descriptor >= 0 else {
                    throw BenchmarkFailure(what: "writing \(name)", status: errno, output: "")
                }
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                close(descriptor)
                guard written == bytes.count else {
                    throw BenchmarkFailure(what: "writing \(name)", status: errno, output: "")
                }
            }
        }
    }

    /// Seconds since 1970 on the same clock as file times.
    static func wallClock() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// In-Reply-To of every reply the sink accepted → the time it accepted it.
    static func acceptances(in directory: String) -> [String: Double] {
        var result: [String: Double] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasSuffix(".json") {
            let base = directory + "/" + name.dropLast(5)
            var info = stat()
            guard stat(base + ".json", &info) == 0,
                let bytes = FileManager.default.contents(atPath: base + ".eml"),
                let id = inReplyTo(String(decoding: bytes.prefix(8_192), as: UTF8.self))
            else { continue }
            result[id] = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        }
        return result
    }

    /// The first message id in the In-Reply-To header, without its angle brackets.
    static func inReplyTo(_ header: String) -> String? {
        guard let range = header.range(of: "\nIn-Reply-To:", options: .caseInsensitive),
            let open = header[range.upperBound...].firstIndex(of: "<"),
            let close = header[open...].firstIndex(of: ">")
        else { return nil }
        return String(header[header.index(after: open)..<close])
    }
}
