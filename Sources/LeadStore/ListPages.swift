import Foundation
import Leads

/// The ordered ids of the lists people page through, kept between requests for as long as nothing a list shows
/// has changed (`web_list_version`, v15-web-list-version, read inside the reader's snapshot).
///
/// A list's page 40 walks 2,000 of its entries in its index, and more when a filter or a person's scope passes
/// few of them (70,000 for one source at 100,000 leads); twenty people paging through their lists on a busy
/// server walked the same entries again for every page. A list's first ids are read once, twice as many as the
/// page asked for needs, and the pages within them are slices of that. At most `budget` bytes are kept, least recently
/// used out first.
final class ListPages: Sendable {
    /// A list's first ids, in its order; `complete` when the list has no more.
    struct Prefix: Sendable {
        let ids: [Int64]
        let complete: Bool

        /// The page `offset..<offset + limit`, or nil when this prefix does not reach its end.
        func page(offset: Int, limit: Int) -> [Int64]? {
            let end = offset + limit
            guard end <= ids.count || complete else { return nil }
            guard offset < ids.count else { return [] }
            return Array(ids[offset..<min(end, ids.count)])
        }
    }

    static let budget = 16 << 20
    private let kept = VersionedCache<LeadSearch, Int64, Prefix>(budget: budget)

    /// The key of a list: the query without its page.
    static func key(_ query: LeadSearch) -> LeadSearch {
        var key = query
        key.offset = 0
        key.limit = nil
        return key
    }

    /// The page of `query`'s list kept for this version of the lists, marked as just used.
    func page(_ query: LeadSearch, limit: Int, version: Int64) -> [Int64]? {
        kept.value(for: Self.key(query), version: version)?.page(offset: query.offset, limit: limit)
    }

    /// How many of a list's ids to read for a page that ends at `end`: twice as many, so that the pages after
    /// it are kept too, and a list paged through is read again only at pages 2, 4, 8, 16… of the first read.
    /// Not more: most lists, and most searches, are seen at their first page only.
    static func readLength(forPageEndingAt end: Int) -> Int {
        end * 2
    }

    /// Keeps the first ids of `query`'s list, read with `version`, within the budget.
    func keep(_ query: LeadSearch, _ prefix: Prefix, version: Int64) {
        kept.keep(prefix, for: Self.key(query), version: version, bytes: prefix.ids.count * 8 + 256)
    }
}
