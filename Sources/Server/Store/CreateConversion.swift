import Engine
import Foundation
import Registry

/// The long steps of `/api/create`: converting an uploaded Hugging Face folder (safetensors) to
/// GGUF, and quantizing F32/F16/BF16 weights (`quantize`). Both write the new GGUF as a blob.
enum CreateConversion {
    /// Whether the uploaded files are a safetensors folder rather than GGUF files.
    static func isSafetensors(_ files: [(path: String, digest: Digest)]) -> Bool {
        files.contains { $0.path.hasSuffix(".safetensors") }
    }

    /// Lays the uploaded blobs out as a folder under their names (symbolic links), converts it to
    /// an F16 GGUF and stores that as a blob.
    /// - Throws: 400 with the converter's message (unsupported architecture, missing files).
    static func convert(_ files: [(path: String, digest: Digest)], blobs: BlobStore,
                        sink: CreateStatusSink) throws -> Digest {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("ollama-convert-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: folder) }
        do {
            for (path, digest) in files {
                guard blobs.has(digest) else {
                    throw APIError.badRequest("blob not found for \(path) (digest \(digest))")
                }
                let link = folder.appendingPathComponent(path)
                try fm.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.createSymbolicLink(at: link, withDestinationURL: blobs.path(of: digest))
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.internalError("\(error)")
        }
        // Check that the folder opens before the stream starts, so that a bad folder is a 400.
        do {
            _ = try HFModelFolder(url: folder)
        } catch {
            throw APIError.badRequest("\(error)")
        }
        try sink.goLive()
        try sink.send("converting model")
        let bytes: [UInt8]
        do {
            bytes = try ModelConverter.convert(folder: folder, outputType: .f16).bytes()
        } catch let error as ConversionError {
            throw APIError.badRequest(error.description)
        } catch {
            throw APIError.badRequest("\(error)")
        }
        return try store(bytes, blobs: blobs)
    }

    /// Re-encodes `file` as `target`, reporting `quantizing F16 model to Q8_0` with byte
    /// progress, and stores the result as a blob.
    /// - Throws: 400 `quantization is only supported for F16, BF16 and F32 models`.
    static func quantize(_ file: GGUFFile, to target: QuantizationType, blobs: BlobStore,
                         sink: CreateStatusSink) throws -> Digest {
        let source = Quantizer.sourceTypeName(file)
        guard ["F16", "BF16", "F32"].contains(source.uppercased()) else {
            throw APIError.badRequest(QuantizeError.unsupportedSource.description)
        }
        try sink.goLive()
        let status = "quantizing \(source) model to \(target.rawValue)"
        try sink.send(status)
        let pool = ThreadPool()
        defer { pool.shutdown() }
        var lastReport = GenerationRun.now()
        var sinkError: (any Error)?
        let writer: GGUFWriter
        do {
            writer = try Quantizer.quantize(file, to: target, pool: pool) { done, total in
                let now = GenerationRun.now()
                guard sinkError == nil, done == total || now - lastReport > 100_000_000 else { return }
                lastReport = now
                do {
                    try sink.send(ProgressResponse(status: status, digest: "0000000000000000000",
                                                   total: Int64(total), completed: Int64(done)))
                } catch {
                    sinkError = error
                }
            }
        } catch let error as QuantizeError {
            throw APIError.badRequest(error.description)
        }
        if let sinkError { throw sinkError }
        return try store(writer.bytes(), blobs: blobs)
    }

    /// Writes `bytes` as a blob (if absent).
    static func store(_ bytes: [UInt8], blobs: BlobStore) throws -> Digest {
        let digest = SHA256.hash(bytes)
        do {
            if !blobs.has(digest) { _ = try blobs.write(bytes, expected: digest) }
        } catch let error as RegistryError {
            throw APIError.internalError(error.description)
        }
        return digest
    }
}
