import Foundation
import LeadDesk
import Leads
import MIME
import SMTP

/// Everything `leadmail` needs to run, read from leadmail.yml; paths are already resolved against the file's folder.
public struct LeadMailConfiguration: Sendable {
    /// The maildir the MTA delivers into.
    public var mailbox: String
    /// Whether `leadmail run` may create `mailbox` when it does not exist (`createMailbox`, default false: a path
    /// that does not exist is most often a typo, and a new empty maildir would silently never see any mail).
    public var createMailbox = false
    /// The SQLite file.
    public var store: String
    /// The reply templates folder (edited by marketing).
    public var templates: String
    /// The maildir where unreadable messages are kept, byte for byte, with their reason.
    public var quarantine: String
    /// The relay; nil means replies go to the `outbox` maildir instead (the demo needs no server).
    public var relay: RelaySettings?
    /// The maildir the file transport writes to when no relay is set.
    public var outbox: String
    /// Our sender, e.g. `Acme Sales <sales@acme.example>`.
    public var from: MailAddress
    /// Never answered, never turned into leads (the sender is always among them).
    public var ourAddresses: [String]
    /// Our staff's mail domains: a colleague's message is never answered and does not become a lead.
    public var staffDomains: [String]
    /// Addresses that send web-form notifications for enquirers (on our domain, but not colleagues).
    public var formSenders: [String]
    public var company: CompanyDetails
    public var sources: [SourceRule]
    public var defaultSource: String
    /// How often the watcher looks at new/ when inotify is unavailable (and as a safety net).
    public var pollInterval: Duration
    /// Who hears about a template edit that fails the check while `leadmail run` runs (one email per set of
    /// problems); nil: the problems are only logged.
    public var templatesContact: MailAddress?
    /// After intake: working days, rejection reasons, scoring, teams and assignment (see LifecycleSettings).
    public var lifecycle = LifecycleSettings()
    /// What each role may do and to which leads (the `roles` key; `PermissionPolicy.standardGrants` otherwise).
    public var permissions = PermissionPolicy()
    /// Outbox limits, deadline and relay timeouts (see DeliverySettings).
    public var delivery = DeliverySettings()
    /// Who wrote: repeat windows, forwarded enquiries and contact matching (see IntakeSettings).
    public var intake = IntakeSettings()
    /// The web workspace (`web`); nil when leadmail.yml has no `web` key.
    public var web: WebSettings?
    /// The picklist values a Salesforce or HubSpot export writes (`export`; the CRMs' defaults otherwise).
    public var exportValues = ExportValues()
    /// Link tracking (`tracking: true`, `trackingPoints`): links in replies and letters through `/t/TOKEN`; nil
    /// (the default) leaves links as written.
    public var tracker: LinkTracker?

    public init(
        mailbox: String, store: String, templates: String, quarantine: String, relay: RelaySettings?,
        outbox: String, from: MailAddress, ourAddresses: [String], staffDomains: [String] = [],
        formSenders: [String] = [], company: CompanyDetails,
        sources: [SourceRule], defaultSource: String = "email", pollInterval: Duration = .seconds(1),
        templatesContact: MailAddress? = nil
    ) {
        self.mailbox = mailbox
        self.store = store
        self.templates = templates
        self.quarantine = quarantine
        self.relay = relay
        self.outbox = outbox
        self.from = from
        self.ourAddresses = ourAddresses
        self.staffDomains = staffDomains
        self.formSenders = formSenders
        self.company = company
        self.sources = sources
        self.defaultSource = defaultSource
        self.pollInterval = pollInterval
        self.templatesContact = templatesContact
    }
}

/// Our own company's details, offered to templates.
public struct CompanyDetails: Sendable, Hashable {
    public var name: String
    public var phone: String?
    public var website: String?

    public init(name: String, phone: String? = nil, website: String? = nil) {
        self.name = name
        self.phone = phone
        self.website = website
    }
}

/// How to reach the SMTP relay. The password never comes from the command line: from the environment
/// (`LEADMAIL_RELAY_PASSWORD`), a file (`relayPasswordFile`), or the URL itself.
public struct RelaySettings: Sendable, CustomStringConvertible {
    public var url: String
    public var password: String?
    public var caFile: String?
    public var allowPlaintext: Bool
    /// The name said in EHLO (`heloName`); nil: the machine's fully qualified name, else the From domain.
    public var heloName: String?

    public init(
        url: String, password: String? = nil, caFile: String? = nil, allowPlaintext: Bool = false,
        heloName: String? = nil
    ) {
        self.url = url
        self.password = password
        self.caFile = caFile
        self.allowPlaintext = allowPlaintext
        self.heloName = heloName
    }

    /// The URL with a password written in it masked (`smtp://user:***@host:587`): safe to print and log.
    public var description: String { SMTPRelay.maskingPassword(in: url) }
}

extension LeadMailConfiguration {
    /// Who is us, a colleague or a form: what decides whether a message may start a lead and get a reply.
    public var replyPolicy: ReplyPolicy {
        ReplyPolicy(ourAddresses: ourAddresses, staffDomains: staffDomains, formSenders: formSenders)
    }

    /// How intake reads the enquiries of a message with these source rules (also used by the benchmark).
    public var enquiryExtractor: EnquiryExtractor {
        EnquiryExtractor(
            classifier: SourceClassifier(rules: sources, defaultSource: defaultSource), policy: replyPolicy)
    }
}
