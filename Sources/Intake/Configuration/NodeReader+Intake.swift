import Foundation
import Leads
import Yams

extension NodeReader {
    /// The `intake` section: repeatReplyDays, replyMaxAgeDays, confirmForwards, subjectToken, defaultCountry,
    /// contactMatching, markSeen.
    mutating func intakeSettings(_ node: Node?) -> IntakeSettings {
        var settings = IntakeSettings()
        guard let node else { return settings }
        guard let mapping = node.mapping else {
            problem("intake", node, "must be a mapping (repeatReplyDays, confirmForwards, subjectToken, …)")
            return settings
        }
        rejectUnknownKeys(
            mapping,
            allowed: [
                "repeatReplyDays", "replyMaxAgeDays", "confirmForwards", "subjectToken", "defaultCountry",
                "contactMatching", "markSeen",
            ],
            path: "intake")
        if let days = double(mapping, "repeatReplyDays", path: "intake.repeatReplyDays") {
            if days < 0 { problem("intake.repeatReplyDays", mapping["repeatReplyDays"], "must be 0 or more days") }
            settings.repeatReplyWindow = max(days, 0) * 24 * 3600
        }
        if let days = double(mapping, "replyMaxAgeDays", path: "intake.replyMaxAgeDays") {
            if days > 0 {
                settings.replyMaxAge = days * 24 * 3600
            } else {
                problem(
                    "intake.replyMaxAgeDays", mapping["replyMaxAgeDays"],
                    "must be more than 0 days; to record a backfill without any reply, use "
                        + "`leadmail ingest --no-replies`")
            }
        }
        settings.confirmForwards = bool(mapping, "confirmForwards", path: "intake.confirmForwards") ?? true
        settings.subjectToken = bool(mapping, "subjectToken", path: "intake.subjectToken") ?? true
        settings.markSeen = bool(mapping, "markSeen", path: "intake.markSeen") ?? false
        if let country = string(mapping, "defaultCountry", path: "intake.defaultCountry") {
            if country.count == 2, CallingCode.forCountry(country.uppercased()) != nil {
                settings.defaultCountry = country.uppercased()
            } else {
                problem(
                    "intake.defaultCountry", mapping["defaultCountry"],
                    "'\(country)' is not a country this version knows; write a two-letter code such as GB or DE")
            }
        }
        if let matching = mapping["contactMatching"] {
            if let fields = matching.mapping {
                rejectUnknownKeys(fields, allowed: ["plusTags", "gmailDots"], path: "intake.contactMatching")
                settings.contactMatching = ContactMatching(
                    stripsPlusTags: bool(fields, "plusTags", path: "intake.contactMatching.plusTags") ?? true,
                    foldsGmailDots: bool(fields, "gmailDots", path: "intake.contactMatching.gmailDots") ?? true)
            } else {
                problem(
                    "intake.contactMatching", matching, "must be a mapping with plusTags and gmailDots (true/false)")
            }
        }
        return settings
    }
}
