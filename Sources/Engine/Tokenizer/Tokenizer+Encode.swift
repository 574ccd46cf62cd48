// MARK: - Encoding

extension Tokenizer {
    /// Token ids of `text`.
    ///
    /// - Parameters:
    ///   - addSpecial: put BOS first (and EOS last) when the model asks for it.
    ///   - parseSpecial: recognise control-token texts such as `<|im_start|>` in `text`;
    ///     when false they are tokenized as plain text (user-defined tokens are always recognised).
    public func encode(_ text: String, addSpecial: Bool, parseSpecial: Bool) -> [Int32] {
        var output: [Int32] = []
        output.reserveCapacity(text.utf8.count / 3 + 2)
        if addSpecial, addBOS, let bos { output.append(bos) }
        var utf8 = Array(text.utf8)
        let fragments = utf8.withUnsafeMutableBufferPointer {
            specials.split(UnsafeBufferPointer($0), parseSpecial: parseSpecial)
        }
        // SentencePiece prefixes a space to raw text that starts the input or follows a special token.
        var previousWasSpecial = true
        for fragment in fragments {
            switch fragment {
            case .token(let id):
                output.append(id)
                previousWasSpecial = true
            case .text(let range):
                let piece = Substring(String(decoding: utf8[range], as: UTF8.self))
                if let bpe {
                    bpe.encode(piece, vocabulary: vocabulary, into: &output)
                } else if let wpm {
                    wpm.encode(piece, vocabulary: vocabulary, into: &output)
                } else if let spm {
                    let prefixed = addSpacePrefix && previousWasSpecial ? " " + piece : piece
                    spm.encode(prefixed, vocabulary: vocabulary, into: &output)
                }
                previousWasSpecial = false
            }
        }
        utf8.removeAll()
        if addSpecial, addEOS, let eos { output.append(eos) }
        return output
    }
}
