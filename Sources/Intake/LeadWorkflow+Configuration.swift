import LeadDesk
import LeadStore
import Leads
import Logging

extension LeadWorkflow {
    /// The lead rules as leadmail.yml sets them up: its lifecycle settings, its own addresses, its sender.
    public init(
        configuration: LeadMailConfiguration, store: any LeadStore, logger: Logger = Logger(label: "leadmail")
    ) {
        self.init(
            settings: configuration.lifecycle,
            policy: ReplyPolicy(
                ourAddresses: configuration.ourAddresses, staffDomains: configuration.staffDomains,
                formSenders: configuration.formSenders),
            sender: configuration.from, store: store, logger: logger, baseURL: configuration.web?.baseURL)
    }
}
