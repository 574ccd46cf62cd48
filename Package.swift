// swift-tools-version:6.0
import PackageDescription

/// Settings for every target. Swift 5 language mode keeps the engine's hand-managed
/// memory (mmapped weights, raw buffers) free of Sendable ceremony.
let common: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The engine's kernels are written with Swift SIMD types; these flags let LLVM lower
/// them to AVX2/FMA/F16C, and release builds drop the bounds checks on hot paths
/// (every index there is validated when the GGUF is opened).
let engine: [SwiftSetting] = common + [
    .unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mf16c"]),
    .unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

/// The SHA-NI kernel behind the registry's SHA-256 lives in a module of its own because the
/// flag that exposes LLVM's x86 SHA intrinsics to Swift (`Builtin.int_x86_sha256rnds2`…),
/// `-parse-stdlib`, applies to a whole module (and changes how it imports the standard library);
/// `-msha`/`-mssse3` let LLVM select those instructions. Registry calls it only after checking
/// the CPU's flags, and keeps its portable Swift compression for every other CPU.
let hashKernels: [SwiftSetting] = common + [
    .unsafeFlags(["-parse-stdlib", "-Xcc", "-msha", "-Xcc", "-msse4.1", "-Xcc", "-mssse3"]),
    .unsafeFlags(["-O"], .when(configuration: .release)),
]

let package = Package(
    name: "ollama",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ollama", targets: ["ollama"]),
    ],
    dependencies: [],
    targets: [
        .target(name: "Engine", swiftSettings: engine),
        .target(name: "HashKernels", swiftSettings: hashKernels),
        .target(name: "Registry", dependencies: ["HashKernels"], swiftSettings: common),
        .target(name: "Server", dependencies: ["Engine", "Registry"], swiftSettings: common),
        .executableTarget(name: "ollama", dependencies: ["Server", "Registry", "Engine"], swiftSettings: common),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: common),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "TestSupport"], exclude: ["Fixtures"], swiftSettings: engine),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "TestSupport"], swiftSettings: common),
        .testTarget(
            name: "ServerTests", dependencies: ["Server", "Engine", "Registry", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: common),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"], swiftSettings: common),
    ],
    swiftLanguageModes: [.v5]
)
