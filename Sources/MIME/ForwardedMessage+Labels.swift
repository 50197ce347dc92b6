extension ForwardedMessage {
    /// The words clients write around a forward, in English, German, French, Spanish (and a few neighbours):
    /// the marker lines and the field labels of the forwarded header block.
    enum Labels {
        enum Kind: Hashable {
            case from, to, cc, date, subject, other
        }

        /// The format a marker line announces, or nil when `line` (trimmed, unquoted) is not one.
        static func marker(_ line: String) -> Format? {
            // Asked of every line of every body: a marker starts with "_" or "-", or ends with ":" (Apple Mail's).
            guard let first = line.utf8.first,
                first == UInt8(ascii: "_") || first == UInt8(ascii: "-") || line.utf8.last == UInt8(ascii: ":")
            else { return nil }
            if first == UInt8(ascii: "_") && line.count >= 20 && line.allSatisfy({ $0 == "_" }) { return .outlook }
            let leadingDashes = line.prefix { $0 == "-" }.count
            let words = line.trimmingScalars(in: "- \t").lowercased()
            if leadingDashes >= 3 {
                if forwardedWords.contains(words) { return leadingDashes >= 10 ? .gmail : .thunderbird }
                if originalWords.contains(words) { return .outlook }
                return nil
            }
            let folded = words.replacingOccurrences(of: " :", with: ":")
            return appleMarkers.contains(folded) ? .appleMail : nil
        }

        /// "Forwarded message" in Gmail's and Thunderbird's languages.
        static let forwardedWords: Set<String> = [
            "forwarded message", "weitergeleitete nachricht", "message transféré", "mensaje reenviado",
            "messaggio inoltrato", "doorgestuurd bericht", "mensagem encaminhada", "message transfere",
        ]

        /// Outlook's "Original Message" line.
        static let originalWords: Set<String> = [
            "original message", "ursprüngliche nachricht", "message d'origine", "message d’origine",
            "mensaje original", "messaggio originale", "oorspronkelijk bericht", "mensagem original",
        ]

        /// Apple Mail's line above a forward, with the French space before the colon folded away.
        static let appleMarkers: Set<String> = [
            "begin forwarded message:", "anfang der weitergeleiteten nachricht:",
            "début du message réexpédié:", "début du message transféré:", "inicio del mensaje reenviado:",
            "comienzo del mensaje reenviado:", "inizio messaggio inoltrato:", "begin doorgestuurd bericht:",
        ]

        static let kinds: [String: Kind] = [
            "from": .from, "von": .from, "de": .from, "da": .from, "van": .from, "från": .from, "fra": .from,
            "to": .to, "an": .to, "à": .to, "a": .to, "para": .to, "aan": .to, "pour": .to, "till": .to,
            "cc": .cc, "kopie": .cc, "copie": .cc, "cco": .cc,
            "date": .date, "sent": .date, "datum": .date, "gesendet": .date, "envoyé": .date, "envoyé le": .date,
            "enviado": .date, "enviado el": .date, "fecha": .date, "data": .date, "inviato": .date,
            "verzonden": .date, "sent date": .date,
            "subject": .subject, "betreff": .subject, "objet": .subject, "sujet": .subject, "asunto": .subject,
            "oggetto": .subject, "onderwerp": .subject, "assunto": .subject,
            "reply-to": .other, "antwort an": .other, "répondre à": .other, "responder a": .other,
            "importance": .other, "wichtigkeit": .other, "priorité": .other, "importancia": .other,
            "bcc": .other, "organization": .other, "organisation": .other,
        ]

        /// A field line of a forwarded header block: "From: …", "*Von:* …", "De : …", "Subject:\t…".
        static func field(_ line: String) -> (kind: Kind, value: String)? {
            guard let colon = line.firstCharacter(whereASCII: { $0 == UInt8(ascii: ":") }) else { return nil }
            let label = line[..<colon].trimmingScalars(in: "* \t").lowercased()
            guard let kind = kinds[label] else { return nil }
            let value = line[line.index(after: colon)...]
                .trimmingScalars(in: "* \t\u{00A0}")
            return (kind, value)
        }
    }
}
