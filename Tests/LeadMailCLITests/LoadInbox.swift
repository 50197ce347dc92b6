import Foundation
import Maildir
import TestSupport

/// A big, realistic inbox made from maildir-samples: each enquiry sample is repeated with its own sender
/// address, Message-ID and subject (so every copy is a new lead with one reply), mixed with copies of the
/// auto-replies, the broken message and exact re-deliveries, as a busy shared inbox would see them.
struct LoadInbox {
    /// One generated message and what it must become.
    struct Letter {
        enum Expected: Equatable {
            case lead(email: String)
            case ignored, quarantined, duplicate
        }
        var bytes: [UInt8]
        var messageID: String
        var expected: Expected
    }

    private(set) var letters: [Letter] = []

    init(count: Int) throws {
        let samples = try SampleExpectation.all()
        let enquiries = try samples.filter { $0.outcome == "lead" && $0.reply && $0.email != nil }.compactMap {
            sample -> (String, SampleExpectation)? in
            let text = try Self.sampleText(sample.file)
            return !text.isEmpty && text.contains(sample.email!) ? (text, sample) : nil
        }
        let robots = try samples.filter { $0.outcome == "ignored" }.map { try Self.sampleText($0.file) }
            .filter { !$0.isEmpty }
        let broken = try samples.filter { $0.outcome == "quarantined" }.map { try Self.sampleBytes($0.file) }
        for index in 0..<count {
            let messageID = "load-\(index)@load.test"
            switch index % 25 {
            case 7 where !robots.isEmpty:
                let text = Self.stamp(robots[index % robots.count], messageID: messageID, index: index)
                letters.append(Letter(bytes: Array(text.utf8), messageID: messageID, expected: .ignored))
            case 13 where !broken.isEmpty:
                letters.append(Letter(bytes: broken[0], messageID: messageID, expected: .quarantined))
            case 19 where index > 25:
                var again = letters[index - 19]
                again.expected = again.expected == .quarantined ? .quarantined : .duplicate
                letters.append(again)
            default:
                let (text, sample) = enquiries[index % enquiries.count]
                let original = sample.email!
                let at = original.firstIndex(of: "@")!
                let email = original[..<at] + ".n\(index)" + original[at...]
                var body = text.replacingOccurrences(of: original, with: String(email))
                if let phone = sample.phone {
                    // Contacts also match by phone: each generated enquirer gets a number of their own.
                    body = body.replacingOccurrences(of: phone, with: "+44 7700 9" + String(format: "%05d", index))
                }
                let varied = Self.stamp(body, messageID: messageID, index: index)
                letters.append(
                    Letter(
                        bytes: Array(varied.utf8), messageID: messageID,
                        expected: .lead(email: String(email).lowercased())))
            }
        }
    }

    /// Delivers letters `range` into the maildir the way an MTA does (tmp/ then new/).
    func deliver(_ range: Range<Int>, into maildir: Maildir) throws {
        for index in range {
            try maildir.deliver(letters[index].bytes)
        }
    }

    /// The emails of the leads the inbox must produce, one each.
    var leadEmails: [String] {
        letters.compactMap { if case .lead(let email) = $0.expected { email } else { nil } }
    }

    /// New Message-ID, a numbered subject (so the fingerprint differs), references dropped.
    static func stamp(_ text: String, messageID: String, index: Int) -> String {
        // "\r\n" is one Character in Swift, so CRLF files are handled as LF and given their CRLF back.
        let crlf = text.contains("\r\n")
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var sawID = false
        var inHeaders = true
        var output: [String] = []
        var skippingContinuation = false
        for line in lines {
            if inHeaders && line.isEmpty {
                inHeaders = false
                if !sawID { output.insert("Message-ID: <\(messageID)>", at: 0) }
            }
            guard inHeaders else {
                output.append(line)
                continue
            }
            if skippingContinuation, line.first == " " || line.first == "\t" { continue }
            skippingContinuation = false
            let lower = line.lowercased()
            if lower.hasPrefix("message-id:") {
                output.append("Message-ID: <\(messageID)>")
                sawID = true
                skippingContinuation = true
            } else if lower.hasPrefix("in-reply-to:") || lower.hasPrefix("references:") {
                skippingContinuation = true
            } else if lower.hasPrefix("subject:") {
                output.append(line + " #\(index)")
            } else {
                output.append(line)
            }
        }
        lines = output
        return lines.joined(separator: crlf ? "\r\n" : "\n")
    }

    static func sampleBytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.samples + "/new/" + file)))
    }

    /// The sample as text; "" for the few samples in 8-bit legacy charsets (they are left out, not mangled).
    static func sampleText(_ file: String) throws -> String {
        String(bytes: try sampleBytes(file), encoding: .utf8) ?? ""
    }
}
