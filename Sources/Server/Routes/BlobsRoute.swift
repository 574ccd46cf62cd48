import Registry

/// `HEAD /api/blobs/:digest` (does the blob exist?) and `POST /api/blobs/:digest` (upload).
///
/// An upload streams the request body into a `BlobWriter` piece by piece (never buffered), which
/// hashes it on the way and publishes it only if the bytes match the digest: 201 created, 200
/// when the blob already exists (the body is not read), 400 on a mismatch with nothing stored.
enum BlobsRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.head("/api/blobs/:digest") { request, response in
            let text = request.parameter("digest") ?? ""
            let digest = try parse(text)
            guard context.store.blobs.has(digest) else {
                throw APIError.notFound("blob \(GoQuote.quote(text)) not found")
            }
            try response.send(.ok)
        }
        router.post("/api/blobs/:digest", bodyLimit: .unlimited) { request, response in
            let text = request.parameter("digest") ?? ""
            let digest = try parse(text)
            let created = try upload(request.body, as: digest, text: text, store: context.store)
            try response.send(created ? .created : .ok)
        }
    }

    /// Validates `^sha256[:-][0-9a-fA-F]{64}$`.
    /// - Throws: 400 `invalid digest format`.
    static func parse(_ text: String) throws -> Digest {
        do {
            return try Digest(parsing: text)
        } catch {
            throw APIError.badRequest("invalid digest format")
        }
    }

    /// Streams `body` into the store; returns false when the blob already existed.
    static func upload(_ body: HTTPRequestBody, as digest: Digest, text: String, store: ModelStore) throws -> Bool {
        if store.blobs.has(digest) { return false }
        let writer: BlobWriter
        do {
            writer = try store.blobs.begin(expected: digest)
        } catch let error as RegistryError {
            throw APIError.from(error)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        do {
            while true {
                let n = try body.read(into: buffer)
                if n == 0 { break }
                try writer.append(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
            return try writer.commit()
        } catch RegistryError.digestMismatch(_, let got) {
            throw APIError.badRequest("digest mismatch, expected \(GoQuote.quote(text)), got \(GoQuote.quote(got.description))")
        } catch let error as RegistryError {
            writer.abort()
            throw APIError.from(error)
        } catch {
            writer.abort()
            throw error
        }
    }
}
