import Foundation
import MIME

/// A day as a reply writes it in its template's language: "23 November 2026", "23. November 2026",
/// "23 de noviembre de 2026".
///
/// Templates are written per language (`languages: [de]`), and a German reply must say "vom 23. November 2026"
/// whatever locale the service runs under. The month names are ours, for the languages LeadMail detects; any
/// other language gets the English form. No ICU formatter is involved: intake writes one for every reply.
public enum TemplateDate {
    /// The day `date` falls on in `timeZone`, written in `language` (a two-letter code; nil or unknown: English).
    public static func text(_ date: Date, language: String?, timeZone: TimeZone = .current) -> String {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let (year, month, day) = CivilCalendar.date(daysSince1970: Int((local / 86_400).rounded(.down)))
        let code = language?.lowercased() ?? "en"
        let name = (monthNames[code] ?? monthNames["en"]!)[month - 1]
        switch code {
        case "de", "da", "cs": return "\(day). \(name) \(year)"
        case "es", "pt": return "\(day) de \(name) de \(year)"
        default: return "\(day) \(name) \(year)"
        }
    }

    /// The language a template's dates are written in: the one its `languages` names, or its file name's
    /// (`email.de`), or English.
    public static func language(of template: ReplyTemplate) -> String {
        if template.languages.count == 1 { return template.languages[0] }
        let parts = template.name.split(separator: ".")
        if parts.count >= 2, let last = parts.last, last.count == 2, monthNames[last.lowercased()] != nil {
            return last.lowercased()
        }
        return "en"
    }

    /// Month names, in the form a date takes ("23. März", "23 de marzo", Polish and Czech in the genitive).
    static let monthNames: [String: [String]] = [
        "en": [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ],
        "de": [
            "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
            "Dezember",
        ],
        "fr": [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre",
        ],
        "es": [
            "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
            "noviembre", "diciembre",
        ],
        "it": [
            "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
            "novembre", "dicembre",
        ],
        "nl": [
            "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december",
        ],
        "pt": [
            "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
            "novembro", "dezembro",
        ],
        "pl": [
            "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
            "października", "listopada", "grudnia",
        ],
        "sv": [
            "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
            "november", "december",
        ],
        "da": [
            "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
            "november", "december",
        ],
        "cs": [
            "ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září", "října",
            "listopadu", "prosince",
        ],
    ]
}
