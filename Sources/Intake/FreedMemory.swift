/// Returns freed heap pages to the system.
///
/// glibc keeps a separate heap (arena) per thread that allocates, and freed memory stays in the arena that
/// freed it: a backlog's filing, done beside the writer on a thread of its own, would keep its arena's pages and
/// raise the peak RSS of a long `run --once`, so the arena is trimmed after each durable point.
enum FreedMemory {
    static func giveBack() {
        #if os(Linux)
            _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
    /// glibc's `malloc_trim(3)`, which its Swift module map leaves out (`<malloc.h>` is not in it).
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
