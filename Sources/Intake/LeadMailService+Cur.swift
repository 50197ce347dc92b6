import Foundation
import Maildir

extension LeadMailService {
    /// Records the files of cur/ the store has not taken: messages a mail client moved out of new/ (Dovecot does
    /// when an IMAP client opens the inbox read-write) before LeadMail saw them there. They stay where they are,
    /// gaining the `S` flag only with `intake.markSeen`; one that cannot be read is copied to the quarantine.
    ///
    /// - Parameter wake: which names arrived in cur/, or that all of it must be looked at (at start-up).
    func takeFromCur(_ wake: MaildirWatcher.Wake) async -> IntakeSummary {
        var summary = IntakeSummary()
        let candidates: [MaildirMessage]
        let untaken: Set<String>
        do {
            candidates = wake.rescanCur ? try mailbox.curMessages() : mailbox.curMessages(named: wake.curNames)
            guard !candidates.isEmpty else { return summary }
            untaken = Set(try store.untaken(candidates.map(\.uniqueName)))
        } catch {
            logger.error(
                "cur/ of \(configuration.mailbox) could not be looked at; tried again on the next wake: \(error)")
            return summary
        }
        let waiting = candidates.filter { untaken.contains($0.uniqueName) }
        for start in stride(from: 0, to: waiting.count, by: Self.transactionSize) {
            var files: [(bytes: [UInt8], origin: String)] = []
            var items: [MaildirMessage] = []
            for item in waiting[start..<min(start + Self.transactionSize, waiting.count)] {
                do throws(MaildirError) {
                    files.append((try mailbox.read(item), item.name))
                    items.append(item)
                } catch  where error.errorNumber == ENOENT {
                    // Renamed again (a flag changed) or deleted: a new name comes with the next wake.
                    continue
                } catch {
                    summary.deferred += 1
                    logger.error("\(item.path) was not recorded and will be tried again: \(error)")
                }
            }
            let results = await pipeline.commit(
                pipeline.prepare(files: files), quarantine: quarantine, leadRules: .inTheBatchCommit,
                taking: items.map(\.uniqueName))
            for (item, result) in zip(items, results) {
                switch result {
                case .success(let disposition):
                    summary.add(disposition)
                    if configuration.intake.markSeen, disposition.isRecorded {
                        _ = try? mailbox.markSeen(item, syncingDirectory: false)
                    }
                case .failure(let error):
                    summary.deferred += 1
                    logger.error("\(item.path) was not recorded and will be tried again: \(error)")
                }
            }
        }
        if summary.total > 0 {
            logger.info("\(summary.total) message(s) a mail client had moved to cur/ taken from there")
        }
        return summary
    }
}
