import Foundation
import LeadDesk
import Leads
import Yams

/// The `lifecycle`, `scoring`, `teams` and `assignment` keys, checked with the same key-and-line problems.
extension NodeReader {
    static let weekdays = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    mutating func lifecycleSettings(_ root: Node.Mapping) -> LifecycleSettings {
        var settings = LifecycleSettings()
        if let node = root["lifecycle"] {
            if let mapping = node.mapping {
                readLifecycle(mapping, into: &settings)
            } else {
                problem("lifecycle", node, "must be a mapping with followUpDays, overdueDays, workingDays, holidays, …")
            }
        }
        if let node = root["scoring"] {
            if let mapping = node.mapping {
                settings.scoring = scoringRules(mapping)
            } else {
                problem("scoring", node, "must be a mapping with titles, words, sources, campaigns, …")
            }
        }
        settings.teams = teams(root["teams"])
        settings.assignment = assignmentRules(root["assignment"], teams: Set(settings.teams.map(\.name)))
        return settings
    }

    mutating func int(_ mapping: Node.Mapping, _ key: String, path: String, minimum: Int? = nil) -> Int? {
        guard let node = mapping[key] else { return nil }
        guard let value = node.int else {
            problem(path, node, "must be a whole number")
            return nil
        }
        if let minimum, value < minimum {
            problem(path, node, "must be at least \(minimum)")
            return nil
        }
        return value
    }

    private mutating func readLifecycle(_ mapping: Node.Mapping, into settings: inout LifecycleSettings) {
        rejectUnknownKeys(
            mapping,
            allowed: [
                "followUpDays", "overdueDays", "workingDays", "holidays", "timeZone", "rejectionReasons", "digestHour",
            ], path: "lifecycle")
        settings.followUpDays = int(mapping, "followUpDays", path: "lifecycle.followUpDays", minimum: 0) ?? 1
        settings.overdueDays = int(mapping, "overdueDays", path: "lifecycle.overdueDays", minimum: 1) ?? 3
        if let hour = int(mapping, "digestHour", path: "lifecycle.digestHour", minimum: 0) {
            if hour > 23 { problem("lifecycle.digestHour", mapping["digestHour"], "must be an hour from 0 to 23") }
            settings.digestHour = min(hour, 23)
        }
        if let zone = string(mapping, "timeZone", path: "lifecycle.timeZone") {
            if let timeZone = TimeZone(identifier: zone) {
                settings.calendar.timeZone = timeZone
            } else {
                problem(
                    "lifecycle.timeZone", mapping["timeZone"],
                    "'\(zone)' is not a time zone; write e.g. Europe/London")
            }
        }
        if mapping["workingDays"] != nil {
            var days: Set<Int> = []
            for name in strings(mapping, "workingDays", path: "lifecycle.workingDays") {
                if let day = Self.weekdays[String(name.lowercased().prefix(3))] {
                    days.insert(day)
                } else {
                    problem(
                        "lifecycle.workingDays", mapping["workingDays"],
                        "'\(name)' is not a weekday; write mon … sun")
                }
            }
            if days.isEmpty { problem("lifecycle.workingDays", mapping["workingDays"], "must name at least one day") }
            settings.calendar.workingWeekdays = days.isEmpty ? settings.calendar.workingWeekdays : days
        }
        for day in strings(mapping, "holidays", path: "lifecycle.holidays") {
            if settings.calendar.date(of: day) == nil {
                problem("lifecycle.holidays", mapping["holidays"], "'\(day)' is not a day; write YYYY-MM-DD")
            } else {
                settings.calendar.holidays.insert(day)
            }
        }
        if mapping["rejectionReasons"] != nil {
            let reasons = strings(mapping, "rejectionReasons", path: "lifecycle.rejectionReasons")
            if reasons.isEmpty {
                problem("lifecycle.rejectionReasons", mapping["rejectionReasons"], "must list at least one reason")
            } else {
                settings.rejectionReasons = reasons
            }
        }
    }

    private mutating func scoringRules(_ mapping: Node.Mapping) -> ScoringRules {
        rejectUnknownKeys(
            mapping,
            allowed: [
                "titles", "freeMailDomains", "companyDomain", "freeMail", "sources", "campaigns", "words",
                "completeness", "repeatEnquiry",
            ], path: "scoring")
        var rules = ScoringRules()
        if mapping["titles"] != nil { rules.titles = keywords(mapping, "titles") }
        if mapping["words"] != nil { rules.words = keywords(mapping, "words") }
        if mapping["freeMailDomains"] != nil {
            rules.freeMailDomains = Set(
                strings(mapping, "freeMailDomains", path: "scoring.freeMailDomains")
                    .map { $0.lowercased() })
        }
        rules.companyDomain = int(mapping, "companyDomain", path: "scoring.companyDomain") ?? rules.companyDomain
        rules.freeMail = int(mapping, "freeMail", path: "scoring.freeMail") ?? rules.freeMail
        rules.repeatEnquiry = int(mapping, "repeatEnquiry", path: "scoring.repeatEnquiry") ?? rules.repeatEnquiry
        rules.sources = Dictionary(keywords(mapping, "sources").map { ($0.phrase, $0.points) }) { $1 }
        rules.campaigns = Dictionary(keywords(mapping, "campaigns").map { ($0.phrase, $0.points) }) { $1 }
        if mapping["completeness"] != nil {
            let points = keywords(mapping, "completeness")
            for entry in points where !["name", "phone", "company"].contains(entry.phrase) {
                problem(
                    "scoring.completeness.\(entry.phrase)", mapping["completeness"],
                    "is not a contact detail; use name, phone or company")
            }
            rules.completeness = Dictionary(points.map { ($0.phrase, $0.points) }) { $1 }
        }
        return rules
    }

    /// A mapping of words to points, in the order written.
    private mutating func keywords(_ mapping: Node.Mapping, _ key: String) -> [ScoringRules.Keyword] {
        guard let node = mapping[key] else { return [] }
        guard let entries = node.mapping else {
            problem("scoring.\(key)", node, "must map words to points, e.g. { ceo: 30, student: -10 }")
            return []
        }
        return entries.compactMap { word, points in
            guard let phrase = word.string, let value = points.int else {
                problem("scoring.\(key).\(word.string ?? "?")", points, "must be a whole number of points")
                return nil
            }
            return .init(phrase, value)
        }
    }

    private mutating func teams(_ node: Node?) -> [SalesTeam] {
        guard let node else { return [] }
        guard let list = node.sequence else {
            problem("teams", node, "must be a list of teams, each with name and members")
            return []
        }
        var teams: [SalesTeam] = []
        for (index, item) in list.enumerated() {
            let path = "teams[\(index)]"
            guard let mapping = item.mapping else {
                problem(path, item, "must be a mapping with name, members, strategy, manager, copy")
                continue
            }
            rejectUnknownKeys(
                mapping, allowed: ["name", "members", "strategy", "manager", "copy", "notify"], path: path)
            guard let name = string(mapping, "name", path: "\(path).name", required: true) else { continue }
            var strategy = SalesTeam.Strategy.roundRobin
            if let text = string(mapping, "strategy", path: "\(path).strategy") {
                if let known = SalesTeam.Strategy(rawValue: text) {
                    strategy = known
                } else {
                    problem("\(path).strategy", mapping["strategy"], "must be round-robin or least-loaded")
                }
            }
            let manager = string(mapping, "manager", path: "\(path).manager")
            if let manager, !EmailAddress.isPlausible(manager) {
                problem("\(path).manager", mapping["manager"], "'\(manager)' is not an email address")
            }
            let members = teamMembers(mapping["members"], path: "\(path).members")
            if members.isEmpty {
                problem("\(path).members", mapping["members"] ?? item, "must list at least one member")
            }
            teams.append(
                SalesTeam(
                    name: name, members: members, strategy: strategy, manager: manager,
                    copy: strings(mapping, "copy", path: "\(path).copy"),
                    notify: bool(mapping, "notify", path: "\(path).notify") ?? true))
        }
        return teams
    }

    private mutating func teamMembers(_ node: Node?, path: String) -> [SalesPerson] {
        guard let list = node?.sequence else {
            if let node { problem(path, node, "must be a list of { name, email }") }
            return []
        }
        return list.enumerated().compactMap { index, item in
            guard let mapping = item.mapping else {
                problem("\(path)[\(index)]", item, "must be a mapping with name and email")
                return nil
            }
            rejectUnknownKeys(mapping, allowed: ["name", "email"], path: "\(path)[\(index)]")
            guard let email = string(mapping, "email", path: "\(path)[\(index)].email", required: true) else {
                return nil
            }
            guard EmailAddress.isPlausible(email) else {
                problem("\(path)[\(index)].email", mapping["email"], "'\(email)' is not an email address")
                return nil
            }
            let name = string(mapping, "name", path: "\(path)[\(index)].name") ?? email
            return SalesPerson(name: name, email: email)
        }
    }

    private mutating func assignmentRules(_ node: Node?, teams: Set<String>) -> [AssignmentRule] {
        guard let node else { return [] }
        guard let list = node.sequence else {
            problem("assignment", node, "must be a list of rules, each with match and team or to")
            return []
        }
        var rules: [AssignmentRule] = []
        for (index, item) in list.enumerated() {
            let path = "assignment[\(index)]"
            guard let mapping = item.mapping else {
                problem(path, item, "must be a mapping with match and team or to")
                continue
            }
            rejectUnknownKeys(mapping, allowed: ["match", "team", "to"], path: path)
            var rule = AssignmentRule(
                team: string(mapping, "team", path: "\(path).team"), person: string(mapping, "to", path: "\(path).to"))
            if (rule.team == nil) == (rule.person == nil) {
                problem(path, item, "needs either team (a name from teams) or to (a person's address)")
            }
            if let team = rule.team, !teams.contains(team) {
                let hint = Self.closest(to: team, in: teams).map { "; did you mean '\($0)'?" } ?? ""
                problem("\(path).team", mapping["team"], "'\(team)' is not a team listed under teams\(hint)")
            }
            if let match = mapping["match"] {
                if let conditions = match.mapping {
                    let matchPath = "\(path).match"
                    rejectUnknownKeys(
                        conditions, allowed: ["country", "source", "campaign", "minScore", "maxScore"],
                        path: matchPath)
                    rule.countries = Set(
                        oneOrMany(conditions, "country", path: "\(matchPath).country").map { $0.uppercased() })
                    rule.sources = Set(oneOrMany(conditions, "source", path: "\(matchPath).source"))
                    rule.campaigns = Set(oneOrMany(conditions, "campaign", path: "\(matchPath).campaign"))
                    rule.minScore = int(conditions, "minScore", path: "\(matchPath).minScore")
                    rule.maxScore = int(conditions, "maxScore", path: "\(matchPath).maxScore")
                } else {
                    problem(
                        "\(path).match", match,
                        "must be a mapping with country, source, campaign, minScore, maxScore")
                }
            }
            rules.append(rule)
        }
        return rules
    }

    /// `source: web-form` or `source: [web-form, email]`.
    private mutating func oneOrMany(_ mapping: Node.Mapping, _ key: String, path: String) -> [String] {
        guard let node = mapping[key] else { return [] }
        if node.sequence != nil { return strings(mapping, key, path: path) }
        return string(mapping, key, path: path).map { [$0] } ?? []
    }
}
