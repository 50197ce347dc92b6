import ArgumentParser
import Dispatch
import Foundation
import Intake
import Logging
import ServiceLifecycle
import UnixSignals
import Web

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
        LoggingBootstrap.once(jsonUnlessTerminal: !once)
        // A file-size limit (ulimit -f, a quota) must fail the write like a full disk (EFBIG), not kill us.
        signal(SIGXFSZ, SIG_IGN)
        let configuration: LeadMailConfiguration
        do {
            configuration = try ConfigurationLoader().load(path: options.config)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(ServiceExitCode.configuration)
        }
        let logger = options.logger()
        let service: LeadMailService
        do {
            service = try LeadMailService(
                configuration: configuration, logger: logger, clock: LeadMailClock.fromEnvironment(),
                servingWorkspace: !once && configuration.web != nil)
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode(ServiceExitCode.code(for: error))
        }
        if once {
            let intake: IntakeSummary
            let delivery: OutboxWorker.Report
            do {
                (intake, delivery) = try await service.runOnce()
            } catch {
                logger.critical("stopped: \(error)")
                throw ExitCode(ServiceExitCode.code(for: error))
            }
            print(SummaryText.intake(intake))
            print(SummaryText.delivery(delivery, transport: configuration.relay?.description ?? configuration.outbox))
            if let problem = delivery.configurationProblem {
                logger.critical("the relay refused our configuration: \(problem)")
                throw ExitCode(ServiceExitCode.configuration)
            }
            if intake.deferred > 0 { throw ExitCode(ServiceExitCode.temporary) }
            return
        }
        var runLogger = logger
        runLogger.logLevel = .info
        runLogger.info("leadmail running (pid \(getpid())); stop with Ctrl-C or SIGTERM")
        // Two services in one group (intake, outbox); SIGTERM or SIGINT shuts them down gracefully: the message and
        // the reply in hand are finished, then it exits 0.
        var alongside: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let web = configuration.web {
            // The web workspace as one more service of the group, on the same store and rules.
            let workspace = try await Workspace(
                desk: service.desk(), options: WebOptions(host: web.host, port: web.port, baseURL: web.baseURL))
            let log = runLogger
            let host = web.host
            let app = workspace.application(logger: runLogger) { port in
                log.info("workspace listening on http://\(host):\(port)")
            }
            alongside.append(
                .init(service: app, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "web"))
        }
        let group = service.serviceGroup(
            gracefulShutdownSignals: [.sigterm, .sigint], logger: runLogger, alongside: alongside)
        do {
            try await group.run()
        } catch {
            runLogger.critical("stopped: \(error)")
            throw ExitCode(ServiceExitCode.code(for: error))
        }
        runLogger.info("stopped cleanly")
    }
}
