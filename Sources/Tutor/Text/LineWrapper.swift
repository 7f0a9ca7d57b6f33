import SafeText

/// Wraps a styled line into rows of at most `width` cells, at spaces where it can
/// (like a reader expects) and inside a word only when the word is longer than a row.
public enum LineWrapper {
    private struct Glyph {
        /// One character of a span, kept as a span so the text stays safe by type.
        let piece: Span
        let width: Int
        var character: Character { piece.text.first ?? " " }
        var role: TextRole { piece.role }
    }

    public static func wrap(_ line: StyledLine, width: Int) -> [[Span]] {
        guard width > 0 else { return [] }
        var glyphs: [Glyph] = []
        for span in line.spans {
            for piece in span.characterSpans {
                glyphs.append(Glyph(piece: piece, width: DisplayWidth.of(piece.text)))
            }
        }
        if glyphs.isEmpty { return [[]] }
        if !line.wraps { return [cut(glyphs, width: width)] }
        var rows: [ArraySlice<Glyph>] = []
        var start = 0
        while start < glyphs.count {
            var used = 0
            var end = start
            var lastBreak: Int?
            while end < glyphs.count && used + glyphs[end].width <= width {
                if glyphs[end].character == " " { lastBreak = end }
                used += glyphs[end].width
                end += 1
            }
            if end < glyphs.count, let space = lastBreak, space > start, glyphs[end].character != " " {
                end = space + 1
            }
            if end == start { end = start + 1 }  // a glyph wider than the row
            rows.append(glyphs[start..<end])
            start = end
            // The space a row ended on is not carried to the start of the next row.
            if start < glyphs.count && glyphs[start].character == " " && glyphs[start - 1].character != " " {
                start += 1
            }
        }
        return rows.map(spans(of:))
    }

    /// The line in one row of `width` cells: whole when it fits, else cut with "…". The
    /// one rule for every cut line (a table row, a title bar's status, a notice).
    public static func cut(_ line: StyledLine, width: Int) -> [Span] {
        guard width > 0 else { return [] }
        let glyphs = line.spans.flatMap { span in
            span.characterSpans.map { Glyph(piece: $0, width: DisplayWidth.of($0.text)) }
        }
        return cut(glyphs, width: width)
    }

    /// The glyphs that fit in `width` cells, ending in "…" when some were left out. A cut
    /// never splits a word that holds a digit: `[::1]:8080` cut to `[::1]:80…` would read
    /// as port 80, so the whole word goes and the "…" says something was left out.
    private static func cut(_ glyphs: [Glyph], width: Int) -> [Span] {
        let total = glyphs.reduce(0) { $0 + $1.width }
        guard total > width else { return spans(of: glyphs[...]) }
        var used = 0
        var end = 0
        while end < glyphs.count && used + glyphs[end].width <= width - 1 {
            used += glyphs[end].width
            end += 1
        }
        if end > 0 && end < glyphs.count && glyphs[end].character != " " && glyphs[end - 1].character != " " {
            var start = end
            while start > 0 && glyphs[start - 1].character != " " { start -= 1 }
            let word = glyphs[start...].prefix { $0.character != " " }
            if word.contains(where: { $0.character.isNumber }) && start > 0 { end = start }
        }
        return spans(of: glyphs[..<end]) + [Span("…", .dim)]
    }

    private static func spans(of glyphs: ArraySlice<Glyph>) -> [Span] {
        var result: [Span] = []
        for glyph in glyphs {
            if let last = result.last, last.role == glyph.role {
                result[result.count - 1].append(glyph.piece)
            } else {
                result.append(glyph.piece)
            }
        }
        return result
    }
}
