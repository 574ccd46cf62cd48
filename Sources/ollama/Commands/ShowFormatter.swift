import Foundation
import Server

/// The tables of `ollama show` (cmd.go `showInfo`): a two-space indented section title, rows
/// whose first column is empty (so every row starts with four spaces), cells padded to their
/// column and followed by four spaces, a blank line after each section.
enum ShowFormatter {
    static func render(_ response: ShowResponse, verbose: Bool) -> String {
        var out = ""
        out += section("Model", modelRows(response))
        if !response.capabilities.isEmpty {
            out += section("Capabilities", response.capabilities.map { ["", $0] })
        }
        if !response.parameters.isEmpty {
            let rows = response.parameters.split(separator: "\n").compactMap { line -> [String]? in
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                return fields.isEmpty ? nil : [""] + fields
            }
            out += section("Parameters", rows)
        }
        if !response.system.isEmpty { out += section("System", head(response.system, 2), width: 100) }
        if !response.license.isEmpty { out += section("License", head(response.license, 2), width: 100) }
        if verbose {
            out += section("Metadata", metadataRows(response))
            if !response.tensors.isEmpty {
                out += section("Tensors", response.tensors.map {
                    ["", $0.name, $0.type, "[" + $0.shape.map(String.init).joined(separator: " ") + "]"]
                })
            }
        }
        return out
    }

    static func modelRows(_ response: ShowResponse) -> [[String]] {
        var rows: [[String]] = []
        if let arch = response.info(string: "general.architecture") {
            rows.append(["", "architecture", arch])
            rows.append(["", "parameters", response.details.parameterSize])
            if let context = response.info(int: "\(arch).context_length") { rows.append(["", "context length", String(context)]) }
            if let embedding = response.info(int: "\(arch).embedding_length") {
                rows.append(["", "embedding length", String(embedding)])
            }
        } else {
            rows.append(["", "architecture", response.details.family])
            rows.append(["", "parameters", response.details.parameterSize])
        }
        rows.append(["", "quantization", response.details.quantizationLevel])
        if !response.requires.isEmpty { rows.append(["", "requires", response.requires]) }
        return rows
    }

    /// The first `n` non-empty trimmed lines, then `...` if there were more.
    static func head(_ text: String, _ n: Int) -> [[String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var rows = lines.prefix(n).map { ["", $0] }
        if lines.count > n { rows.append(["", "..."]) }
        return rows
    }

    /// `Metadata` rows: every `model_info` key, arrays cut to fit about ten columns.
    static func metadataRows(_ response: ShowResponse) -> [[String]] {
        guard let info = response.modelInfo?.objectValue else { return [] }
        return info.keys.sorted().compactMap { key in
            guard let value = info[key] else { return nil }
            return ["", key, metadataText(value)]
        }
    }

    static func metadataText(_ value: JSONValue) -> String {
        switch value {
        case .array(let items):
            var shown = 0
            var width = 1
            for (index, item) in items.enumerated() {
                let w = DisplayWidth.of(plain(item)) + (index > 0 ? 2 : 0)
                if width + w > 10, index > 0 { break }
                width += w
                shown += 1
            }
            let body = items.prefix(shown).map(plain).joined(separator: " ")
            return shown < items.count ? "[\(body) ...+\(items.count - shown) more]" : "[\(body)]"
        default:
            return plain(value)
        }
    }

    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .number(let d): return GoFloatFormat(d).general
        case .bool(let b): return String(b)
        case .null: return "<nil>"
        case .array, .object: return value.serialized()
        }
    }

    /// A titled table without a header row.
    static func section(_ title: String, _ rows: [[String]], width: Int = TableWriter.maxCellWidth) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let wrapped = rows.map { row in (0..<columns).map { wrap(index: $0 < row.count ? row[$0] : "", width: width) } }
        var widths = [Int](repeating: 0, count: columns)
        for row in wrapped {
            for (index, lines) in row.enumerated() { widths[index] = max(widths[index], lines.map(DisplayWidth.of).max() ?? 0) }
        }
        var out = "  \(title)\n"
        for row in wrapped {
            let height = row.map(\.count).max() ?? 1
            for line in 0..<height {
                for (index, lines) in row.enumerated() {
                    out += (line < lines.count ? lines[line] : "").paddedRight(to: widths[index]) + TableWriter.padding
                }
                out += "\n"
            }
        }
        return out + "\n"
    }

    /// Word-wraps a cell at `width` columns (a single long word stays whole).
    static func wrap(index cell: String, width: Int) -> [String] {
        if width == TableWriter.maxCellWidth { return TableWriter.wrap(cell) }
        guard DisplayWidth.of(cell) > width else { return [cell] }
        var lines: [String] = []
        var current = ""
        for word in cell.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if DisplayWidth.of(candidate) > width, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
