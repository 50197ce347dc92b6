import Foundation
import LeadDesk
import LeadStore
import Leads
import Logging

extension LeadDesk {
    /// People's work as leadmail.yml sets it up: its roles, its lead rules, its sales address for letters.
    public init(
        configuration: LeadMailConfiguration, store: any StoreFactory.Store, logger: Logger,
        clock: @escaping @Sendable () -> Date
    ) {
        self.init(
            records: store, workflow: LeadWorkflow(configuration: configuration, store: store, logger: logger),
            permissions: configuration.permissions,
            letters: LetterSettings(
                sender: configuration.from, company: configuration.company.name,
                subjectToken: configuration.intake.subjectToken),
            clock: clock)
    }
}

extension LeadMailService {
    /// People's work on this service's store (the web workspace served beside intake by `leadmail run`).
    public func desk() -> LeadDesk {
        LeadDesk(configuration: configuration, store: store, logger: logger, clock: pipeline.clock)
    }
}
