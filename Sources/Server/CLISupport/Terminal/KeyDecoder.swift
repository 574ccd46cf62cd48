/// A key press decoded from a raw-mode terminal's byte stream.
package enum Key: Equatable, Sendable {
    case character(Character)
    case enter, tab, backspace, delete
    case left, right, up, down, home, end, wordLeft, wordRight
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D.
    case endOfFile
    /// Ctrl-K, Ctrl-U, Ctrl-W.
    case killToEnd, killToStart, deleteWordBackward
    /// Ctrl-L.
    case clearScreen
    /// Bracketed paste markers (`ESC[200~`, `ESC[201~`).
    case pasteStart, pasteEnd
    /// A sequence the editor ignores.
    case ignored
}

/// Turns terminal input bytes into `Key`s: UTF-8 characters, control keys (Emacs bindings)
/// and the VT100/xterm escape sequences for arrows, Home/End, Delete and bracketed paste.
package struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    package init() {}

    /// Feeds one byte; returns the key it completes, if any.
    package mutating func feed(_ byte: UInt8) -> Key? {
        pending.append(byte)
        guard let first = pending.first else { return nil }
        if first == 0x1B {
            return decodeEscape()
        }
        if first < 0x80 {
            pending.removeAll()
            return control(first)
        }
        // UTF-8: wait for the whole sequence.
        let expected = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        guard pending.count >= expected else { return nil }
        let bytes = pending
        pending.removeAll()
        let text = String(decoding: bytes, as: UTF8.self)
        return text.first.map(Key.character) ?? .ignored
    }

    /// Decodes every byte of `bytes` (for tests and pasted chunks).
    package mutating func feed(_ bytes: [UInt8]) -> [Key] {
        bytes.compactMap { feed($0) }
    }

    private func control(_ byte: UInt8) -> Key {
        switch byte {
        case 0x01: return .home
        case 0x02: return .left
        case 0x03: return .interrupt
        case 0x04: return .endOfFile
        case 0x05: return .end
        case 0x06: return .right
        case 0x08, 0x7F: return .backspace
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter
        case 0x0B: return .killToEnd
        case 0x0C: return .clearScreen
        case 0x0E: return .down
        case 0x10: return .up
        case 0x15: return .killToStart
        case 0x17: return .deleteWordBackward
        case 0x20...0x7E: return .character(Character(Unicode.Scalar(byte)))
        default: return .ignored
        }
    }

    /// `ESC x` (Alt), `ESC O x` (SS3) and `ESC [ params final` (CSI).
    private mutating func decodeEscape() -> Key? {
        guard pending.count >= 2 else { return nil }
        let second = pending[1]
        if second == UInt8(ascii: "[") {
            guard pending.count >= 3, let last = pending.last, (0x40...0x7E).contains(last), pending.count > 2 else {
                if pending.count > 16 { pending.removeAll(); return .ignored }
                return nil
            }
            let parameters = String(decoding: pending[2..<(pending.count - 1)], as: UTF8.self)
            pending.removeAll()
            return csi(parameters, final: last)
        }
        if second == UInt8(ascii: "O") {
            guard pending.count >= 3 else { return nil }
            let final = pending[2]
            pending.removeAll()
            return csi("", final: final)
        }
        pending.removeAll()
        switch second {
        case UInt8(ascii: "b"): return .wordLeft
        case UInt8(ascii: "f"): return .wordRight
        case 0x7F: return .deleteWordBackward
        default: return .ignored
        }
    }

    private func csi(_ parameters: String, final: UInt8) -> Key {
        switch (parameters, final) {
        case (_, UInt8(ascii: "A")): return .up
        case (_, UInt8(ascii: "B")): return .down
        case ("1;5", UInt8(ascii: "C")), ("1;3", UInt8(ascii: "C")): return .wordRight
        case ("1;5", UInt8(ascii: "D")), ("1;3", UInt8(ascii: "D")): return .wordLeft
        case (_, UInt8(ascii: "C")): return .right
        case (_, UInt8(ascii: "D")): return .left
        case (_, UInt8(ascii: "H")): return .home
        case (_, UInt8(ascii: "F")): return .end
        case ("1", UInt8(ascii: "~")), ("7", UInt8(ascii: "~")): return .home
        case ("4", UInt8(ascii: "~")), ("8", UInt8(ascii: "~")): return .end
        case ("3", UInt8(ascii: "~")): return .delete
        case ("200", UInt8(ascii: "~")): return .pasteStart
        case ("201", UInt8(ascii: "~")): return .pasteEnd
        default: return .ignored
        }
    }
}
