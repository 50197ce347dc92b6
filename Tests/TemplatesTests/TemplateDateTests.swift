import Foundation
import Testing

@testable import Templates

/// `{{enquiryDate}}` in the template's language, whatever locale the service runs under.
@Suite("Dates in replies, in the template's language")
struct TemplateDateTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// 2026-03-05 10:00 UTC.
    static let march = Date(timeIntervalSince1970: 1_772_704_800)

    @Test(
        "each language writes the day its own way",
        arguments: [
            ("en", "5 March 2026"), ("de", "5. März 2026"), ("fr", "5 mars 2026"), ("es", "5 de marzo de 2026"),
            ("it", "5 marzo 2026"), ("nl", "5 maart 2026"), ("pt", "5 de março de 2026"), ("pl", "5 marca 2026"),
            ("sv", "5 mars 2026"), ("da", "5. marts 2026"), ("cs", "5. března 2026"), ("DE", "5. März 2026"),
            ("ja", "5 March 2026"),
        ])
    func languages(code: String, written: String) {
        #expect(TemplateDate.text(Self.march, language: code, timeZone: Self.utc) == written)
    }

    @Test("the day is the one in the time zone: every hour of three days, against Foundation's calendar")
    func dayBoundaries() throws {
        for zone in ["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"] {
            let timeZone = try #require(TimeZone(identifier: zone))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let start = calendar.startOfDay(for: Date(timeIntervalSince1970: 1_798_675_200))  // 2026-12-31
            for hour in 0..<72 {
                let date = start.addingTimeInterval(Double(hour) * 3600 + 59)
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                let month = TemplateDate.monthNames["en"]![parts.month! - 1]
                #expect(
                    TemplateDate.text(date, language: "en", timeZone: timeZone)
                        == "\(parts.day!) \(month) \(parts.year!)", "\(zone) \(date)")
            }
        }
    }

    @Test("a template's language: its one `languages` entry, else its name's suffix, else English")
    func languageOfTemplate() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write(
            "web-form.de.mustache", "---\nsubject: Web\nsources: [web-form]\nlanguages: [de]\n---\nHallo\n")
        try folder.write("email.fr.mustache", "---\nsubject: Mail\nsources: [email]\n---\nBonjour\n")
        try folder.write("webinar.mustache", "---\nsubject: W\nsources: [webinar]\n---\nHi\n")
        let library = try TemplateLibrary.load(directory: folder.path)
        #expect(TemplateDate.language(of: try #require(library.template(named: "web-form.de"))) == "de")
        #expect(TemplateDate.language(of: try #require(library.template(named: "email.fr"))) == "fr")
        #expect(TemplateDate.language(of: try #require(library.template(named: "webinar"))) == "en")
    }
}
