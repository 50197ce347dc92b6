import Foundation
import Leads
import Yams

/// Typed access to YAML nodes that records a problem, with key path and line, instead of stopping at the first.
struct NodeReader {
    var problems: [ConfigurationError.Problem] = []

    mutating func problem(_ key: String, _ node: Node?, _ message: String) {
        problems.append(.init(key: key, line: node?.mark.map { $0.line }, message: message))
    }

    mutating func rejectUnknownKeys(_ mapping: Node.Mapping, allowed: Set<String>, path: String) {
        for (key, _) in mapping {
            guard let name = key.string, !allowed.contains(name) else { continue }
            let suggestion = Self.closest(to: name, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
            let full = path.isEmpty ? name : "\(path).\(name)"
            problem(full, key, "is not a known key\(suggestion)")
        }
    }

    mutating func string(_ mapping: Node.Mapping, _ key: String, path: String, required: Bool = false) -> String? {
        guard let node = mapping[key], node.null == nil else {
            if required { problems.append(.init(key: path, line: nil, message: "is required")) }
            return nil
        }
        guard node.scalar != nil, let value = node.string else {
            problem(path, node, "must be a single value (text)")
            return nil
        }
        return value
    }

    mutating func bool(_ mapping: Node.Mapping, _ key: String, path: String) -> Bool? {
        guard let node = mapping[key] else { return nil }
        guard let value = node.bool else {
            problem(path, node, "must be true or false")
            return nil
        }
        return value
    }

    mutating func double(_ mapping: Node.Mapping, _ key: String, path: String) -> Double? {
        guard let node = mapping[key] else { return nil }
        guard let value = node.float ?? node.int.map(Double.init) else {
            problem(path, node, "must be a number")
            return nil
        }
        return value
    }

    mutating func strings(_ mapping: Node.Mapping, _ key: String, path: String) -> [String] {
        guard let node = mapping[key] else { return [] }
        guard let sequence = node.sequence else {
            problem(path, node, "must be a list, e.g. [sales@acme.example, info@acme.example]")
            return []
        }
        return sequence.compactMap { $0.string }
    }

    /// The `sources` list: each `name`, optional `campaign`, and a `match` on to, from, subject or header.
    mutating func sourceRules(_ node: Node?) -> [SourceRule] {
        guard let node else { return [] }
        guard let list = node.sequence else {
            problem("sources", node, "must be a list of rules, each with name and match")
            return []
        }
        var rules: [SourceRule] = []
        for (index, item) in list.enumerated() {
            let path = "sources[\(index)]"
            guard let mapping = item.mapping else {
                problem(path, item, "must be a mapping with name, campaign and match")
                continue
            }
            rejectUnknownKeys(mapping, allowed: ["name", "campaign", "match"], path: path)
            guard let name = string(mapping, "name", path: "\(path).name", required: true) else { continue }
            var rule = SourceRule(name: name, campaign: string(mapping, "campaign", path: "\(path).campaign"))
            if let match = mapping["match"] {
                if let conditions = match.mapping {
                    readMatch(conditions, into: &rule, path: "\(path).match")
                } else {
                    problem("\(path).match", match, "must be a mapping with to, from, subject or header")
                }
            }
            rules.append(rule)
        }
        return rules
    }

    private mutating func readMatch(_ match: Node.Mapping, into rule: inout SourceRule, path: String) {
        rejectUnknownKeys(match, allowed: ["to", "from", "subject", "header"], path: path)
        rule.to = string(match, "to", path: "\(path).to").map(AddressPattern.init)
        rule.from = string(match, "from", path: "\(path).from").map(AddressPattern.init)
        if let subject = string(match, "subject", path: "\(path).subject") {
            do { rule.subject = try TextPattern(subject) } catch {
                problem("\(path).subject", match["subject"], error.description)
            }
        }
        if let header = match["header"] {
            guard let fields = header.mapping else {
                problem("\(path).header", header, "must be a mapping with name and pattern")
                return
            }
            rejectUnknownKeys(fields, allowed: ["name", "pattern"], path: "\(path).header")
            let name = string(fields, "name", path: "\(path).header.name", required: true)
            let source = string(fields, "pattern", path: "\(path).header.pattern") ?? ".*"
            do {
                if let name { rule.header = (name, try TextPattern(source)) }
            } catch {
                problem("\(path).header.pattern", fields["pattern"], error.description)
            }
        }
    }

    /// The allowed key nearest by edit distance, when it is close enough to be a typo.
    static func closest(to word: String, in candidates: Set<String>) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= max(2, word.count / 3) ? best.0 : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
