import MIME

/// Builds a parsed `Message` from header lines and a text body, so that domain rules can be tested on their own.
/// (The parser has its own tests; the end-to-end tests feed real .eml files through both.)
func message(_ headers: [(String, String)], text: String = "", type: String = "text/plain") -> Message {
    let fields = HeaderFields(headers.map { HeaderField(name: $0.0, value: $0.1, rawValue: Array($0.1.utf8)) })
    let parts = type.split(separator: "/").map(String.init)
    let root = MIMEPart(headers: fields, contentType: ContentType(type: parts[0], subtype: parts[1]))
    func addresses(_ name: String) -> [MailAddress] {
        fields.all(name).flatMap { value in
            splitAddresses(value).map { item -> MailAddress in
                let item = item.trimmingCharacters(in: .whitespaces)
                if let open = item.firstIndex(of: "<"), let close = item.firstIndex(of: ">") {
                    let name = item[..<open].trimmingCharacters(in: .whitespaces)
                        .trimmingCharacters(in: .init(charactersIn: "\""))
                    return MailAddress(
                        name: name.isEmpty ? nil : name,
                        address: String(item[item.index(after: open)..<close]))
                }
                return MailAddress(address: item)
            }
        }
    }
    return Message(
        headers: fields, from: addresses("From"), to: addresses("To"), cc: addresses("Cc"),
        replyTo: addresses("Reply-To"), subject: fields["Subject"],
        messageID: fields["Message-ID"]?.trimmingCharacters(in: .init(charactersIn: "<>")), root: root, text: text)
}

/// Splits an address list at commas outside quotes.
private func splitAddresses(_ value: String) -> [String] {
    var items: [String] = []
    var current = ""
    var quoted = false
    for character in value {
        if character == "\"" { quoted.toggle() }
        if character == "," && !quoted {
            items.append(current)
            current = ""
        } else {
            current.append(character)
        }
    }
    return items + [current]
}
