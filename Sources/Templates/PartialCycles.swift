/// Finds partials that include each other in a loop, which would make rendering recurse forever.
enum PartialCycles {
    /// Each loop once, as the names along it starting and ending with the same partial.
    static func find(in uses: [String: [String]]) -> [[String]] {
        var cycles: [[String]] = []
        var finished: Set<String> = []
        func visit(_ name: String, path: [String]) {
            if let start = path.firstIndex(of: name) {
                cycles.append(Array(path[start...]) + [name])
                return
            }
            guard !finished.contains(name) else { return }
            for used in uses[name] ?? [] {
                visit(used, path: path + [name])
            }
            finished.insert(name)
        }
        for name in uses.keys.sorted() {
            visit(name, path: [])
        }
        return cycles
    }
}
