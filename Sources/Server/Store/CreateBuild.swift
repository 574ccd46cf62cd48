import Engine
import Foundation
import Registry

/// The layers and config of a model being created, built step by step by `ModelCreator`.
struct CreateBuild {
    let store: ModelStore
    var layers: CreateLayers
    var config = ModelConfig()
    /// Where statuses printed before the layer lines go (`parsing GGUF`, `converting model`, …).
    let sink: CreateStatusSink
    /// The weights, opened to read metadata.
    var weights: GGUFFile?
    /// The template text the model ends up with, if any.
    var template: String?

    init(store: ModelStore, sink: CreateStatusSink) {
        self.store = store
        self.sink = sink
        layers = CreateLayers(blobs: store.blobs)
    }

    /// Starts from an installed model: all its layers, its config.
    mutating func addParent(_ text: String) throws {
        guard ModelName.parse(text) != nil else { throw APIError.invalidModelName }
        let parent = try store.resolve(text)
        config = parent.config
        template = parent.template
        let from = parent.name.displayShortest
        for layer in parent.stored.manifest.layers {
            if layer.mediaType == MediaType.model, weights == nil {
                try sink.send("parsing GGUF")
                weights = try Self.open(store.blobs.path(of: layer.digest))
            }
            try layers.addExisting(layer.digest, mediaType: layer.mediaType, from: from)
        }
    }

    /// Starts from uploaded GGUF blobs: the weights (and projectors), the config from the GGUF
    /// metadata, and a template detected from `tokenizer.chat_template`. A safetensors folder is
    /// converted to GGUF first.
    mutating func addFiles(_ files: [(path: String, digest: Digest)]) throws {
        var files = files
        let converted = CreateConversion.isSafetensors(files)
        if converted {
            let digest = try CreateConversion.convert(files, blobs: store.blobs, sink: sink)
            files = [(path: "model.gguf", digest: digest)]
        }
        for (path, digest) in files {
            if !converted { try sink.send("parsing GGUF") }
            guard store.blobs.has(digest) else {
                throw APIError.badRequest("blob not found for \(path) (digest \(digest))")
            }
            let file = try Self.open(store.blobs.path(of: digest))
            let arch = file.metadata.string("general.architecture") ?? ""
            let isProjector = arch == "clip" || file.metadata.string("general.type") == "mmproj"
            try layers.addExisting(digest, mediaType: isProjector ? MediaType.projector : MediaType.model)
            if converted { try layers.replace(at: layers.entries.count - 1, with: digest) }
            guard !isProjector, weights == nil else { continue }
            weights = file
            let info = GGUFModelInfo(file)
            config.modelFormat = "gguf"
            config.modelFamily = info.architecture
            config.modelFamilies = [info.architecture]
            config.modelType = info.parameterSize
            config.fileType = info.quantizationLevel
            try autodetectTemplate(file)
        }
        guard weights != nil else { throw APIError.badRequest("no files provided to convert") }
    }

    /// Replaces the weights with a quantized copy (`quantize`), updating the config's file type.
    mutating func quantize(to target: QuantizationType) throws {
        guard let file = weights,
              let index = layers.entries.firstIndex(where: { $0.layer.mediaType == MediaType.model })
        else { throw APIError.badRequest("no model to quantize") }
        let digest = try CreateConversion.quantize(file, to: target, blobs: store.blobs, sink: sink)
        let quantized = try Self.open(store.blobs.path(of: digest))
        try layers.replace(at: index, with: digest)
        weights = quantized
        config.fileType = GGUFModelInfo(quantized).quantizationLevel
    }

    /// Adds the named template matching the GGUF's chat template (gemma3 has none in its GGUF:
    /// it is recognised by architecture), with its stop parameters.
    mutating func autodetectTemplate(_ file: GGUFFile) throws {
        var named: NamedTemplate?
        if let jinja = file.metadata.string("tokenizer.chat_template"), !jinja.isEmpty {
            named = TemplateDetector.detect(jinja)
        }
        if named == nil, file.metadata.string("general.architecture") == "gemma3" {
            named = NamedTemplates.named("gemma3-instruct")
        }
        guard let named else { return }
        try layers.addContent(Data(named.template.utf8), mediaType: MediaType.template,
                              status: "using autodetected template \(named.name)")
        try layers.addContent(named.parametersJSON.goEncoderData, mediaType: MediaType.params)
        template = named.template
    }

    /// Applies the request's template, system, license, parameters and messages over the base.
    mutating func apply(_ request: CreateRequest) throws {
        if let text = request.template, !text.isEmpty {
            do {
                _ = try PromptTemplate(text)
            } catch {
                throw APIError.badRequest("template error: \(error)")
            }
            layers.remove(MediaType.template)
            layers.remove(MediaType.prompt)
            try layers.addContent(Data(text.utf8), mediaType: MediaType.template)
            template = text
        }
        if let system = request.system, !system.isEmpty {
            layers.remove(MediaType.system)
            try layers.addContent(Data(system.utf8), mediaType: MediaType.system)
        }
        if let license = request.license {
            layers.remove(MediaType.license)
            for text in license { try layers.addContent(Data(text.utf8), mediaType: MediaType.license) }
        }
        if let parameters = request.parameters, !parameters.isEmpty {
            var merged = try CreateParameters.typed(parameters)
            for layer in layers.layers(ofType: MediaType.params) {
                guard let data = FileManager.default.contents(atPath: store.blobs.path(of: layer.digest).path),
                      case .object(let existing)? = try? JSONParser().parse(data)
                else { continue }
                for (key, value) in existing where merged[key] == nil { merged[key] = value }
            }
            layers.remove(MediaType.params)
            try layers.addContent(JSONValue.object(merged).goEncoderData, mediaType: MediaType.params)
        }
        if let messages = request.messages, !messages.isEmpty {
            let value = JSONValue.array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })
            layers.remove(MediaType.messages)
            var data = value.serializedData()
            data.append(0x0A)
            try layers.addContent(data, mediaType: MediaType.messages)
        }
    }

    /// Writes the config blob and returns the manifest.
    mutating func manifest() throws -> Manifest {
        config.capabilities = ModelCapabilities.of(
            file: weights, template: template, projectors: layers.layers(ofType: MediaType.projector).count,
            family: config.modelFamily, configured: config.capabilities ?? [])
        config.rootFS = ModelConfig.RootFS(type: "layers", diffIDs: layers.layers.map(\.digest))
        var data = config.jsonData()
        data.append(0x0A)
        let (configLayer, _) = try CreateLayers.store(data, mediaType: MediaType.config, blobs: store.blobs)
        return Manifest(config: configLayer, layers: layers.layers)
    }

    /// Opens a GGUF blob; a corrupt or foreign file is a 400 with the reader's message.
    static func open(_ url: URL) throws -> GGUFFile {
        do {
            return try GGUFFile.open(path: url.path)
        } catch let error as GGUFError {
            throw APIError.badRequest(error.description)
        }
    }
}
