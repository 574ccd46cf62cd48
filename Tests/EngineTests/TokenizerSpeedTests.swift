import Engine
import Foundation
import Testing
import TestSupport

/// Load and encode times on the real vocabularies (release build), in CPU time of the calling
/// thread so that other tests running in parallel do not count. Limits are twice the goals
/// (encode 35 KB < 100 ms, Gemma vocabulary < 300 ms).
@Suite(.serialized) struct TokenizerSpeedTests {
    /// Milliseconds of this thread's CPU time spent in `body`.
    private func cpuMilliseconds(_ body: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
        }
        let start = now()
        try body()
        return now() - start
    }

    @Test func gemmaVocabularyLoadsQuickly() throws {
        let path = try TestPaths.require(TestPaths.gemma3).path
        var file: GGUFFile?
        var tokenizer: Tokenizer?
        let open = try cpuMilliseconds { file = try GGUFFile.open(path: path) }
        let build = try cpuMilliseconds { tokenizer = try file.map(Tokenizer.init) }
        print("gemma3: GGUFFile.open \(open) ms, Tokenizer.init \(build) ms (CPU)")
        #expect(tokenizer?.vocabularySize == 262_144)
        #expect(open + build < 600)
    }

    @Test(arguments: ["smollm2", "gemma3"])
    func referenceTextEncodesQuickly(model: String) throws {
        let tokenizer = try LoadedTokenizers.named(model)
        let text = try TokenizerFixture.referenceText()
        _ = tokenizer.encode(text, addSpecial: false, parseSpecial: false)  // warm up
        var best = Double.infinity
        var count = 0
        for _ in 0..<3 {
            let ms = cpuMilliseconds { count = tokenizer.encode(text, addSpecial: false, parseSpecial: false).count }
            best = min(best, ms)
        }
        print("\(model): encoded \(text.utf8.count) bytes into \(count) tokens in \(best) ms (CPU)")
        #expect(best < 200)
    }
}
