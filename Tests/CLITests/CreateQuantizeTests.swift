import Foundation
import Testing
import TestSupport

extension ServeRoundTripTests {
    /// `ollama create -q q8_0` with `FROM <safetensors folder>`: the CLI uploads every file of the
    /// folder, the server converts it to GGUF and quantizes it; the model then embeds through
    /// `/api/embed` close to sentence-transformers' reference.
    @Test func createQuantizedFromSafetensorsFolder() throws {
        let folder = try TestPaths.require(TestPaths.miniLM).path
        let serve = try Serve()
        defer { serve.stop() }
        let work = serve.directory.path
        try "FROM \(folder)\n".write(toFile: work + "/Modelfile", atomically: true, encoding: .utf8)

        let create = try serve.run(["create", "mini", "-q", "q8_0"], cwd: work)
        #expect(create.status == 0, "\(create.stderr)")
        let show = try serve.run(["show", "mini"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("    architecture        bert"), "\(show.stdout)")
        #expect(show.stdout.contains("    quantization        Q8_0"))
        #expect(show.stdout.contains("  Capabilities\n    embedding"))

        let bad = try serve.run(["create", "mini2", "--quantize", "q9_9"], cwd: work)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unsupported quantization type q9_9"), "\(bad.stderr)")

        // /api/embed on the quantized model, against the reference of "Hello world".
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "http://127.0.0.1:\(serve.port)/api/embed", "-d", #"{"model": "mini", "input": "Hello world"}"#]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let vector = try #require((json["embeddings"] as? [[Double]])?.first)
        let fixture = try Data(contentsOf: TestPaths.fixture("all-minilm-embeddings.json", target: "ServerTests"))
        let items = try #require((try JSONSerialization.jsonObject(with: fixture) as? [String: Any])?["items"] as? [[String: Any]])
        let reference = try #require(items.first { $0["text"] as? String == "Hello world" }?["embedding"] as? [Double])
        #expect(vector.count == reference.count)
        var dot = 0.0, a = 0.0, b = 0.0
        for (x, y) in zip(vector, reference) {
            dot += x * y
            a += x * x
            b += y * y
        }
        #expect(dot / (a.squareRoot() * b.squareRoot()) >= 0.99)

        // `ollama run` on an embedding model prints the vector as a JSON array.
        let run = try serve.run(["run", "mini", "Hello world", "--dimensions", "8"])
        #expect(run.status == 0, "\(run.stderr)")
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [Double])
        #expect(printed.count == 8)
        #expect(abs(printed.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
    }
}
