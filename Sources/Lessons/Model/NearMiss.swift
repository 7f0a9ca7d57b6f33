/// Finds the name someone probably meant, for "did you mean...?" and for misspelled lesson names.
public enum NearMiss {
    /// Edit distance with adjacent transpositions (optimal string alignment), so `titel` is
    /// one edit from `title`. Compared after `normalized`.
    public static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(normalized(lhs)), b = Array(normalized(rhs))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    /// Lowercase, with `_` and spaces read as `-`: `HTTP_Request` is `http-request`.
    public static func normalized(_ name: String) -> String {
        String(name.lowercased().map { $0 == "_" || $0 == " " ? "-" : $0 })
    }

    /// How many edits still count as a slip of the fingers for a word this long.
    public static func tolerance(for word: String) -> Int {
        switch word.count {
        case 0...2: return 0
        case 3...5: return 1
        case 6...9: return 2
        default: return 3
        }
    }

    /// The single best candidate within tolerance, or one that starts with `word` (or vice versa).
    /// Nil when nothing is close, or when two candidates are equally close.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let key = normalized(word)
        guard !key.isEmpty else { return nil }
        if let same = candidates.first(where: { normalized($0) == key }) { return same }
        let scored = candidates.map { (name: $0, distance: distance(word, $0)) }
        if let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= tolerance(for: word),
           scored.filter({ $0.distance == best.distance }).count == 1 {
            return best.name
        }
        let prefixed = candidates.filter {
            let candidate = normalized($0)
            return key.count >= 3 && (candidate.hasPrefix(key) || key.hasPrefix(candidate))
        }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// `; did you mean 'x'?` or nothing, ready to append to a message.
    public static func didYouMean(_ word: String, among candidates: [String]) -> String {
        suggestion(for: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}
