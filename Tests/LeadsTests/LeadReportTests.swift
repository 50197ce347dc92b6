import Foundation
import Leads
import Testing

@Suite("The campaign report's arithmetic")
struct LeadReportTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)

    func lead(
        _ source: String, _ campaign: String? = nil, _ status: LeadStatus = .new, rating: LeadRating? = nil,
        value: Double? = nil, reason: String? = nil, replyAfter: Double? = nil, contactAfter: Double? = nil
    ) -> ReportedLead {
        ReportedLead(
            source: source, campaign: campaign, status: status, rating: rating, value: value, rejectReason: reason,
            createdAt: start, firstReplyAt: replyAfter.map { start.addingTimeInterval($0) },
            firstContactAt: contactAfter.map { start.addingTimeInterval($0) })
    }

    @Test("counts, value, rejections by reason, medians and a conversion rate that ignores spam")
    func oneLine() throws {
        let report = LeadReport([
            lead("trade-show", "expo", .converted, rating: .a, value: 10_000, replyAfter: 60, contactAfter: 3600),
            lead("trade-show", "expo", .converted, rating: .b, value: 2_500.5, replyAfter: 120, contactAfter: 7200),
            lead("trade-show", "expo", .qualified, rating: .a, replyAfter: 30),
            lead("trade-show", "expo", .rejected, reason: "spam", replyAfter: 90),
            lead("trade-show", "expo", .rejected, reason: "no budget"),
        ])
        let line = try #require(report.lines.first)
        #expect(report.lines.count == 1)
        #expect(line.leads == 5)
        #expect(line.rated == ["A": 2, "B": 1])
        #expect(line.qualified == 3, "converted leads were qualified too")
        #expect(line.converted == 2)
        #expect(line.convertedValue == 12_500.5)
        #expect(line.rejected == ["spam": 1, "no budget": 1])
        #expect(line.medianFirstReplySeconds == 75)
        #expect(line.medianFirstContactSeconds == 5400)
        #expect(line.conversionRate == 0.5, "2 converted of 4 real leads")
    }

    @Test("one line per source and campaign, sorted")
    func grouping() {
        let report = LeadReport([lead("web-form"), lead("email"), lead("web-form", "spring"), lead("email")])
        #expect(report.lines.map(\.source) == ["email", "web-form", "web-form"])
        #expect(report.lines.map(\.campaign) == [nil, nil, "spring"])
        #expect(report.lines.first?.leads == 2)
        #expect(report.lines.first?.medianFirstReplySeconds == nil)
    }
}
