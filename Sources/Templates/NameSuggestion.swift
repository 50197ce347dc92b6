/// Finds the known name a misspelt one was probably meant to be, for "did you mean" hints.
enum NameSuggestion {
    /// The closest candidate to `name`, or nil when none is close enough to be a plausible typo.
    ///
    /// Case, `_`, `-` and spaces are ignored (`first_name` → `firstName`); otherwise the candidate with the
    /// smallest edit distance wins if it is within about a third of its length; failing that, a candidate the
    /// name starts with (`emailAddress` → `email`).
    static func closest(to name: String, among candidates: [String]) -> String? {
        let wanted = normalized(name)
        guard !wanted.isEmpty else { return nil }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(wanted, normalized(candidate))
            let allowed = max(1, min(3, candidate.count / 3))
            if distance <= allowed, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        if let best { return best.candidate }
        return
            candidates
            .filter { normalized($0).count >= 4 && wanted.hasPrefix(normalized($0)) }
            .max { $0.count < $1.count }
    }

    /// The Levenshtein distance: how many single-character insertions, deletions or substitutions apart.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let left = Array(left)
        let right = Array(right)
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for leftIndex in 1...left.count {
            current[0] = leftIndex
            for rightIndex in 1...right.count {
                let substitution = previous[rightIndex - 1] + (left[leftIndex - 1] == right[rightIndex - 1] ? 0 : 1)
                current[rightIndex] = min(previous[rightIndex] + 1, current[rightIndex - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }

    private static func normalized(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
}
