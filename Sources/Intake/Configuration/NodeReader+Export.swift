import Foundation
import LeadDesk
import Leads
import Yams

/// The `export` key: the picklist values `leads export --format salesforce|hubspot` writes, for an organisation
/// whose CRM has its own. Only the values given change; the rest keep the CRM's defaults.
///
///     export:
///       salesforce:
///         status: { new: Open, contacted: Working, converted: Qualified }
///         rating: { A: Hot, B: Warm, C: Cold, D: Cold }
///       hubspot:
///         status: { qualified: IN_PROGRESS }
///         stage: { converted: customer }
extension NodeReader {
    mutating func exportValues(_ node: Node?) -> ExportValues {
        var values = ExportValues()
        guard let node else { return values }
        guard let mapping = node.mapping else {
            problem("export", node, "must be a mapping, e.g. {salesforce: {rating: {A: Hot, B: Warm}}}")
            return values
        }
        rejectUnknownKeys(mapping, allowed: ["salesforce", "hubspot"], path: "export")
        if let salesforce = crmMapping(mapping, "salesforce", allowed: ["status", "rating"]) {
            statusValues(salesforce, "status", path: "export.salesforce", into: &values.salesforceStatus)
            ratingValues(salesforce, "rating", path: "export.salesforce", into: &values.temperature)
        }
        if let hubspot = crmMapping(mapping, "hubspot", allowed: ["status", "stage"]) {
            statusValues(hubspot, "status", path: "export.hubspot", into: &values.hubspotStatus)
            statusValues(hubspot, "stage", path: "export.hubspot", into: &values.hubspotStage)
        }
        return values
    }

    private mutating func crmMapping(_ mapping: Node.Mapping, _ key: String, allowed: Set<String>)
        -> Node.Mapping?
    {
        guard let node = mapping[key] else { return nil }
        guard let crm = node.mapping else {
            problem("export.\(key)", node, "must be a mapping of \(allowed.sorted().joined(separator: " and "))")
            return nil
        }
        rejectUnknownKeys(crm, allowed: allowed, path: "export.\(key)")
        return crm
    }

    /// `{status: value}` pairs; a status LeadMail does not have is a problem that lists the ones it has.
    private mutating func statusValues(
        _ crm: Node.Mapping, _ key: String, path: String, into values: inout [LeadStatus: String]
    ) {
        picklistValues(crm, key, path: path, named: ("a lead status", "statuses"), into: &values) {
            LeadStatus(rawValue: $0.lowercased())
        }
    }

    /// `{rating: value}` pairs, ratings A to D.
    private mutating func ratingValues(
        _ crm: Node.Mapping, _ key: String, path: String, into values: inout [LeadRating: String]
    ) {
        picklistValues(crm, key, path: path, named: ("a rating", "ratings"), into: &values) {
            LeadRating(rawValue: $0.uppercased())
        }
    }

    /// `{name: value}` pairs of one of LeadMail's picklists; a name `parse` does not know is a problem that lists
    /// the picklist's names.
    private mutating func picklistValues<Value: CaseIterable & RawRepresentable<String> & Hashable>(
        _ crm: Node.Mapping, _ key: String, path: String, named: (one: String, all: String),
        into values: inout [Value: String], parse: (String) -> Value?
    ) {
        let known = Value.allCases.map(\.rawValue)
        for (name, text) in pairs(crm, key, path: path) {
            guard let value = parse(name) else {
                problem(
                    "\(path).\(key).\(name)", crm[key],
                    "'\(name)' is not \(named.one); the \(named.all) are \(known.joined(separator: ", "))")
                continue
            }
            values[value] = text
        }
    }

    /// The text pairs of the mapping under `key`; a value that is not one line of text is a problem (it would
    /// break the CSV's picklist).
    private mutating func pairs(_ crm: Node.Mapping, _ key: String, path: String) -> [(String, String)] {
        guard let node = crm[key] else { return [] }
        guard let mapping = node.mapping else {
            problem("\(path).\(key)", node, "must be a mapping, e.g. {new: Open, converted: Qualified}")
            return []
        }
        var found: [(String, String)] = []
        for (name, value) in mapping {
            guard let name = name.string else { continue }
            guard let text = value.string, value.scalar != nil, !text.isEmpty,
                !text.contains(where: \.isNewline)
            else {
                problem("\(path).\(key).\(name)", value, "must be one line of text, the CRM's picklist value")
                continue
            }
            found.append((name, text))
        }
        return found
    }
}
