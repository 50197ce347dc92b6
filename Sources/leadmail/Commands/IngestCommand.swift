import ArgumentParser
import Foundation
import Intake
import Synchronization

/// `leadmail ingest PATH…`: backfill from .eml files and maildirs.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Record leads from .eml files or whole maildirs (backfill, or a message a colleague saved)."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "Files (.eml) and maildir folders.")
    var paths: [String]

    @Flag(help: "Record the messages without any automatic reply or confirmation, whatever their age (a backfill).")
    var noReplies = false

    func run() async throws {
        let configuration = try options.load()
        let service: LeadMailService
        do {
            service = try LeadMailService(
                configuration: configuration, logger: options.logger(), clock: LeadMailClock.fromEnvironment())
        } catch {
            throw CommandFailure("\(error)")
        }
        let bar = isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
        let summary: IntakeSummary
        do {
            summary = try await service.ingest(paths: paths, replies: !noReplies) { done, total in
                bar?.update(done: done, total: total)
            }
        } catch let error as IntakeError {
            throw CommandFailure(error.description)
        }
        bar?.finish()
        print(SummaryText.intake(summary))
    }
}

/// A one-line progress bar on stderr with the rate and the time left; only used on a terminal.
final class ProgressBar: Sendable {
    private let start = Date()
    /// When the bar was last drawn; held while drawing, so that two updates never interleave their lines.
    private let lastDraw = Mutex(Date.distantPast)

    func update(done: Int, total: Int) {
        lastDraw.withLock { lastDraw in
            let now = Date()
            guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            let elapsed = max(now.timeIntervalSince(start), 0.001)
            let rate = Double(done) / elapsed
            let left = rate > 0 ? Double(total - done) / rate : 0
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = String(format: "\r%@ %d/%d  %.0f msg/s  %.0fs left ", bar, done, total, rate, left)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
