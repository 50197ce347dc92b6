import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The state every timed run over the corpus starts from: the file system flushed and the corpus's files in the
/// page cache.
///
/// Flushed, as an MTA leaves a maildir (each delivery fsynced): otherwise the first sync of the run measured
/// (LeadMail's durable points and the outbox's `syncfs`, a peer's database commits) waits for the generator's
/// 166 MB as well. Read once, because this machine drops clean cached pages within seconds, so a flushed corpus
/// was read partly from the disk by whoever came first. Each measured run, LeadMail's and the peers', then
/// starts alike; the ingest row swung by 20% between runs before.
///
/// Read first, then flushed: a workspace's hard links change each file's ctime, so reading it afterwards updates
/// its atime (relatime), leaving 10,000 inodes dirty for the run to write back; and on ext4 a dirty inode-table
/// block makes the allocator skip the inodes freed in it in the last five minutes one by one
/// (`recently_deleted`), which slowed the run's outbox files.
enum SettledCorpus {
    static func settle(_ corpus: URL) {
        let folder = corpus.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        for name in names {
            let descriptor = open(folder.appendingPathComponent(name).path, O_RDONLY)
            guard descriptor >= 0 else { continue }
            while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
            close(descriptor)
        }
        sync()
    }
}
