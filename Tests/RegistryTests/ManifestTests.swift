import Foundation
import Registry
import Testing

@Suite struct ManifestTests {
    static let d1 = SHA256.hash(Array("config".utf8))
    static let d2 = SHA256.hash(Array("weights".utf8))
    static let d3 = SHA256.hash(Array("template".utf8))

    static func sample() -> Manifest {
        Manifest(
            config: .init(mediaType: MediaType.config, digest: d1, size: 485),
            layers: [
                .init(mediaType: MediaType.model, digest: d2, size: 98_362_432, from: "smol:latest"),
                .init(mediaType: MediaType.template, digest: d3, size: 12),
            ])
    }

    /// The bytes are those of Go's `json.Marshal` of ollama's manifest struct.
    @Test func encodesExactlyAsOllama() throws {
        let expected = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",\
            "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"\(Self.d1)","size":485},\
            "layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"\(Self.d2)","size":98362432,"from":"smol:latest"},\
            {"mediaType":"application/vnd.ollama.image.template","digest":"\(Self.d3)","size":12}]}
            """
        let data = Self.sample().jsonData()
        #expect(String(decoding: data, as: UTF8.self) == expected)
        let back = try Manifest.decode(data)
        #expect(back == Self.sample())
        #expect(back.totalSize == 485 + 98_362_432 + 12)
        #expect(back.referencedDigests == [Self.d1, Self.d2, Self.d3])
        #expect(back.layers(ofType: MediaType.template).map(\.digest) == [Self.d3])
    }

    @Test func mediaTypesAreOllamas() {
        let names = ["model", "adapter", "projector", "template", "prompt", "system", "params", "messages",
                     "license", "draft"]
        let constants = [MediaType.model, MediaType.adapter, MediaType.projector, MediaType.template, MediaType.prompt,
                         MediaType.system, MediaType.params, MediaType.messages, MediaType.license, MediaType.draft]
        #expect(constants == names.map { "application/vnd.ollama.image.\($0)" })
    }

    static let broken: [(String, String)] = [
        ("not json", "invalid manifest: not valid JSON"),
        ("{}", "invalid manifest: missing \"schemaVersion\""),
        (#"{"schemaVersion":1,"mediaType":"x","config":{"mediaType":"x","digest":"sha256:\#(String(repeating: "a", count: 64))","size":1},"layers":[]}"#,
         "invalid manifest: unsupported schemaVersion 1"),
        (#"{"schemaVersion":2,"mediaType":"x","config":{"mediaType":"x","digest":"sha256:../../etc/passwd","size":1},"layers":[]}"#,
         "invalid manifest: invalid digest format"),
        (#"{"schemaVersion":2,"mediaType":"x","config":{"mediaType":"x","digest":"sha256:\#(String(repeating: "a", count: 64))","size":-1},"layers":[]}"#,
         "invalid manifest: bad value at config.size"),
        (#"{"schemaVersion":2,"mediaType":"x","config":{"mediaType":"x","digest":"sha256:\#(String(repeating: "a", count: 64))","size":1},"layers":{}}"#,
         "invalid manifest: wrong type at layers"),
    ]

    @Test(arguments: broken)
    func rejectsBrokenManifests(json: String, message: String) {
        let error = #expect(throws: RegistryError.self) { try Manifest.decode(Data(json.utf8)) }
        #expect(error?.description == message)
    }

    @Test func configBlobJSON() throws {
        var config = ModelConfig()
        config.modelFormat = "gguf"
        config.modelFamily = "llama"
        config.modelFamilies = ["llama"]
        config.modelType = "135M"
        config.fileType = "Q4_1"
        config.contextLength = 8192
        config.rootFS.diffIDs = [Self.d2]
        let text = String(decoding: config.jsonData(), as: UTF8.self)
        #expect(text == """
            {"model_format":"gguf","model_family":"llama","model_families":["llama"],"model_type":"135M",\
            "file_type":"Q4_1","context_length":8192,"architecture":"amd64","os":"linux",\
            "rootfs":{"type":"layers","diff_ids":["\(Self.d2)"]}}
            """)
        #expect(try ModelConfig.decode(config.jsonData()) == config)
        // Absent optional fields stay absent; unknown fields are ignored.
        let minimal = try ModelConfig.decode(Data(#"{"model_format":"gguf","extra":1,"capabilities":["completion"]}"#.utf8))
        #expect(minimal.capabilities == ["completion"])
        #expect(minimal.renderer == nil && minimal.contextLength == nil)
    }
}
