import ArgumentParser

/// `leadmail`: turns a shared sales inbox into a lead pipeline.
///
/// Every command names itself (`commandName`): ArgumentParser otherwise derives each name from the type's name
/// at every start, by reflection, a noticeable part of a short command's run.
@main
struct LeadMailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leadmail",
        abstract: "Turn a shared sales inbox into leads, answer them by source, and log every message.",
        version: LeadMailVersion.current,
        subcommands: [
            RunCommand.self, IngestCommand.self, LeadsCommand.self, TemplatesCommand.self, OutboxCommand.self,
            ParseCommand.self, ReportCommand.self, UsersCommand.self, ServeCommand.self, QuarantineCommand.self,
            StoreCommand.self,
        ]
    )
}

/// The version `leadmail --version` prints.
enum LeadMailVersion {
    static let current = "0.18.0"
}
