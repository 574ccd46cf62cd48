import Foundation
import Server

extension RunCommand {
    /// `ollama run` on an embedding model: embeds the prompt (arguments, or stdin) through
    /// `/api/embed` with `--truncate`/`--dimensions` and prints the vector as a JSON array.
    static func embedOnce(_ prompt: String, command: ParsedCommand, session: ReplSession, client: APIClient) throws {
        guard !prompt.isEmpty else {
            throw CommandFailure("embedding models require input text. Usage: ollama run \(session.model) \"your text here\"")
        }
        var truncate: Bool?
        if command.isSet("truncate") { truncate = command.bool("truncate") }
        let vectors = try client.embed(model: session.model, texts: [prompt], truncate: truncate,
                                       dimensions: command.int("dimensions"), keepAlive: session.keepAlive)
        guard let vector = vectors.first else { throw CommandFailure("no embeddings returned") }
        let json = JSONValue.array(vector.map { JSONValue.number($0) }).serialized(escapeHTML: false)
        Output.standardOutput.write(json + "\n")
    }
}
