import Foundation

/// One lead as the campaign report counts it.
public struct ReportedLead: Sendable, Hashable {
    public var source: String
    public var campaign: String?
    public var status: LeadStatus
    public var rating: LeadRating?
    public var value: Double?
    public var rejectReason: String?
    public var createdAt: Date
    /// When our first reply (the automatic answer) was accepted or queued.
    public var firstReplyAt: Date?
    /// The first human contact: the owner's mail seen in the inbox, or a logged call or meeting.
    public var firstContactAt: Date?

    public init(
        source: String, campaign: String?, status: LeadStatus, rating: LeadRating?, value: Double?,
        rejectReason: String?, createdAt: Date, firstReplyAt: Date?, firstContactAt: Date?
    ) {
        self.source = source
        self.campaign = campaign
        self.status = status
        self.rating = rating
        self.value = value
        self.rejectReason = rejectReason
        self.createdAt = createdAt
        self.firstReplyAt = firstReplyAt
        self.firstContactAt = firstContactAt
    }
}

/// `leadmail report`: per source and campaign, how many leads came, how good they were and what became of them.
///
/// Conversion rate is converted ÷ (leads − rejected as spam), so that a campaign is judged on real leads.
public struct LeadReport: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        public var source: String
        public var campaign: String?
        public var leads: Int
        public var rated: [String: Int]
        public var qualified: Int
        public var converted: Int
        public var convertedValue: Double
        public var rejected: [String: Int]
        /// Seconds; nil when no lead of the line has one.
        public var medianFirstReplySeconds: Double?
        public var medianFirstContactSeconds: Double?
        /// 0…1.
        public var conversionRate: Double
    }

    public var lines: [Line]

    public init(_ leads: [ReportedLead]) {
        let groups = Dictionary(grouping: leads) { Key(source: $0.source, campaign: $0.campaign) }
        lines = groups.keys.sorted().map { key in
            let group = groups[key]!
            let rejected = group.filter { $0.status == .rejected }
            let converted = group.filter { $0.status == .converted }
            let spam = rejected.filter { $0.rejectReason?.lowercased() == "spam" }.count
            let real = group.count - spam
            return Line(
                source: key.source, campaign: key.campaign, leads: group.count,
                rated: Dictionary(grouping: group.compactMap(\.rating), by: \.rawValue).mapValues(\.count),
                // Qualified counts every lead that reached qualified, including those converted since.
                qualified: group.filter { $0.status == .qualified || $0.status == .converted }.count,
                converted: converted.count, convertedValue: converted.compactMap(\.value).reduce(0, +),
                rejected: Dictionary(grouping: rejected, by: { $0.rejectReason ?? "unknown" }).mapValues(\.count),
                medianFirstReplySeconds: Self.median(
                    group.compactMap { lead in
                        lead.firstReplyAt.map { $0.timeIntervalSince(lead.createdAt) }
                    }),
                medianFirstContactSeconds: Self.median(
                    group.compactMap { lead in
                        lead.firstContactAt.map { $0.timeIntervalSince(lead.createdAt) }
                    }),
                conversionRate: real > 0 ? Double(converted.count) / Double(real) : 0)
        }
    }

    struct Key: Hashable, Comparable {
        var source: String
        var campaign: String?

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.source, lhs.campaign ?? "") < (rhs.source, rhs.campaign ?? "")
        }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
