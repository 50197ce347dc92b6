import ArgumentParser
import Foundation
import Intake
import LeadDesk
import Logging
import Web

/// `leadmail serve`: the web workspace for sales staff, on the store and rules of leadmail.yml, until SIGINT or
/// SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web workspace for sales staff (leadmail.yml's web: listen, baseURL) until Ctrl-C."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "host:port to listen on instead of web.listen (port 0: any free port, printed when ready).")
    var listen: String?

    func run() async throws {
        LoggingBootstrap.once()
        let configuration = try options.load()
        var web = configuration.web ?? WebSettings()
        if let listen {
            let parts = listen.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]), (0...65535).contains(port) else {
                throw ValidationError("--listen '\(listen)' is not host:port; write e.g. 127.0.0.1:8080")
            }
            let implicitBase = web.baseURL == "http://\(web.host):\(web.port)"
            web.host = String(parts[0])
            web.port = port
            if implicitBase { web.baseURL = "http://\(web.host):\(web.port)" }
        }
        let store: any StoreFactory.Store
        let clock: @Sendable () -> Date
        do {
            store = try StoreFactory.open(configuration.store, readers: .mapped)
            clock = try LeadMailClock.fromEnvironment()
        } catch {
            throw CommandFailure("\(error)")
        }
        var logger = options.logger("leadmail.web")
        logger.logLevel = .info
        let folder = LetterTemplateFolder(directory: configuration.templates)
        let desk = LeadDesk(
            configuration: configuration, store: store, logger: logger, clock: clock,
            templates: { await folder.library() })
        let workspace = try await Workspace(
            desk: desk, options: WebOptions(host: web.host, port: web.port, baseURL: web.baseURL))
        let host = web.host
        let app = workspace.application(logger: logger) { port in
            // Tests and scripts wait for this line to learn the port.
            FileHandle.standardOutput.write(
                Data("LeadMail workspace listening on http://\(host):\(port) (stop with Ctrl-C)\n".utf8))
        }
        try await app.runService()
    }
}
