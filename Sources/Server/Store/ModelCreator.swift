import Engine
import Foundation
import Registry

/// Runs `/api/create` (ollama `CreateHandler` for GGUF models).
///
/// Everything that can fail on bad input (names, file paths, digests, the GGUF itself, the
/// template, parameter types) is checked before the first byte is sent, so such errors get their
/// own status (400/404) instead of a 200 stream ending in an error line. The model is built under
/// the store's write lock; then the statuses are streamed: `parsing GGUF`, one line per layer
/// (`using existing layer sha256:…`, `creating new layer sha256:…`, `using autodetected template
/// <name>`), `writing manifest`, `success`. Converting a safetensors folder (`converting model`)
/// and quantizing (`quantizing F16 model to Q8_0`, with progress) stream their statuses as they go.
struct ModelCreator {
    let store: ModelStore
    let loadedModels: any LoadedModelsProvider

    /// What was built.
    struct Outcome {
        var name: ModelName
        var replaced: Bool
    }

    func run(_ request: CreateRequest, response: HTTPResponseWriter) throws {
        let sink = CreateStatusSink(response: response, streaming: request.stream != false)
        let outcome: Outcome
        do {
            outcome = try store.withWriteLock { try create(request, sink: sink) }
        } catch {
            // After the stream started, the error ends it as one `{"error": …}` line.
            guard sink.live, sink.streaming, response.hasStarted else { throw error }
            let message = (error as? any HTTPResponseError)?.message ?? "\(error)"
            try? response.write(errorJSON(message) + "\n")
            try? response.finish()
            return
        }
        if outcome.replaced { loadedModels.modelRemoved(outcome.name.displayShortest) }
        if request.stream == false {
            try response.sendAPI(ProgressResponse(status: "success"))
            return
        }
        try sink.goLive()
        try sink.send("success")
    }

    /// Validates the request, writes the new layers, the config and the manifest, and prunes the
    /// layers the replaced manifest no longer shares. Call with the write lock held.
    func create(_ request: CreateRequest, sink: CreateStatusSink) throws -> Outcome {
        let text = request.model.isEmpty ? request.name : request.model
        guard let parsed = ModelName.parse(text) else { throw APIError.invalidModelName }
        var quantization: QuantizationType?
        if !request.quantize.isEmpty {
            do {
                quantization = try QuantizationType(name: request.quantize)
            } catch let error as QuantizeError {
                throw APIError.badRequest(error.description)
            }
        }
        guard request.adapters.isEmpty else { throw APIError.badRequest("LoRA adapters are not supported") }
        let files = try CreateFiles.validate(request.files)
        let name = store.manifests.resolve(parsed) ?? parsed
        let old = try? store.manifests.read(name)

        var build = CreateBuild(store: store, sink: sink)
        if !request.from.isEmpty {
            try build.addParent(request.from)
        } else if !files.isEmpty {
            try build.addFiles(files)
        } else {
            throw APIError.badRequest("neither 'from' or 'files' was specified")
        }
        if let quantization { try build.quantize(to: quantization) }
        try build.apply(request)
        let manifest = try build.manifest()

        for status in build.layers.entries.map(\.status) { try sink.send(status) }
        try sink.send("writing manifest")
        do {
            try store.manifests.write(manifest, for: name)
        } catch let error as RegistryError {
            throw APIError.from(error)
        }
        if let old, !store.noPrune {
            let orphaned = Set(old.manifest.referencedDigests).subtracting(manifest.referencedDigests)
            if !orphaned.isEmpty {
                StorePruner.prune(blobs: store.blobs, manifests: store.manifests, minimumAge: 0, candidates: orphaned)
            }
        }
        return Outcome(name: name, replaced: old != nil)
    }
}

/// Checks of the `files` map: relative plain paths, valid digests.
enum CreateFiles {
    /// The files sorted by path, with parsed digests.
    /// - Throws: 400 `file path must be relative: <path>`, `invalid digest format`,
    ///   `invalid digest for <path>: invalid digest format`.
    static func validate(_ files: [String: String]) throws -> [(path: String, digest: Digest)] {
        guard files.count <= 1024 else {
            throw APIError.badRequest("too many files: \(files.count) exceeds maximum 1024")
        }
        var out: [(path: String, digest: Digest)] = []
        for path in files.keys.sorted() {
            guard isValidPath(path) else { throw APIError.badRequest("file path must be relative: \(path)") }
            let text = files[path] ?? ""
            guard !text.isEmpty else { throw APIError.badRequest("invalid digest format") }
            guard let digest = try? Digest(parsing: text) else {
                throw APIError.badRequest("invalid digest for \(path): invalid digest format")
            }
            out.append((path, digest))
        }
        return out
    }

    /// Go's `fs.ValidPath` minus `.`, backslashes and colons: unrooted, `/`-separated, no empty,
    /// `.` or `..` element.
    static func isValidPath(_ path: String) -> Bool {
        guard !path.isEmpty, path != ".", !path.contains("\\"), !path.contains(":"), !path.contains("\0") else {
            return false
        }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
