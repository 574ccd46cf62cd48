import Foundation
import Registry

/// `POST /api/push`: uploads a local model to its registry, streaming ollama's statuses
/// (`retrieving manifest`, `pushing <digest[7:19]>` with digest/total/completed,
/// `pushing manifest`, `success`). A missing model reports `couldn't retrieve manifest` and
/// then the error.
enum PushRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        let client = RegistryTransfers.client(context)
        router.post("/api/push") { request, response in
            let body = try request.decodeJSON(TransferRequest.self)
            let text = body.effectiveModel
            guard !text.isEmpty else { throw APIError.modelRequired }
            guard let parsed = ModelName.parse(text) else { throw APIError.invalidModelName }
            let name = context.store.manifests.resolve(parsed) ?? parsed
            let root = context.store.root
            let options = RegistryTransfers.options(context, insecure: body.insecure)
            try TransferStream().run(stream: body.stream ?? true, response: response) { stream in
                do {
                    try await client.push(name, root: root, options: options) { stream.report($0) }
                } catch let error as RegistryError {
                    if case .modelNotFound = error { stream.report(TransferProgress(status: "couldn't retrieve manifest")) }
                    throw error
                }
            }
        }
    }
}
