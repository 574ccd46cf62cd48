import Foundation

/// The options a loaded model was built with; a request asking for different ones reloads it
/// (ollama's runner options: `num_ctx` after clamping, `num_batch`, `num_thread`).
package struct RunnerOptions: Sendable, Equatable {
    package var contextLength: Int
    package var batchSize: Int
    /// 0 = the shared thread pool.
    package var threads: Int
}

/// How the default context length is chosen: the model's trained context, capped so that the KV
/// cache stays within a memory budget (never a silent 2048, users.md #1).
package struct ContextPolicy: Sendable, Equatable {
    /// `OLLAMA_CONTEXT_LENGTH`; 0 lets the budget decide.
    package var override: Int
    /// Bytes the KV cache of one model may take.
    package var kvBudget: Int64
    /// The largest automatic context.
    package var maxAutomatic: Int

    package init(override: Int, kvBudget: Int64, maxAutomatic: Int) {
        self.override = override
        self.kvBudget = kvBudget
        self.maxAutomatic = maxAutomatic
    }

    /// A quarter of physical memory for the KV cache, at most 32768 positions.
    package static func standard(override: Int = 0) -> ContextPolicy {
        ContextPolicy(override: override, kvBudget: Int64(ProcessInfo.processInfo.physicalMemory / 4), maxAutomatic: 32768)
    }

    /// The context length for a model trained on `trained` positions whose KV cache takes
    /// `bytesPerToken` per position, given the request's `num_ctx` (nil = automatic).
    package func contextLength(requested: Int?, trained: Int, bytesPerToken: Int) -> Int {
        let trained = max(4, trained)
        if let requested { return max(4, min(requested, trained)) }
        if override > 0 { return max(4, min(override, trained)) }
        let affordable = bytesPerToken > 0 ? Int(kvBudget / Int64(bytesPerToken)) : trained
        return max(min(trained, 256), min(trained, maxAutomatic, affordable))
    }
}
