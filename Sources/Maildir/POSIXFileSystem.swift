#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX file operations the maildir needs, with `errno` turned into `MaildirError`.
///
/// Plain system calls rather than FileManager so that every failure keeps its errno (for a useful message) and
/// so that data and directory entries can be fsync'ed: a maildir delivery must survive a crash.
enum POSIXFileSystem {
    /// `mkdir -p`: creates the directory and its missing parents; an existing directory is fine.
    static func makeDirectory(_ path: String, operation: MaildirError.Operation) throws(MaildirError) {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if !parent.isEmpty, parent != path, !exists(parent) {
            try makeDirectory(parent, operation: operation)
        }
        guard mkdir(path, 0o700) != 0 else { return }
        let failure = errno
        if failure == EEXIST {
            if isDirectory(path) { return }
            throw MaildirError(
                operation: operation, path: path, errorNumber: ENOTDIR,
                detail: "it exists but is not a directory")
        }
        throw MaildirError(operation: operation, path: path, errorNumber: failure)
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    static func deviceID(_ path: String) -> UInt64? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return UInt64(status.st_dev)
    }

    static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// Creates `path` (which must not exist yet), writes all bytes and, unless the caller flushes them later
    /// (`synchronize: false`), fsyncs the file before closing it.
    static func writeNewFile(
        _ path: String, bytes: [UInt8], synchronize: Bool = true, operation: MaildirError.Operation
    ) throws(MaildirError) {
        try writeNewFile(path, prefix: [], bytes: bytes, synchronize: synchronize, operation: operation)
    }

    /// `writeNewFile` of `prefix` followed by `bytes`, written together (`writev`) without joining them first.
    static func writeNewFile(
        _ path: String, prefix: [UInt8], bytes: [UInt8], synchronize: Bool = true, operation: MaildirError.Operation
    ) throws(MaildirError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw MaildirError(operation: operation, path: path, errorNumber: errno)
        }
        var failure: Int32?
        prefix.withUnsafeBytes { head in
            bytes.withUnsafeBytes { body in
                var offset = 0
                let total = head.count + body.count
                while offset < total {
                    let written = writeParts(descriptor, head, body, from: offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += written
                }
            }
        }
        if failure == nil && synchronize && fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == nil { failure = errno }
        if let failure {
            unlink(path)
            throw MaildirError(operation: operation, path: path, errorNumber: failure)
        }
    }

    /// One `writev` of what is left of `head` then `body` from `offset` on; its result.
    private static func writeParts(
        _ descriptor: Int32, _ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer, from offset: Int
    ) -> Int {
        var parts: [iovec] = []
        if offset < head.count, let base = head.baseAddress {
            parts.append(
                iovec(iov_base: UnsafeMutableRawPointer(mutating: base + offset), iov_len: head.count - offset))
        }
        let inBody = max(0, offset - head.count)
        if inBody < body.count, let base = body.baseAddress {
            parts.append(
                iovec(iov_base: UnsafeMutableRawPointer(mutating: base + inBody), iov_len: body.count - inBody))
        }
        return writev(descriptor, parts, Int32(parts.count))
    }

    /// Reads a message file: the one way LeadMail opens one, so that no entry of new/ can hang it, feed it
    /// without end or lead it outside the maildir.
    ///
    /// Only a regular file is a message. The file is opened with `O_NONBLOCK` (a FIFO would block `open` until
    /// a writer came) and, unless `followingSymlink`, `O_NOFOLLOW` (a link in new/ could point at `/dev/zero` or
    /// at any mail-shaped file of the machine); `fstat` on the open descriptor then says what it is. A file of
    /// more than `limit` bytes is refused before reading when its size says so, and otherwise while reading: at
    /// most `limit + 1` bytes are ever read. The bytes land in one buffer of the file's size, so a 50 MB message
    /// is never held twice while an array grows; a file that grows meanwhile is read on up to the limit.
    ///
    /// - Throws: `MaildirError` whose `refusal` says why the entry is not a message (not a regular file, too
    ///   large), or with the `errno` of a failing system call.
    static func readMessage(
        _ path: String, limit: Int, followingSymlink: Bool = false, operation: MaildirError.Operation
    ) throws(MaildirError) -> [UInt8] {
        var flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        if !followingSymlink { flags |= O_NOFOLLOW }
        let descriptor = open(path, flags)
        guard descriptor >= 0 else {
            let failure = errno
            // O_NOFOLLOW refuses a symbolic link with ELOOP (a dangling one and a loop too); a socket with ENXIO.
            if failure == ELOOP || failure == ENXIO, let kind = entryKind(path), kind != .regularFile {
                throw MaildirError(operation: operation, path: path, refusal: .notARegularFile(kind))
            }
            throw MaildirError(operation: operation, path: path, errorNumber: failure)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw MaildirError(operation: operation, path: path, errorNumber: errno)
        }
        let kind = EntryKind(mode: status.st_mode)
        guard kind == .regularFile else {
            throw MaildirError(operation: operation, path: path, refusal: .notARegularFile(kind))
        }
        let size = max(0, Int(status.st_size))
        guard size <= limit else {
            throw MaildirError(operation: operation, path: path, refusal: .tooLarge(size: size, limit: limit))
        }
        var failure: Int32?
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + initialized, buffer.count - initialized)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { return }
                initialized += count
            }
        }
        if let failure { throw MaildirError(operation: operation, path: path, errorNumber: failure) }
        guard bytes.count == size else { return bytes }  // shorter than fstat said: it ended early
        // Nearly always at its end now: the first read asks for one byte, which says so without a 64 KB buffer
        // zeroed for every message; a file still growing is read on in 64 KB steps, never past the limit's first
        // byte over.
        var chunk = [UInt8](repeating: 0, count: 1)
        while true {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw MaildirError(operation: operation, path: path, errorNumber: errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                throw MaildirError(
                    operation: operation, path: path, refusal: .tooLarge(size: bytes.count, limit: limit))
            }
            if chunk.count == 1 { chunk = [UInt8](repeating: 0, count: 64 * 1024) }
        }
    }

    /// What a directory entry is, without following a symbolic link; nil when it is gone.
    static func entryKind(_ path: String) -> EntryKind? {
        var status = stat()
        return lstat(path, &status) == 0 ? EntryKind(mode: status.st_mode) : nil
    }

    /// Flushes every written file of the filesystem holding `path` to disk, and waits: one flush for a batch of
    /// new files instead of an fsync each. `false` when the kernel reports a write-back error (or has no
    /// `syncfs`); then fsync the files one by one to learn which.
    static func syncFileSystem(containing path: String) -> Bool {
        #if os(Linux)
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { return false }
            defer { close(descriptor) }
            return linuxSyncFileSystem(descriptor) == 0
        #else
            return false
        #endif
    }

    /// fsyncs an existing file; the error number when that fails.
    static func syncFile(_ path: String) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        return fsync(descriptor) == 0 ? nil : errno
    }

    /// Flushes a directory's entries (a rename or a new file) to disk.
    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Renames within one file system; returns the errno on failure (EXDEV across file systems).
    static func move(_ source: String, to destination: String) -> Int32? {
        rename(source, destination) == 0 ? nil : errno
    }

    /// Removes a file; returns the errno on failure.
    static func remove(_ path: String) -> Int32? {
        unlink(path) == 0 ? nil : errno
    }

    /// The names in a directory, without `.`, `..` and other dotfiles (maildir readers must skip those).
    static func visibleEntries(of path: String, operation: MaildirError.Operation) throws(MaildirError) -> [String] {
        try entries(of: path, operation: operation).filter { !$0.hasPrefix(".") }
    }

    /// Every name in a directory except `.` and `..`, dotfiles included.
    static func entries(of path: String, operation: MaildirError.Operation) throws(MaildirError) -> [String] {
        guard let directory = opendir(path) else {
            throw MaildirError(operation: operation, path: path, errorNumber: errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names
    }
}

#if os(Linux)
    /// glibc's `syncfs(2)`, which its Swift module map leaves out (the header declares it only under `_GNU_SOURCE`).
    @_silgen_name("syncfs")
    private func linuxSyncFileSystem(_ descriptor: Int32) -> Int32
#endif
