import Foundation
import Server
import Testing

/// The scheduler's building blocks: context policy and the FIFO turn lock.
@Suite struct SchedulerPolicyTests {
    @Test func defaultContextIsTrainedCappedByBudget() {
        let policy = ContextPolicy(override: 0, kvBudget: 1 << 30, maxAutomatic: 32768)
        // SmolLM2: 30 layers × 192 wide × K,V × f16 = 23040 bytes per position.
        #expect(policy.contextLength(requested: nil, trained: 8192, bytesPerToken: 23040) == 8192)
        // A 128k model is capped at 32768, then by the budget.
        #expect(policy.contextLength(requested: nil, trained: 131072, bytesPerToken: 4096) == 32768)
        #expect(policy.contextLength(requested: nil, trained: 131072, bytesPerToken: 131072) == 8192)
        // An explicit num_ctx wins but never exceeds the trained context.
        #expect(policy.contextLength(requested: 512, trained: 8192, bytesPerToken: 23040) == 512)
        #expect(policy.contextLength(requested: 100_000, trained: 8192, bytesPerToken: 23040) == 8192)
        // OLLAMA_CONTEXT_LENGTH.
        let fixed = ContextPolicy(override: 2048, kvBudget: 1 << 30, maxAutomatic: 32768)
        #expect(fixed.contextLength(requested: nil, trained: 8192, bytesPerToken: 23040) == 2048)
    }

    @Test func fifoLockServesInArrivalOrder() throws {
        let lock = FIFOLock()
        try lock.acquire(isCancelled: { false })
        let served = Locked<[Int]>([])
        let group = DispatchGroup()
        for i in 0..<4 {
            group.enter()
            Thread.detachNewThread {
                try? lock.acquire(isCancelled: { false })
                served.withValue { $0.append(i) }
                lock.release()
                group.leave()
            }
            while lock.waiting < i + 1 { Thread.sleep(forTimeInterval: 0.005) }
        }
        lock.release()
        group.wait()
        #expect(served.current == [0, 1, 2, 3])
    }

    @Test func cancelledWaiterLeavesTheQueue() throws {
        let lock = FIFOLock()
        try lock.acquire(isCancelled: { false })
        #expect(throws: GenerationError.cancelled) { try lock.acquire(isCancelled: { true }) }
        #expect(lock.waiting == 0)
        lock.release()
        try lock.acquire(isCancelled: { false })
        lock.release()
    }
}
