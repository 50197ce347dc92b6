import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A generated backlog shaped like a real one (a trade-show export, a year of web forms): mostly new people,
/// each written fresh rather than copied from the samples, in the mix of issue 21:
///
/// | kind | share |
/// | --- | --- |
/// | web-form notifications (plain, multipart/alternative, HTML table; several label styles; some Reply-To) | 30% |
/// | direct mail | 22% |
/// | names in encoded words (UTF-8, ISO-8859-1/-2, KOI8-R, ISO-2022-JP, GB2312, Windows-1252) | 8% |
/// | HTML-only | 5% |
/// | ~300 KB PDF attachments | 3% |
/// | colleagues' forwards (Gmail inline, Outlook "Original Message", attached message/rfc822) | 11% |
/// | replies to our automatic replies | 8% |
/// | automatic mail (out-of-office, bulk, list, bounces) | 13% |
///
/// About 70% of the messages come from a contact not seen before (a new lead and a rendered reply); the rest
/// are repeat enquiries, replies, forwards of known people and automatic mail. Deterministic: the same bytes on
/// every machine for a given count.
public enum BacklogCorpus {
    enum Kind: CaseIterable {
        case webForm, direct, encodedName, htmlOnly, pdf, forward, reply, automatic

        /// Per ten thousand messages.
        var share: Int {
            switch self {
            case .webForm: 3_000
            case .direct: 2_200
            case .encodedName: 800
            case .htmlOnly: 500
            case .pdf: 300
            case .forward: 1_100
            case .reply: 800
            case .automatic: 1_300
            }
        }
    }

    /// Writes `count` messages into `folder/new` (made afresh, with empty cur/ and tmp/); returns the total bytes.
    @discardableResult
    public static func writeMaildir(count: Int, into folder: URL) throws -> Int {
        let manager = FileManager.default
        try? manager.removeItem(at: folder)
        for sub in ["new", "cur", "tmp"] {
            try manager.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        var writer = Writer()
        var total = 0
        for (index, kind) in schedule(count: count, random: &writer.random).enumerated() {
            let message = writer.message(kind, index: index)
            let name = "\(1_795_000_000 + index).M\(index)P1Q1.backlog"
            try Data(message).write(to: folder.appendingPathComponent("new/" + name))
            total += message.count
        }
        return total
    }

    /// The kinds in their shares, shuffled (deterministically).
    static func schedule(count: Int, random: inout SplitMix64) -> [Kind] {
        var kinds: [Kind] = []
        for kind in Kind.allCases { kinds += Array(repeating: kind, count: (count * kind.share + 5_000) / 10_000) }
        while kinds.count < count { kinds.append(.direct) }
        kinds = Array(kinds.prefix(count))
        kinds.shuffle(using: &random)
        return kinds
    }

    /// Makes the messages one by one, remembering who wrote what, for replies, repeats and bounces.
    struct Writer {
        var random = SplitMix64(state: 0xBAC_1065)
        /// Enquirers so far and the Message-ID of their enquiry.
        var enquirers: [(person: BacklogPerson, messageID: String)] = []
        static let colleagues = ["tom.baker", "nadia.hussain", "gareth.lloyd", "ines.moreau", "kasia.nowak"]

        mutating func message(_ kind: Kind, index: Int) -> [UInt8] {
            let date = Self.date(index: index)
            let messageID = "\(String(random.next(), radix: 36)).\(index)@mail.client\(index % 53).example"
            switch kind {
            case .webForm, .direct, .encodedName, .htmlOnly, .pdf:
                // One in eight of these is someone writing again: a repeat enquiry on their open lead.
                let again = !enquirers.isEmpty && random.below(8) == 0
                let person =
                    again
                    ? enquirers[random.below(enquirers.count)].person
                    : BacklogPerson.make(
                        index: index, charset: kind == .encodedName ? encodedCharset() : nil,
                        random: &random)
                enquirers.append((person, messageID))
                let text = person.enquiry(random: &random)
                switch kind {
                case .webForm: return webForm(person, text: text, date: date, id: messageID, index: index)
                case .htmlOnly: return htmlOnly(person, text: text, date: date, id: messageID)
                case .pdf: return withPDF(person, text: text, date: date, id: messageID, index: index)
                default: return direct(person, text: text, date: date, id: messageID, index: index)
                }
            case .forward:
                let person = BacklogPerson.make(index: index, charset: nil, random: &random)
                return forward(person, text: person.enquiry(random: &random), date: date, id: messageID, index: index)
            case .reply:
                guard let earlier = enquirers.randomElement(using: &random) else {
                    return automatic(date: date, id: messageID, index: index)
                }
                return reply(earlier.person, to: earlier.messageID, date: date, id: messageID)
            case .automatic:
                return automatic(date: date, id: messageID, index: index)
            }
        }

        mutating func encodedCharset() -> String {
            let charsets = ["UTF-8", "ISO-8859-1", "ISO-8859-2", "KOI8-R", "ISO-2022-JP", "GB2312", "WINDOWS-1252"]
            return charsets[random.below(charsets.count)]
        }

        static func date(index: Int) -> String {
            let day = 2 + index % 27
            let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][(day + 6) % 7]
            func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
            let zone = ["+0000", "+0100", "-0500", "+0900"][index % 4]
            let time = "\(two(7 + index % 12)):\(two(index % 60)):\(two((index * 7) % 60))"
            return "\(weekday), \(day) Nov 2026 \(time) \(zone)"
        }

        func received(index: Int, date: String) -> String {
            "Received: from mail.client\(index % 53).example (mail.client\(index % 53).example "
                + "[198.51.100.\(index % 250)])\r\n\tby mx1.acme.example (Postfix) with ESMTPS id "
                + "\(String(index, radix: 16))\r\n\tfor <sales@acme.example>; \(date)\r\n"
        }

        /// The display name as the person's mail client writes it: an encoded word in their charset when needed.
        func displayName(_ person: BacklogPerson) -> String {
            let name = person.name
            guard !name.unicodeScalars.allSatisfy(\.isASCII) else { return "\"\(name)\"" }
            let charset = person.charset == "US-ASCII" ? "UTF-8" : person.charset
            let bytes = Charsets.encode(name, charset: charset) ?? Array(name.utf8)
            return "=?\(charset)?B?\(Data(bytes).base64EncodedString())?="
        }

        mutating func direct(_ person: BacklogPerson, text: String, date: String, id: String, index: Int) -> [UInt8] {
            let greeting = ["Hello,", "Dear Acme team,", "Hi,", "Good morning,", "Dear Sir or Madam,"][random.below(5)]
            let closing = BacklogPerson.closings[random.below(BacklogPerson.closings.count)]
            let to = index % 9 == 0 ? "expo@acme.example" : "sales@acme.example"
            let subject = [
                "Enquiry: \(person.company)", "Quote request", "Question about your sensors",
                "Price list please", "Sensors for our site",
            ][random.below(5)]
            let body = "\(greeting)\n\n\(text)\n\n\(closing)\n\(person.signature)\n"
            return Array(
                (received(index: index, date: date) + """
                    From: \(displayName(person)) <\(person.email)>\r
                    To: \(to)\r
                    Subject: \(subject)\r
                    Date: \(date)\r
                    Message-ID: <\(id)>\r
                    MIME-Version: 1.0\r
                    Content-Type: text/plain; charset=UTF-8\r
                    Content-Transfer-Encoding: 8bit\r
                    \r
                    \(body.replacingOccurrences(of: "\n", with: "\r\n"))
                    """).utf8)
        }

        /// Label styles of the form plugins and hand-made sites.
        static let labelStyles: [[String]] = [
            ["Name", "Email", "Phone", "Company", "Message"],
            ["Your Name", "Your Email", "Telephone", "Organisation", "Your Message"],
            ["Full name", "E-mail address", "Phone number", "Company name", "How can we help?"],
            ["Nom", "E-mail", "Téléphone", "Société", "Message"],
        ]

        mutating func webForm(_ person: BacklogPerson, text: String, date: String, id: String, index: Int)
            -> [UInt8]
        {
            let labels = Self.labelStyles[random.below(Self.labelStyles.count)]
            let values = [person.name, person.email, person.phone, person.company, text]
            let replyTo = random.below(3) == 0 ? "Reply-To: \(displayName(person)) <\(person.email)>\r\n" : ""
            let subject = [
                "New enquiry from the website contact form", "[Acme] Contact form submission",
                "Website enquiry from \(person.name)",
            ][random.below(3)]
            let head =
                received(index: index, date: date) + """
                    From: Acme Website <forms@acme.example>\r
                    To: sales@acme.example\r
                    \(replyTo)Subject: =?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?=\r
                    Date: \(date)\r
                    Message-ID: <\(id)>\r
                    MIME-Version: 1.0\r

                    """
            let plain =
                zip(labels, values).map { label, value in
                    label == labels[4] ? "\(label):\n\(value)" : "\(label): \(value)"
                }.joined(separator: "\n")
                + "\n\n--\nThis e-mail was sent from a contact form on Acme Industrial Sensors\n"
            let table =
                "<table>"
                + zip(labels, values).map { label, value in
                    "<tr><td><strong>\(label)</strong></td><td>\(Self.html(value))</td></tr>"
                }.joined() + "</table>"
            switch random.below(3) {
            case 0:
                return Array(
                    (head + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                        + plain.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
            case 1:
                let paragraphs = zip(labels, values).map { label, value in
                    "<p><strong>\(label)</strong><br>\(Self.html(value))</p>"
                }.joined()
                return Array(
                    (head + """
                        Content-Type: multipart/alternative; boundary="form-\(index)"\r
                        \r
                        --form-\(index)\r
                        Content-Type: text/plain; charset=UTF-8\r
                        \r
                        \(plain.replacingOccurrences(of: "\n", with: "\r\n"))\r
                        --form-\(index)\r
                        Content-Type: text/html; charset=UTF-8\r
                        \r
                        <html><body>\(paragraphs)</body></html>\r
                        --form-\(index)--\r

                        """).utf8)
            default:
                return Array(
                    (head + "Content-Type: text/html; charset=UTF-8\r\n\r\n<html><body><h2>New enquiry</h2>"
                        + table + "</body></html>\r\n").utf8)
            }
        }

        mutating func htmlOnly(_ person: BacklogPerson, text: String, date: String, id: String) -> [UInt8] {
            let paragraphs = text.split(separator: "\n").map { "<p>\(Self.html(String($0)))</p>" }.joined()
            return Array(
                """
                From: \(displayName(person)) <\(person.email)>\r
                To: sales@acme.example\r
                Subject: Enquiry from \(person.company)\r
                Date: \(date)\r
                Message-ID: <\(id)>\r
                MIME-Version: 1.0\r
                Content-Type: text/html; charset=UTF-8\r
                \r
                <html><head><style>p{font-family:Calibri}</style></head><body><div>Hello,</div>\(paragraphs)\r
                <div>Kind regards,<br>\(Self.html(person.name))<br>\(Self.html(person.title))<br>\r
                \(Self.html(person.company))<br>Tel. \(person.phone)</div></body></html>\r

                """.utf8)
        }

        mutating func withPDF(_ person: BacklogPerson, text: String, date: String, id: String, index: Int)
            -> [UInt8]
        {
            let boundary = "pdf-\(index)"
            var bytes = Array(
                """
                From: \(displayName(person)) <\(person.email)>\r
                To: sales@acme.example\r
                Subject: Specification for a quote\r
                Date: \(date)\r
                Message-ID: <\(id)>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="\(boundary)"\r
                \r
                --\(boundary)\r
                Content-Type: text/plain; charset=UTF-8\r
                \r
                Hello,\r
                \r
                \(text.replacingOccurrences(of: "\n", with: "\r\n")) Our specification is attached.\r
                \r
                Regards,\r
                \(person.signature.replacingOccurrences(of: "\n", with: "\r\n"))\r
                --\(boundary)\r
                Content-Type: application/pdf; name="specification-\(index).pdf"\r
                Content-Disposition: attachment; filename="specification-\(index).pdf"\r
                Content-Transfer-Encoding: base64\r
                \r

                """.utf8)
            bytes += BenchmarkCorpus.base64Lines(count: 280_000 + random.below(40_000), seed: UInt64(index))
            bytes += Array("--\(boundary)--\r\n".utf8)
            return bytes
        }

        mutating func forward(_ person: BacklogPerson, text: String, date: String, id: String, index: Int)
            -> [UInt8]
        {
            let colleague = Self.colleagues[random.below(Self.colleagues.count)]
            let note = [
                "Can someone pick this up? Met them at the expo.", "Another one for the quote team, thanks.",
                "FYI, this came to my own address.",
            ][random.below(3)]
            let original = "\(text)\n\n\(person.name)\n\(person.company)"
            let head = """
                From: \(colleague.capitalized.replacingOccurrences(of: ".", with: " ")) <\(colleague)@acme.example>\r
                To: sales@acme.example\r
                Subject: Fwd: Enquiry from \(person.company)\r
                Date: \(date)\r
                Message-ID: <\(id)>\r
                MIME-Version: 1.0\r

                """
            switch random.below(3) {
            case 0:
                return Array(
                    (head + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                        + """
                        \(note)

                        ---------- Forwarded message ---------
                        From: \(person.name) <\(person.email)>
                        Date: \(date)
                        Subject: Enquiry from \(person.company)
                        To: <\(colleague)@acme.example>

                        \(original)

                        """.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
            case 1:
                return Array(
                    (head + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                        + """
                        \(note)

                        -----Original Message-----
                        From: \(person.name) <\(person.email)>
                        Sent: \(date)
                        To: \(colleague)@acme.example
                        Subject: Enquiry from \(person.company)

                        \(original)

                        """.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
            default:
                return Array(
                    (head + """
                        Content-Type: multipart/mixed; boundary="fwd-\(index)"\r
                        \r
                        --fwd-\(index)\r
                        Content-Type: text/plain; charset=UTF-8\r
                        \r
                        \(note)\r
                        --fwd-\(index)\r
                        Content-Type: message/rfc822\r
                        \r
                        From: \(displayName(person)) <\(person.email)>\r
                        To: \(colleague)@acme.example\r
                        Subject: Enquiry from \(person.company)\r
                        Date: \(date)\r
                        Message-ID: <orig.\(id)>\r
                        Content-Type: text/plain; charset=UTF-8\r
                        \r
                        \(original.replacingOccurrences(of: "\n", with: "\r\n"))\r
                        --fwd-\(index)--\r

                        """).utf8)
            }
        }

        mutating func reply(_ person: BacklogPerson, to original: String, date: String, id: String) -> [UInt8] {
            let ours = "\(String(random.next(), radix: 16)).reply@acme.example"
            let ask = [
                "Thanks for the quick answer. Could you also include installation?",
                "Thank you. We would like a call on Tuesday morning if possible.",
                "Great, please send the datasheet as well.",
            ][random.below(3)]
            return Array(
                """
                From: \(displayName(person)) <\(person.email)>\r
                To: Acme Sales <sales@acme.example>\r
                Subject: Re: Thank you for your enquiry\r
                Date: \(date)\r
                Message-ID: <\(id)>\r
                In-Reply-To: <\(ours)>\r
                References: <\(original)> <\(ours)>\r
                Content-Type: text/plain; charset=UTF-8\r
                \r
                \(ask)\r
                \r
                \(person.first)\r
                \r
                On \(date), Acme Sales <sales@acme.example> wrote:\r
                > Thank you for your enquiry. We will answer within one working day.\r

                """.utf8)
        }

        mutating func automatic(date: String, id: String, index: Int) -> [UInt8] {
            let someone =
                enquirers.randomElement(using: &random)?.person
                ?? BacklogPerson.make(index: index, charset: nil, random: &random)
            switch random.below(4) {
            case 0:
                return Array(
                    """
                    From: \(displayName(someone)) <\(someone.email)>\r
                    To: sales@acme.example\r
                    Subject: Automatic reply: Thank you for your enquiry\r
                    Date: \(date)\r
                    Message-ID: <\(id)>\r
                    Auto-Submitted: auto-replied\r
                    X-Auto-Response-Suppress: All\r
                    Content-Type: text/plain; charset=UTF-8\r
                    \r
                    I am out of the office until \(2 + index % 20) December with limited access to email.\r

                    """.utf8)
            case 1:
                return Array(
                    """
                    From: Industry Newsletter <news@sensor-weekly.example>\r
                    To: sales@acme.example\r
                    Subject: This week in cold-chain monitoring (\(index))\r
                    Date: \(date)\r
                    Message-ID: <\(id)>\r
                    Precedence: bulk\r
                    List-Unsubscribe: <https://sensor-weekly.example/u/\(index)>\r
                    Content-Type: text/html; charset=UTF-8\r
                    \r
                    <html><body><h1>Cold-chain news</h1><p>Five things to check before the audit.</p></body></html>\r

                    """.utf8)
            case 2:
                return Array(
                    """
                    From: \(displayName(someone)) <\(someone.email)>\r
                    To: facilities-forum@lists.example\r
                    Subject: [facilities-forum] Sensor battery life\r
                    Date: \(date)\r
                    Message-ID: <\(id)>\r
                    List-Id: Facilities forum <facilities-forum.lists.example>\r
                    Precedence: list\r
                    Content-Type: text/plain; charset=UTF-8\r
                    \r
                    Has anyone measured battery life of wireless probes below -20 C?\r

                    """.utf8)
            default:
                let domain = someone.email.split(separator: "@").last.map(String.init) ?? "example"
                return Array(
                    """
                    Return-Path: <>\r
                    From: MAILER-DAEMON@mx.\(domain) (Mail Delivery System)\r
                    To: sales@acme.example\r
                    Subject: Undelivered Mail Returned to Sender\r
                    Date: \(date)\r
                    Message-ID: <\(id)>\r
                    Auto-Submitted: auto-replied\r
                    MIME-Version: 1.0\r
                    Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-\(index)"\r
                    \r
                    --dsn-\(index)\r
                    Content-Type: text/plain; charset=us-ascii\r
                    \r
                    This is the mail system at host mx.\(domain).\r
                    \r
                    <\(someone.email)>: host mx.\(domain) said: 550 5.1.1 User unknown\r
                    --dsn-\(index)\r
                    Content-Type: message/delivery-status\r
                    \r
                    Reporting-MTA: dns; mx.\(domain)\r
                    \r
                    Final-Recipient: rfc822; \(someone.email)\r
                    Action: failed\r
                    Status: 5.1.1\r
                    --dsn-\(index)--\r

                    """.utf8)
            }
        }

        static func html(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n", with: "<br>")
        }
    }
}

/// Text in a named charset, through iconv, for the names of encoded words.
enum Charsets {
    static func encode(_ text: String, charset: String) -> [UInt8]? {
        let descriptor = iconv_open(charset, "UTF-8")
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 4 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1 else { return nil }
                // Stateful charsets (ISO-2022-JP) end with the shift back to ASCII.
                guard iconv(descriptor, nil, nil, &outPointer, &outLeft) != -1 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        return written.map { output.prefix($0).map { UInt8(bitPattern: $0) } }
    }
}
