import Foundation
import MIME

/// A colleague's forward whose header block names the writer without an address.
///
/// Outlook writes `From: Jane Smith` for a sender in the forwarder's address book, and Exchange can write its own
/// directory name (`/O=EXCHANGELABS/OU=…/CN=…`). The enquiry is still the writer's: their address is usually in
/// their signature, or in the colleague's note. When neither gives it, the message says so in words the colleague
/// can act on, instead of looking like the colleague's own mail.
extension EnquiryExtractor {
    /// The writer of a forward that names them without an address, with the address their own text or the
    /// colleague's note gives; nil when no address can be told to be theirs.
    ///
    /// An address is theirs when its local part carries a word of their name (`jane.smith@`, `jsmith@`), or, when
    /// the text and note hold one usable address only, when it stands as a detail of its own in the text's last
    /// lines (their signature).
    /// Our own addresses, colleagues', form senders' and robot mailboxes never count.
    func unaddressedWriter(of forward: ForwardedMessage) -> MailAddress? {
        guard forward.from == nil, let written = forward.fromText else { return nil }
        let name = Self.writerName(written)
        let candidates = Self.addressesWritten(in: forward.text + "\n" + forward.note).filter { address in
            (try? contactAddress(address).get()) != nil && !ReplyPolicy.isRobotMailbox(address)
        }
        guard !candidates.isEmpty else { return nil }
        if let name, let named = candidates.first(where: { Self.localPart(of: $0, carriesWordOf: name) }) {
            return MailAddress(name: name, address: named)
        }
        guard Set(candidates.map(EmailAddress.normalised)).count == 1 else { return nil }
        let signature = forward.text.linesSplitAtLineFeed.filter { !$0.trimmingSpaces().isEmpty }.suffix(8)
        guard signature.contains(where: { Self.line($0, standsFor: candidates[0]) }) else { return nil }
        return MailAddress(name: name, address: candidates[0])
    }

    /// Whether a signature line gives `address` as a detail of its own ("E: jane@…", "Millbrook | jane@…"),
    /// not inside a sentence ("our site manager bob@… has the drawings").
    static func line(_ line: Substring, standsFor address: String) -> Bool {
        line.split(whereSeparator: { $0 == "|" || $0 == "•" || $0 == "·" }).contains { segment in
            guard segment.utf8Contains(address) else { return false }
            let words = segment.split(whereSeparator: \.isWhitespace).filter { !$0.utf8Contains(address) }
            return words.count <= 2
        }
    }

    /// Why a colleague's message holds no enquiry when it forwards mail whose writer has no address, in words the
    /// colleague can act on; nil for any other message.
    public func unaddressedForwardProblem(in message: Message) -> String? {
        guard let sender = message.from.first, policy.isColleague(sender.address) else { return nil }
        let forwards = ForwardedMessage.extract(from: message)
        guard let forward = forwards.first(where: { $0.from == nil && $0.fromText != nil }),
            unaddressedWriter(of: forward) == nil
        else { return nil }
        let who = forward.fromText.flatMap(Self.writerName).map { "“\($0)”" } ?? "its writer"
        return "a colleague's forward names \(who) without an email address, and none in the message is theirs: "
            + "forward it as an attachment, or write the writer's address in the note above the forward"
    }

    /// The writer's name from a From field without an address; nil for Exchange's directory names, which name an
    /// account rather than a person.
    static func writerName(_ written: String) -> String? {
        let trimmed = written.trimmingSpaces()
        if trimmed.hasPrefix("/") && trimmed.utf8Contains("=") { return nil }
        return PersonName.clean(trimmed)
    }

    /// Every mailbox-shaped word of `text`, in order: `jane@acme.example`, `<jane@acme.example>`,
    /// `mailto:jane@acme.example`, `(jane@acme.example).`; each still to be checked.
    static func addressesWritten(in text: String) -> [String] {
        let separators: Set<Character> = [" ", "\t", "\n", "\r", "<", ">", "(", ")", "[", "]", ",", ";", "\"", "'"]
        return text.split(whereSeparator: separators.contains).compactMap { word in
            guard word.utf8Contains("@") else { return nil }
            let address = bareAddress(word.trimmingScalars(in: ".:"))
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].utf8Contains(".") else { return nil }
            return address
        }
    }

    /// Whether an address's local part carries a word of `name` of three letters or more (`jane.smith`,
    /// `jsmith`, `smith-j`), compared without case and accents.
    static func localPart(of address: String, carriesWordOf name: String) -> Bool {
        guard let local = address.split(separator: "@").first else { return false }
        let folded = { (text: Substring) in
            text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        }
        let localPart = folded(local)
        return name.split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "." }).contains { word in
            word.count >= 3 && localPart.contains(folded(word))
        }
    }
}
