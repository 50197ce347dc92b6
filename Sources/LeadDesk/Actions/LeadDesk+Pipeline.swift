import Foundation
import LeadStore
import Leads

/// The pipeline board: a column per status with its count and value, and the newest leads as cards.
extension LeadDesk {
    /// One status's column.
    public struct PipelineColumn: Sendable {
        public var status: LeadStatus
        /// Every lead of this status the user may see.
        public var count: Int
        /// The sum of the converted value (converted leads) among them.
        public var value: Double
        /// The newest leads of the column, at most the `cards` asked for.
        public var cards: [LeadListing]
    }

    /// The board over the leads the user may see, `cards` newest cards per column.
    public func pipeline(cards: Int = 50, by user: User) async throws -> [PipelineColumn] {
        try permissions.check(.view, by: user)
        return try await records.read { tx in
            try LeadStatus.allCases.map { status in
                var column = within(LeadSearch(status: status, order: .newest), of: user)
                let tally = try tx.tally(column)
                column.limit = cards
                return PipelineColumn(
                    status: status, count: tally.count, value: tally.value, cards: try tx.search(column))
            }
        }
    }
}
