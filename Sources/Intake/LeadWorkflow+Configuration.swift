import LeadDesk
import LeadStore
import Leads
import Logging

extension LeadWorkflow {
    /// The lead rules as leadmail.yml sets them up: its lifecycle settings, its own addresses, its sender, and
    /// staff notices from its templates folder's `notifications/`.
    public init(
        configuration: LeadMailConfiguration, store: any LeadStore, logger: Logger = Logger(label: "leadmail")
    ) {
        self.init(
            configuration: configuration, store: store,
            notifications: NotificationTemplates(directory: configuration.templates, logger: logger), logger: logger)
    }

    init(
        configuration: LeadMailConfiguration, store: any LeadStore, notifications: NotificationTemplates,
        logger: Logger
    ) {
        self.init(
            settings: configuration.lifecycle,
            policy: ReplyPolicy(
                ourAddresses: configuration.ourAddresses, staffDomains: configuration.staffDomains,
                formSenders: configuration.formSenders),
            sender: configuration.from, store: store, staffTemplates: notifications, logger: logger,
            baseURL: configuration.web?.baseURL)
    }
}
