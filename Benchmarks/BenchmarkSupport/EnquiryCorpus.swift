import Foundation

/// A deterministic inbox of realistic enquiries for the end-to-end benchmark: maildir-samples/ and the MIME
/// fixtures (web forms, direct mail, forwards, replies, encoded names, HTML-only, auto-replies, bounces) as
/// templates, each copy given its own Message-ID, sender and subject so that LeadMail records it as a new
/// message rather than a duplicate; every tenth one carries a PDF-sized attachment.
public enum EnquiryCorpus {
    /// maildir-samples/new, the MIME fixtures and the forwards, sorted by name: the same order on every machine.
    public static func templates() throws -> [[UInt8]] {
        let manager = FileManager.default
        let folders = ["maildir-samples/new", "Tests/MIMETests/Fixtures", "Tests/MIMETests/Fixtures/forwards"]
        var result: [[UInt8]] = []
        for folder in folders {
            let url = BenchmarkCorpus.repository.appendingPathComponent(folder)
            for name in try manager.contentsOfDirectory(atPath: url.path).sorted()
            where folder.hasSuffix("/new") || name.hasSuffix(".eml") {
                result.append(try [UInt8](Data(contentsOf: url.appendingPathComponent(name))))
            }
        }
        return result
    }

    /// Writes `count` messages into `folder/new` (made afresh, with empty cur/ and tmp/); returns the total bytes.
    @discardableResult
    public static func writeMaildir(count: Int, into folder: URL) throws -> Int {
        let manager = FileManager.default
        try? manager.removeItem(at: folder)
        for sub in ["new", "cur", "tmp"] {
            try manager.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let templates = try templates()
        var generator = SplitMix64(state: 0x1EAD)
        var total = 0
        for index in 0..<count {
            var message = personalised(templates[index % templates.count], index: index)
            if index % 10 == 9 {
                message = BenchmarkCorpus.withAttachment(
                    message, size: 20_000 + Int(generator.next() % 180_000), seed: 1_000_000 + index)
            }
            let name = "\(1_795_000_000 + index).M\(index)P1Q1.bench"
            try Data(message).write(to: folder.appendingPathComponent("new/" + name))
            total += message.count
        }
        return total
    }

    /// A plain direct-mail enquiry with a given Message-ID, for the latency run (each one gets a reply).
    public static func enquiry(index: Int, messageID: String) -> [UInt8] {
        Array(
            """
            Return-Path: <buyer\(index)@customer\(index % 13).example>\r
            From: =?UTF-8?Q?J=C3=BCrgen_K=C3=B6nig_\(index)?= <buyer\(index)@customer\(index % 13).example>\r
            To: sales@acme.example\r
            Subject: Quote for 40 cold-room sensors, site \(index)\r
            Date: Mon, 23 Nov 2026 10:00:00 +0000\r
            Message-ID: <\(messageID)>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=UTF-8\r
            \r
            Hello,\r
            \r
            we need a quote for 40 wireless cold-room sensors for our site number \(index), delivered by March.\r
            Could you call me on +49 221 555 \(1000 + index % 9000)?\r
            \r
            Best regards\r
            J\u{FC}rgen K\u{F6}nig\r
            Purchasing, K\u{F6}nig Logistik GmbH\r

            """.utf8)
    }

    /// The template with a Received trace added, and its Message-ID, sender address and subject made unique.
    static func personalised(_ template: [UInt8], index: Int) -> [UInt8] {
        let headerEnd = headerLength(template)
        var lines = split(Array(template[..<headerEnd]))
        var sawMessageID = false
        for (number, line) in lines.enumerated() {
            let lower = String(decoding: line.prefix(12), as: UTF8.self).lowercased()
            if lower.hasPrefix("message-id:") {
                lines[number] = Array("Message-ID: <bench-\(index)@generated.example>\r\n".utf8)
                sawMessageID = true
            } else if lower.hasPrefix("from:") || lower.hasPrefix("reply-to:") || lower.hasPrefix("return-path:") {
                if let at = line.firstIndex(of: UInt8(ascii: "@")) {
                    lines[number] = Array(line[..<at]) + Array("+b\(index)".utf8) + Array(line[at...])
                }
            } else if lower.hasPrefix("subject:") {
                let end = line.last == 0x0A ? (line.count >= 2 && line[line.count - 2] == 0x0D ? 2 : 1) : 0
                lines[number] = Array(line.dropLast(end)) + Array(" [\(index)]".utf8) + Array(line.suffix(end))
            }
        }
        var result = Array(
            """
            Received: from mail\(index % 97).example.net (mail\(index % 97).example.net [192.0.2.\(index % 250)])\r
            \tby mx1.acme.example (Postfix) with ESMTPS id \(index)A\(index % 7); Mon, 16 Nov 2026 09:00:00 +0100\r

            """.utf8)
        if !sawMessageID { result += Array("Message-ID: <bench-\(index)@generated.example>\r\n".utf8) }
        for line in lines { result += line }
        result += template[headerEnd...]
        return result
    }

    /// Bytes up to the end of the header block's last line (before the blank line), or all of them.
    static func headerLength(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A || (bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                return index
            }
            guard let newline = bytes[index...].firstIndex(of: 0x0A) else { return bytes.count }
            index = newline + 1
        }
        return bytes.count
    }

    /// Header lines with their line ends; a folded continuation stays its own line (only first lines are edited).
    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            lines.append(Array(bytes[start..<end]))
            start = end
        }
        return lines
    }
}
