import Foundation

/// Pulls and pushes models over the OCI distribution protocol (ollama's `server/images.go`,
/// `download.go`, `upload.go`, `auth.go`).
///
/// ```swift
/// let client = RegistryClient(userAgent: "ollama/0.1.0 (amd64 linux) Swift",
///                             credentials: .load(registryAuth: env["OLLAMA_REGISTRY_AUTH"], dockerConfig: dockerJSON))
/// let name = try ModelName(parsing: "127.0.0.1:5000/library/smol:latest")
/// try await client.pull(name, root: models, options: TransferOptions(insecure: true)) { print($0.status) }
/// ```
/// One client can serve many pulls at once; downloads of one digest are shared process-wide.
public final class RegistryClient: Sendable {
    let transport: RegistryTransport
    public let credentials: RegistryCredentials

    public init(userAgent: String = "ollama-swift", credentials: RegistryCredentials = RegistryCredentials()) {
        transport = RegistryTransport(userAgent: userAgent)
        self.credentials = credentials
    }

    /// A session for one repository of the registry `name` lives on.
    func session(for name: ModelName, options: TransferOptions) throws -> RegistrySession {
        RegistrySession(transport: transport, endpoint: try RegistryEndpoint(name: name, insecure: options.insecure),
                        credentials: credentials)
    }
}

/// What a pull did.
public struct PullReport: Sendable, Equatable {
    /// SHA-256 of the manifest bytes (the model's ID).
    public var manifestDigest: Digest
    /// Bytes received from the network for blobs by this pull.
    public var fetchedBytes: Int64 = 0
    /// Bytes of interrupted downloads that were reused instead of fetched again.
    public var resumedBytes: Int64 = 0
    /// Blobs this pull downloaded (the others were already present).
    public var downloaded: [Digest] = []
    /// Blobs of an older version of the model that were removed.
    public var removed: [String] = []
}

/// What a push did.
public struct PushReport: Sendable, Equatable {
    /// Blobs sent (the others were present on the registry or mounted).
    public var uploaded: [Digest] = []
    /// Blobs mounted from another repository of the registry.
    public var mounted: [Digest] = []
    /// Bytes of blob data sent.
    public var sentBytes: Int64 = 0
}
