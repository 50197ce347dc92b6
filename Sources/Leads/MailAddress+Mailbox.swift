import MIME

extension MailAddress {
    /// `Name <address>` or a bare address, as leadmail.yml and the log's From column write them; nil when there
    /// is no plausible address in it.
    public static func mailbox(_ text: String) -> MailAddress? {
        // Also read for every lead the lead rules score (the sender of its newest mail): on the UTF-8 bytes, with
        // no Foundation bridging and no CharacterSet built per call.
        let trimmed = text.trimmedSpaces
        if let open = trimmed.lastCharacter(whereASCII: { $0 == UInt8(ascii: "<") }),
            let close = trimmed.lastCharacter(whereASCII: { $0 == UInt8(ascii: ">") }), open < close
        {
            let address = String(trimmed[trimmed.index(after: open)..<close])
            let name = String(trimmed[..<open].trimming { $0 == " " || $0 == "\"" })
            return EmailAddress.isPlausible(address)
                ? MailAddress(name: name.isEmpty ? nil : name, address: address)
                : nil
        }
        return EmailAddress.isPlausible(String(trimmed)) ? MailAddress(address: String(trimmed)) : nil
    }
}
