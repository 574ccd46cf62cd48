import Foundation
import Registry

/// `ollama __sha256 FILE...` (hidden, for `make bench`): prints `<hex>  <file>` like `sha256sum`,
/// hashing with our SHA-256.
enum HashCommand {
    static let name = "__sha256"

    static func run(_ files: [String]) throws {
        for file in files {
            let digest = try SHA256.hash(fileAt: URL(fileURLWithPath: file))
            Output.standardOutput.write("\(digest.hex)  \(file)\n")
        }
    }
}
