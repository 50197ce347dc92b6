import Foundation
import LeadDesk
import Leads
import MIME
import PostgresStore
import Yams

/// Reads leadmail.yml into a `LeadMailConfiguration`, checking every key and collecting every mistake.
///
/// Relative paths are resolved against the folder of the file, so `leadmail --config /etc/leadmail/leadmail.yml`
/// works from any working directory.
public struct ConfigurationLoader: Sendable {
    /// Environment variables that override the file, for secrets and per-host settings.
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    static let topLevelKeys: Set<String> = Set<String>([
        "mailbox", "store", "templates", "quarantine", "outbox", "relay", "relayPasswordFile", "relayCAFile",
        "allowPlaintext", "from", "ourAddresses", "staffDomains", "formSenders", "company", "sources", "defaultSource",
        "pollInterval",
        "templatesContact", "createMailbox", "heloName",
        "lifecycle", "scoring", "teams", "assignment", "intake", "roles", "web", "export", "tracking",
        "trackingPoints",
    ]).union(NodeReader.deliveryKeys)

    /// - Throws: `ConfigurationError` listing every problem with its key and line.
    public func load(path: String) throws(ConfigurationError) -> LeadMailConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(
                file: path,
                problems: [
                    .init(
                        key: "(file)", line: nil,
                        message: "cannot be read; create it (see leadmail.yml in the "
                            + "repository for an example) or pass another with --config")
                ])
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, file: path, baseDirectory: folder)
    }

    /// Parses configuration text; `baseDirectory` anchors relative paths.
    public func parse(yaml: String, file: String, baseDirectory: String) throws(ConfigurationError)
        -> LeadMailConfiguration
    {
        var reader = NodeReader()
        let root: Node.Mapping
        do {
            guard let node = try Yams.compose(yaml: yaml), let mapping = node.mapping else {
                throw ConfigurationError(
                    file: file,
                    problems: [
                        .init(key: "(file)", line: nil, message: "is empty or not a mapping of keys to values")
                    ])
            }
            root = mapping
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(
                file: file,
                problems: [
                    .init(key: "(syntax)", line: nil, message: "is not valid YAML: \(error)")
                ])
        }
        reader.rejectUnknownKeys(root, allowed: Self.topLevelKeys, path: "")

        func resolved(_ value: String) -> String {
            let expanded = (value as NSString).expandingTildeInPath
            return expanded.hasPrefix("/") ? expanded : (baseDirectory as NSString).appendingPathComponent(expanded)
        }
        let mailbox = reader.string(root, "mailbox", path: "mailbox", required: true) ?? ""
        let store = reader.string(root, "store", path: "store") ?? "leadmail.sqlite"
        let templates = reader.string(root, "templates", path: "templates") ?? "templates"
        let quarantine = reader.string(root, "quarantine", path: "quarantine") ?? "quarantine"
        let outbox = reader.string(root, "outbox", path: "outbox") ?? "outbox"

        var relay: RelaySettings?
        // An empty `LEADMAIL_RELAY=` (a shell's way of clearing it, as `make bench` does) is no relay from the
        // environment: leadmail.yml decides, and without `relay` replies go to the outbox maildir.
        let relayFromEnvironment = environment["LEADMAIL_RELAY"].flatMap { $0.isEmpty ? nil : $0 }
        if let url = relayFromEnvironment ?? reader.string(root, "relay", path: "relay") {
            if !(url.hasPrefix("smtp://") || url.hasPrefix("smtps://")) {
                reader.problem(
                    "relay", root["relay"], "must be an smtp:// or smtps:// URL, e.g. smtp://mail.example:587")
            }
            var password = environment["LEADMAIL_RELAY_PASSWORD"]
            if password == nil, let file = reader.string(root, "relayPasswordFile", path: "relayPasswordFile") {
                if let secret = try? String(contentsOfFile: resolved(file), encoding: .utf8) {
                    password = secret.trimmingCharacters(in: .whitespacesAndNewlines)
                } else {
                    reader.problem("relayPasswordFile", root["relayPasswordFile"], "cannot read \(resolved(file))")
                }
            }
            relay = RelaySettings(
                url: url, password: password,
                caFile: reader.string(root, "relayCAFile", path: "relayCAFile").map(resolved),
                allowPlaintext: reader.bool(root, "allowPlaintext", path: "allowPlaintext") ?? false,
                heloName: reader.string(root, "heloName", path: "heloName"))
        }

        var from = MailAddress(address: "")
        if let raw = reader.string(root, "from", path: "from", required: true) {
            if let address = Self.mailbox(raw) {
                from = address
            } else {
                reader.problem(
                    "from", root["from"], "'\(raw)' is not an address; write e.g. Acme Sales <sales@acme.example>")
            }
        }
        var ourAddresses = reader.strings(root, "ourAddresses", path: "ourAddresses")
        for (index, address) in ourAddresses.enumerated() where !EmailAddress.isPlausible(address) {
            reader.problem("ourAddresses[\(index)]", root["ourAddresses"], "'\(address)' is not an email address")
        }
        if !from.address.isEmpty { ourAddresses.append(from.address) }
        let formSenders = reader.strings(root, "formSenders", path: "formSenders")
        let staffDomains = reader.strings(root, "staffDomains", path: "staffDomains").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: " @")).lowercased()
        }

        var company = CompanyDetails(name: from.name ?? "")
        if let node = root["company"] {
            if let mapping = node.mapping {
                reader.rejectUnknownKeys(mapping, allowed: ["name", "phone", "website"], path: "company")
                company.name = reader.string(mapping, "name", path: "company.name") ?? company.name
                company.phone = reader.string(mapping, "phone", path: "company.phone")
                company.website = reader.string(mapping, "website", path: "company.website")
            } else {
                reader.problem("company", node, "must be a mapping with name, phone and website")
            }
        }

        var templatesContact: MailAddress?
        if let raw = reader.string(root, "templatesContact", path: "templatesContact") {
            templatesContact = Self.mailbox(raw)
            if templatesContact == nil {
                reader.problem(
                    "templatesContact", root["templatesContact"],
                    "'\(raw)' is not an address; write e.g. Marketing <marketing@acme.example>")
            }
        }
        let sources = reader.sourceRules(root["sources"])
        let seconds = reader.double(root, "pollInterval", path: "pollInterval") ?? 1
        if seconds <= 0 { reader.problem("pollInterval", root["pollInterval"], "must be a positive number of seconds") }

        var lifecycle = reader.lifecycleSettings(root)
        let delivery = reader.deliverySettings(root)
        let intake = reader.intakeSettings(root["intake"])
        let permissions = reader.permissionPolicy(root["roles"])
        let createMailbox = reader.bool(root, "createMailbox", path: "createMailbox") ?? false
        let web = reader.webSettings(root["web"])
        let exportValues = reader.exportValues(root["export"])
        var tracker: LinkTracker?
        let trackingPoints = reader.int(root, "trackingPoints", path: "trackingPoints") ?? 0
        if reader.bool(root, "tracking", path: "tracking") == true {
            if let web {
                tracker = LinkTracker(baseURL: web.baseURL, points: trackingPoints)
                // The scorer counts the opened links too, so a later scoring keeps what the clicks added.
                lifecycle.scoring.linkClick = trackingPoints
            } else {
                reader.problem(
                    "tracking", root["tracking"],
                    "needs the workspace's address for its /t/ links; add web: {baseURL: https://leads.example.com}")
            }
        }

        if !reader.problems.isEmpty {
            throw ConfigurationError(file: file, problems: reader.problems)
        }
        var configuration = LeadMailConfiguration(
            mailbox: resolved(mailbox), store: PostgresLocation.isPostgresURL(store) ? store : resolved(store),
            templates: resolved(templates),
            quarantine: resolved(quarantine), relay: relay, outbox: resolved(outbox), from: from,
            ourAddresses: ourAddresses, staffDomains: staffDomains,
            formSenders: formSenders, company: company, sources: sources,
            defaultSource: reader.string(root, "defaultSource", path: "defaultSource") ?? "email",
            pollInterval: .milliseconds(Int(max(seconds, 0.01) * 1000)), templatesContact: templatesContact)
        configuration.lifecycle = lifecycle
        configuration.delivery = delivery
        configuration.intake = intake
        configuration.permissions = permissions
        configuration.createMailbox = createMailbox
        configuration.web = web
        configuration.exportValues = exportValues
        configuration.tracker = tracker
        return configuration
    }

    /// `Name <address>` or a bare address.
    static func mailbox(_ text: String) -> MailAddress? {
        MailAddress.mailbox(text)
    }
}
