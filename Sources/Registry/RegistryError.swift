import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors of the model store, names, digests and parameters, with the messages users see.
///
/// Messages follow ollama word for word where it has one. They never contain absolute paths
/// (only a file's last component), so they are safe to return over HTTP.
public enum RegistryError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// Text that is not `sha256[:-]<64 hex>`.
    case invalidDigest(String)
    /// A model name that does not follow the grammar of `ModelName`.
    case invalidName(String)
    /// Stored or received bytes whose SHA-256 is not the one promised.
    case digestMismatch(expected: Digest, got: Digest)
    /// No blob with this digest in the store.
    case blobNotFound(Digest)
    /// No manifest for this model (the name in `DisplayShortest` form).
    case modelNotFound(String)
    /// A manifest file that cannot be decoded or breaks the schema.
    case invalidManifest(String)
    /// A computed store path that would leave the store (a bug or an attack; never followed).
    case pathOutsideStore
    /// A failed system call; `file` is a last path component only.
    case io(operation: String, file: String, errno: Int32)
    /// An incremental blob write used after `commit()` or `abort()`.
    case writerClosed
    /// A Modelfile `PARAMETER` or API option whose name is not an option.
    case unknownParameter(String)
    /// A parameter value of the wrong type: `kind` is `int`, `float` or `bool`.
    case invalidParameterValue(kind: String, values: [String])
    /// A `REQUIRES` value that is not a semantic version.
    case invalidRequires(String)

    public var description: String {
        switch self {
        case .invalidDigest: return "invalid digest format"
        case .invalidName: return "invalid model name"
        case let .digestMismatch(expected, got):
            return "digest mismatch, expected \"\(expected)\", got \"\(got)\""
        case let .blobNotFound(digest): return "blob \"\(digest)\" not found"
        case let .modelNotFound(name): return "model '\(name)' not found"
        case let .invalidManifest(reason): return "invalid manifest: \(reason)"
        case .pathOutsideStore: return "invalid model path"
        case let .io(operation, file, code):
            return "\(operation) \(file): \(String(cString: strerror(code)))"
        case .writerClosed: return "blob writer already closed"
        case let .unknownParameter(name): return "unknown parameter '\(name)'"
        case let .invalidParameterValue(kind, values):
            return "invalid \(kind) value [\(values.joined(separator: " "))]"
        case .invalidRequires: return "requires must be a valid semver (e.g. 0.14.0)"
        }
    }

    public var errorDescription: String? { description }

    /// True when the error is "no space left on device", which callers report without retrying.
    public var isNoSpace: Bool {
        if case let .io(_, _, code) = self { return code == ENOSPC }
        return false
    }
}
