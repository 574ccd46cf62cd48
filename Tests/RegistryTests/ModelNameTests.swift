import Foundation
import Registry
import Testing
import TestSupport

@Suite struct ModelNameTests {
    /// (input, expected full name `host/ns/model:tag`, expected DisplayShortest, scheme).
    static let valid: [(String, String, String, String)] = [
        ("smol", "registry.ollama.ai/library/smol:latest", "smol:latest", "https"),
        ("smol:latest", "registry.ollama.ai/library/smol:latest", "smol:latest", "https"),
        ("llama3.2:1b", "registry.ollama.ai/library/llama3.2:1b", "llama3.2:1b", "https"),
        ("user/m:t", "registry.ollama.ai/user/m:t", "user/m:t", "https"),
        ("user/m", "registry.ollama.ai/user/m:latest", "user/m:latest", "https"),
        ("host.io/ns/m:t", "host.io/ns/m:t", "host.io/ns/m:t", "https"),
        ("localhost:5000/ns/m", "localhost:5000/ns/m:latest", "localhost:5000/ns/m:latest", "https"),
        ("localhost:5000/ns/m:v1.2", "localhost:5000/ns/m:v1.2", "localhost:5000/ns/m:v1.2", "https"),
        ("http://localhost:5000/ns/m:t", "localhost:5000/ns/m:t", "localhost:5000/ns/m:t", "http"),
        ("https://host/ns/m:t", "host/ns/m:t", "host/ns/m:t", "https"),
        ("registry.ollama.ai/library/smol:latest", "registry.ollama.ai/library/smol:latest", "smol:latest", "https"),
        ("REGISTRY.ollama.ai/Library/Smol:Q4", "REGISTRY.ollama.ai/Library/Smol:Q4", "Smol:Q4", "https"),
        ("registry.ollama.ai/user/m:t", "registry.ollama.ai/user/m:t", "user/m:t", "https"),
        ("_m-1.x", "registry.ollama.ai/library/_m-1.x:latest", "_m-1.x:latest", "https"),
        ("a..b", "registry.ollama.ai/library/a..b:latest", "a..b:latest", "https"),
        ("m:" + String(repeating: "t", count: 80), "registry.ollama.ai/library/m:" + String(repeating: "t", count: 80),
         "m:" + String(repeating: "t", count: 80), "https"),
        (String(repeating: "h", count: 350) + "/n/m", String(repeating: "h", count: 350) + "/n/m:latest",
         String(repeating: "h", count: 350) + "/n/m:latest", "https"),
    ]

    @Test(arguments: valid)
    func parsesValidNames(input: String, full: String, shortest: String, scheme: String) throws {
        let name = try ModelName(parsing: input)
        #expect(name.description == full)
        #expect(name.displayShortest == shortest)
        #expect(name.scheme == scheme)
        // The display forms parse back to the same name.
        #expect(try ModelName(parsing: name.description) == ModelName(parsing: full))
        #expect(try ModelName(parsing: name.displayShortest).matches(ModelName(parsing: full)))
    }

    static let invalid: [String] = [
        "", ":", "/", "//", ":tag", "m:", "ns/", "/m", "ns//m", "h//m", "h/ns/", "//m:t",
        "..", "../m", "m/..", "../../etc/passwd", "ns/../m", "./m", "h/ns/..", ".m", "-m", "m:-t", "m:.t",
        "a/b/c/d", "a/b/c/d:t", "h/n.s/m", "h/ns/m:t:u", "m:t:u", "ns/m:t:u", "m::t",
        "m@sha256:abc", "m t", "m\tt", "m\0", "m/", "mödel", "m:tåg", "ns\\m", "m;rm",
        "ftp://h/ns/m", "http://m", "http:///ns/m", "://h/ns/m",
        String(repeating: "m", count: 81), "m:" + String(repeating: "t", count: 81),
        String(repeating: "n", count: 81) + "/m", String(repeating: "h", count: 351) + "/n/m",
    ]

    @Test(arguments: invalid)
    func rejectsInvalidNames(input: String) {
        #expect(throws: RegistryError.invalidName(input)) { try ModelName(parsing: input) }
        #expect(ModelName.parse(input) == nil)
    }

    @Test func errorMessageIsOllamas() {
        #expect(RegistryError.invalidName("x").description == "invalid model name")
    }

    @Test func partsAreChecked() throws {
        #expect(throws: RegistryError.self) { try ModelName(host: "h", namespace: "a.b", model: "m") }
        #expect(throws: RegistryError.self) { try ModelName(model: "m/x") }
        #expect(throws: RegistryError.self) { try ModelName(model: "..") }
        let name = try ModelName(model: "m")
        #expect(name.description == "registry.ollama.ai/library/m:latest")
    }

    @Test func caseInsensitiveMatching() throws {
        let a = try ModelName(parsing: "Host.IO/NS/Model:Tag")
        let b = try ModelName(parsing: "host.io/ns/model:tag")
        #expect(a != b)
        #expect(a.matches(b))
        #expect(a.foldedKey == b.foldedKey)
        #expect(!a.matches(try ModelName(parsing: "host.io/ns/model:other")))
    }

    /// Even names built to look like traversal never give a path outside `manifests/`.
    @Test func pathsStayInsideTheStore() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = ManifestStore(root: dir.url)
        let base = store.directory.standardizedFileURL.path + "/"
        for input in Self.valid.map(\.0) + ["ab/c..d:e..f", "h:1/n/m.:t..", "x--y:z.."] {
            let name = try ModelName(parsing: input)
            let path = try store.path(for: name).standardizedFileURL.path
            #expect(path.hasPrefix(base))
            #expect(path.dropFirst(base.count).split(separator: "/").count == 4)
        }
        for input in Self.invalid {
            #expect(ModelName.parse(input) == nil)
        }
    }

    @Test func onDiskLayoutIsOllamas() throws {
        let store = ManifestStore(root: URL(fileURLWithPath: "/models"))
        let path = try store.path(for: ModelName(parsing: "localhost:5000/ns/m:t"))
        #expect(path.path == "/models/manifests/localhost:5000/ns/m/t")
        #expect(try store.path(for: ModelName(parsing: "smol")).path
            == "/models/manifests/registry.ollama.ai/library/smol/latest")
    }
}
