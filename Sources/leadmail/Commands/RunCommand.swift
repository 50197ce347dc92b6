import ArgumentParser
import Dispatch
import Foundation
import Intake

/// `leadmail run`: the service. Watches the mailbox and answers new leads until stopped.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch the mailbox, record leads and send replies (until SIGINT/SIGTERM, or once with --once)."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(name: .long, help: "Handle the backlog, send what is due once, print a summary and exit.")
    var once = false

    func run() async throws {
        let configuration = try options.load()
        let logger = options.logger()
        let service: LeadMailService
        do {
            service = try LeadMailService(configuration: configuration, logger: logger)
        } catch {
            throw CommandFailure("\(error)")
        }
        if once {
            let (intake, delivery) = try await service.runOnce()
            print(SummaryText.intake(intake))
            print(SummaryText.delivery(delivery, transport: configuration.relay?.url ?? configuration.outbox))
            return
        }
        var runLogger = logger
        runLogger.logLevel = .info
        runLogger.info("leadmail running; stop with Ctrl-C or SIGTERM")
        let task = Task { try await service.run() }
        let stopper = SignalStopper { task.cancel() }
        defer { withExtendedLifetime(stopper) {} }
        try await task.value
    }
}

/// Cancels the service on SIGINT or SIGTERM, so that the message in hand is finished before it stops.
final class SignalStopper: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: onSignal)
            source.resume()
            return source
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
