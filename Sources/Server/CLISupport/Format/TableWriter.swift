/// Renders a table the way ollama's `list` and `ps` do (olekukonko/tablewriter with no borders,
/// left alignment, `SetNoWhiteSpace(true)` and `SetTablePadding("    ")`).
///
/// Every cell is padded to its column's display width. Body cells are followed by four spaces
/// (the last one too); header cells likewise, except that the last header cell is followed by one
/// space. Cells wider than 30 columns that contain spaces wrap onto extra lines (tablewriter's
/// automatic wrapping), other columns of those lines stay blank.
package struct TableWriter {
    package let header: [String]
    package var rows: [[String]] = []

    /// The padding printed after each cell.
    package static let padding = "    "
    /// tablewriter's `MAX_ROW_WIDTH`: cells wrap at word boundaries beyond this width.
    package static let maxCellWidth = 30

    package init(header: [String]) {
        self.header = header
    }

    package mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The rendered table, one `\n`-terminated line per row (header first).
    package func render() -> String {
        let columns = header.count
        let wrappedRows = rows.map { row in
            (0..<columns).map { index in Self.wrap(index < row.count ? row[index] : "") }
        }
        var widths = header.map(DisplayWidth.of)
        for row in wrappedRows {
            for (index, lines) in row.enumerated() {
                widths[index] = max(widths[index], lines.map(DisplayWidth.of).max() ?? 0)
            }
        }
        var out = ""
        for (index, cell) in header.enumerated() {
            out += cell.paddedRight(to: widths[index]) + (index == columns - 1 ? " " : Self.padding)
        }
        out += "\n"
        for row in wrappedRows {
            let height = row.map(\.count).max() ?? 1
            for line in 0..<height {
                for (index, lines) in row.enumerated() {
                    out += (line < lines.count ? lines[line] : "").paddedRight(to: widths[index]) + Self.padding
                }
                out += "\n"
            }
        }
        return out
    }

    /// Splits a cell into lines of at most `maxCellWidth` columns at spaces; a single word
    /// longer than that stays whole.
    package static func wrap(_ cell: String) -> [String] {
        guard DisplayWidth.of(cell) > maxCellWidth else { return [cell] }
        let words = cell.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count > 1 else { return [cell] }
        var lines: [String] = []
        var current = ""
        for word in words {
            if current.isEmpty {
                current = word
            } else if DisplayWidth.of(current) + 1 + DisplayWidth.of(word) <= maxCellWidth {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        lines.append(current)
        return lines
    }
}
