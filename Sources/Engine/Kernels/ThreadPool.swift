#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A job for `ThreadPool.run(_:_:)`: a value whose tasks 0..<n the pool runs in parallel.
///
/// The decode path's jobs are such structs rather than closures: handing a closure to other
/// threads takes `withoutActuallyEscaping`, which allocates, while a job struct is passed by
/// address with no allocation at all.
package protocol PoolJob {
    /// Runs task `task` of the job.
    func callAsFunction(_ task: Int)
}

/// A closure as a `PoolJob`.
private struct ClosureJob: PoolJob {
    let body: (Int) -> Void
    @inline(__always) func callAsFunction(_ task: Int) { body(task) }
}

/// One persistent pool of worker threads running the parallel loops of the engine.
///
/// `run(n, job)` runs `job(0..<n)` on the workers and the caller and returns when all tasks are
/// done. A call costs no allocation, thread creation or lock (a closure body costs one small
/// allocation, see `PoolJob`): the job is published in one atomic
/// word `claim` = generation (24 bits) | task count (20 bits) | next task (20 bits), and tasks are
/// claimed by compare-and-swap on it, so a worker that wakes late for an old job can never claim a
/// task of a newer one. Workers spin for a short while after a job, then sleep on a condition
/// variable (taken only when a worker is actually asleep).
package final class ThreadPool: @unchecked Sendable {
    /// Threads working on a job, the caller included.
    package let threadCount: Int

    private let claim = Atomic<UInt64>(0)
    private let completed = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    /// Set while a caller owns the workers; a concurrent caller runs its tasks inline instead.
    private let busy = Atomic<Bool>(false)
    /// The current job (its address, and the function that runs task i of it), valid while it
    /// has unclaimed or running tasks.
    private var job: UnsafeRawPointer?
    private var invoke: ((UnsafeRawPointer, Int) -> Void)?
    private var generation: UInt64 = 0
    private var mutex = pthread_mutex_t()
    private var wake = pthread_cond_t()
    private var workers: [pthread_t] = []

    private static let countBits: UInt64 = 20
    private static let countMask: UInt64 = (1 << countBits) - 1
    /// The largest task count of one `run`.
    package static let maxTasks = Int(countMask)
    /// Spin iterations (≈ 50–100 µs of atomic loads) before an idle worker sleeps.
    private static let spinLimit = 100_000

    /// Starts `threads − 1` workers (the caller is the last thread); `threads` defaults to the usable cores.
    package init(threads: Int = CPUInfo.usableCores) {
        threadCount = Swift.max(1, threads)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
        for _ in 1..<threadCount {
            let context = Unmanaged.passRetained(self).toOpaque()
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                let pool = Unmanaged<ThreadPool>.fromOpaque(raw).takeRetainedValue()
                pool.workerLoop()
                return nil
            }, context)
            if started == 0 {
                workers.append(thread)
            } else {
                Unmanaged<ThreadPool>.fromOpaque(context).release()
            }
        }
    }

    /// Stops and joins the workers (they hold the pool alive, so call this to release it).
    package func shutdown() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(&mutex)
        pthread_cond_broadcast(&wake)
        pthread_mutex_unlock(&mutex)
        for thread in workers { pthread_join(thread, nil) }
        workers = []
    }

    /// Runs `body(i)` for every i in 0..<taskCount across the pool, the caller included, and
    /// returns when all have finished (as `run(_:_:)` with a job).
    package func run(_ taskCount: Int, _ body: (Int) -> Void) {
        precondition(taskCount <= Self.maxTasks, "ThreadPool.run: at most \(Self.maxTasks) tasks")
        if taskCount <= 0 { return }
        if taskCount == 1 || workers.isEmpty {
            for i in 0..<taskCount { body(i) }
            return
        }
        withoutActuallyEscaping(body) { run(taskCount, ClosureJob(body: $0)) }
    }

    /// Runs `job(i)` for every i in 0..<taskCount across the pool, the caller included, and
    /// returns when all have finished.
    ///
    /// One job runs at a time: a call made while another is running (from another thread, or
    /// from inside a job) runs its tasks serially on its own thread.
    package func run<Job: PoolJob>(_ taskCount: Int, _ job: Job) {
        precondition(taskCount <= Self.maxTasks, "ThreadPool.run: at most \(Self.maxTasks) tasks")
        if taskCount <= 0 { return }
        if taskCount == 1 || workers.isEmpty
            || !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            for i in 0..<taskCount { job(i) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        withUnsafePointer(to: job) { pointer in
            let context = UnsafeRawPointer(pointer)
            // Captures nothing once specialized for Job: no allocation.
            let run: (UnsafeRawPointer, Int) -> Void = { raw, task in raw.assumingMemoryBound(to: Job.self).pointee(task) }
            self.job = context
            invoke = run
            generation = (generation + 1) & 0xFF_FFFF
            completed.store(0, ordering: .relaxed)
            let word = generation << (2 * Self.countBits) | UInt64(taskCount) << Self.countBits
            claim.store(word, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(&mutex)
                pthread_cond_broadcast(&wake)
                pthread_mutex_unlock(&mutex)
            }
            let done = work(generation: generation, context, run)
            if done < taskCount {
                var spins = 0
                while completed.load(ordering: .acquiring) + done < taskCount {
                    Self.pause()
                    spins += 1
                    if spins & 1023 == 0 { sched_yield() }
                }
            }
            self.job = nil
            invoke = nil
        }
    }

    /// Claims and runs tasks of job `generation` until none is left; returns how many it ran.
    @inline(__always)
    private func work(generation: UInt64, _ context: UnsafeRawPointer,
                      _ run: (UnsafeRawPointer, Int) -> Void) -> Int {
        var ran = 0
        var word = claim.load(ordering: .acquiring)
        while word >> (2 * Self.countBits) == generation {
            let next = word & Self.countMask
            let count = (word >> Self.countBits) & Self.countMask
            if next >= count { break }
            let (exchanged, current) = claim.compareExchange(
                expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                run(context, Int(next))
                ran += 1
                word = claim.load(ordering: .acquiring)
            } else {
                word = current
            }
        }
        return ran
    }

    /// A worker: waits for a new generation, helps with its tasks, repeats.
    private func workerLoop() {
        var seen: UInt64 = 0
        while true {
            var word = claim.load(ordering: .acquiring)
            var spins = 0
            while word >> (2 * Self.countBits) == seen {
                if stopping.load(ordering: .relaxed) { return }
                spins += 1
                if spins < Self.spinLimit {
                    Self.pause()
                } else {
                    pthread_mutex_lock(&mutex)
                    sleepers.add(1, ordering: .sequentiallyConsistent)
                    while claim.load(ordering: .sequentiallyConsistent) >> (2 * Self.countBits) == seen,
                          !stopping.load(ordering: .sequentiallyConsistent) {
                        pthread_cond_wait(&wake, &mutex)
                    }
                    sleepers.subtract(1, ordering: .sequentiallyConsistent)
                    pthread_mutex_unlock(&mutex)
                    spins = 0
                }
                word = claim.load(ordering: .acquiring)
            }
            seen = word >> (2 * Self.countBits)
            workAndReport(generation: seen)
        }
    }

    /// `work` for a worker: it reads the job only after winning a task of it (the
    /// job cannot end while one of its tasks is claimed and unfinished), and counts each task done.
    private func workAndReport(generation: UInt64) {
        var word = claim.load(ordering: .acquiring)
        while word >> (2 * Self.countBits) == generation {
            let next = word & Self.countMask
            let count = (word >> Self.countBits) & Self.countMask
            if next >= count { break }
            let (exchanged, current) = claim.compareExchange(
                expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                if let job, let invoke { invoke(job, Int(next)) }
                completed.add(1, ordering: .releasing)
                word = claim.load(ordering: .acquiring)
            } else {
                word = current
            }
        }
    }

    /// One spin-wait step. (`_mm_pause` is not callable from Swift: clang declares it as an
    /// external builtin, which fails to link; the atomic load of the loop is the only work.)
    @inline(__always)
    private static func pause() {}
}
