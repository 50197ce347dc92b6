import LeadStore
import Leads
import Testing

/// Reads pages of each search twice (the second read finds what the store kept: a word's matches, a list's first
/// ids) and expects each page to be the slice of the whole search, read by the store's query alone.
func expectPagesAreSlices(
    of searches: [LeadSearch], offsets: [Int], limit: Int, in records: any LeadRecords, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    for search in searches {
        let whole = try await records.read { tx in try tx.search(search).map(\.lead.id) }
        for _ in 0..<2 {
            for offset in offsets {
                var page = search
                page.offset = offset
                page.limit = limit
                let found = try await records.read { [page] tx in try tx.search(page).map(\.lead.id) }
                #expect(
                    found == Array(whole.dropFirst(offset).prefix(limit)), "\(what): \(search)",
                    sourceLocation: sourceLocation)
            }
        }
    }
}
