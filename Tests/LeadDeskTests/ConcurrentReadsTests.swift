import Foundation
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

/// The web workspace reads through the async port from many requests at once. Each read binds its connection to
/// its own thread: with one slot for the whole store, a second read overwrote the first's binding, and the first's
/// next query asked the pool for a connection from inside a read (GRDB: "Database methods are not reentrant",
/// a crash of `leadmail serve` under 20 concurrent lead pages).
@Suite("LeadDesk: concurrent reads through the port")
struct ConcurrentReadsTests {
    @Test("200 lead pages read at once all answer")
    func concurrentLeadPages() async throws {
        let fixture = try DeskFixture()
        var ids: [Int64] = []
        for number in 0..<20 {
            ids.append(try fixture.lead("buyer\(number)@brewery.example", owner: "anna@acme.example", team: "uk"))
        }
        let desk = fixture.desk
        let read = try await withThrowingTaskGroup(of: Int.self) { group in
            for round in 0..<200 {
                let id = ids[round % ids.count]
                group.addTask {
                    let detail = try await desk.lead(id, by: TestUsers.admin)
                    return detail.communications.count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(read == 200)
    }
}
