import Foundation
import Testing

@testable import LeadStore

/// `leadmail run` checkpoints after a round's replies are out instead of inside a message's commit.
@Suite("Checkpoints left to the caller")
struct CheckpointTests {
    let now = Date(timeIntervalSince1970: 1_795_000_100)

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    @Test("no commit checkpoints by itself; checkpointIfLogIsLong copies the log into the database file")
    func commitsLeaveTheLogUntilAsked() throws {
        let temp = try TemporaryStore()
        let database = temp.folder + "/leads.sqlite"
        try temp.store.leaveCheckpointsToCaller()
        let sizeBefore = fileSize(database)
        // One commit per message, as `leadmail run` makes them: well past SQLite's own 1,000-page threshold.
        for index in 0..<40 {
            _ = try temp.store.recordInbound(
                inbound(
                    id: "m\(index)@x.example", from: "buyer\(index)@firm\(index).example",
                    text: String(repeating: "Enquiry \(index) about level sensors. ", count: 40)),
                at: now
            ) { _ in reply("r\(index)@acme.example", to: "buyer\(index)@firm\(index).example") }
        }
        let logged = temp.store.walPages.pages
        #expect(logged > 1000, "the log holds every commit: \(logged) pages")
        #expect(fileSize(database) == sizeBefore, "nothing was copied into the database file yet")

        #expect(try temp.store.checkpointIfLogIsLong(pages: logged + 1) == false, "shorter than asked: no checkpoint")
        #expect(try temp.store.checkpointIfLogIsLong(pages: 1000))
        #expect(fileSize(database) > sizeBefore, "the checkpoint wrote the pages into the database file")
        #expect(try temp.store.leads(LeadQuery()).count == 40, "and every lead reads back")
    }

    @Test("the log file is cut back to 4 MiB when it starts over, instead of keeping its longest run's size")
    func logFileIsBounded() throws {
        let temp = try TemporaryStore()
        let log = temp.folder + "/leads.sqlite-wal"
        try temp.store.leaveCheckpointsToCaller()
        for index in 0..<120 {
            _ = try temp.store.recordInbound(
                inbound(
                    id: "m\(index)@x.example", from: "buyer\(index)@firm\(index).example",
                    text: String(repeating: "Enquiry \(index) about level sensors. ", count: 200)),
                at: now
            ) { _ in nil }
        }
        let longest = fileSize(log)
        #expect(longest > 8 * 1024 * 1024, "the log grew with the commits: \(longest) bytes")
        #expect(try temp.store.checkpointIfLogIsLong(pages: 1000))
        // The next commit starts the log over, and cuts the file back.
        _ = try temp.store.recordInbound(
            inbound(id: "last@x.example", from: "last@firm.example", text: "One more enquiry."), at: now
        ) { _ in nil }
        #expect(fileSize(log) <= 4 * 1024 * 1024, "\(fileSize(log)) bytes after the log started over")
    }

    @Test("a long log left behind (a process stopped on a full disk) is truncated by the next process's checkpoint")
    func longLogLeftBehind() throws {
        let temp = try TemporaryStore()
        let database = temp.folder + "/leads.sqlite"
        let log = database + "-wal"
        // Another connection holds the log open, so closing the writer does not checkpoint it away.
        let reader = try SQLiteLeadStore(path: database)
        try temp.store.leaveCheckpointsToCaller()
        for index in 0..<120 {
            _ = try temp.store.recordInbound(
                inbound(
                    id: "m\(index)@x.example", from: "buyer\(index)@firm\(index).example",
                    text: String(repeating: "Enquiry \(index) about level sensors. ", count: 200)),
                at: now
            ) { _ in nil }
        }
        #expect(fileSize(log) > 8 * 1024 * 1024)
        _ = reader
        let next = try SQLiteLeadStore(path: database)
        try next.leaveCheckpointsToCaller()
        #expect(try next.checkpointIfLogIsLong(pages: 1000), "a checkpoint although this process wrote nothing")
        #expect(fileSize(log) == 0, "\(fileSize(log)) bytes left in the log")
        #expect(try next.leads(LeadQuery()).count == 120)
    }
}
