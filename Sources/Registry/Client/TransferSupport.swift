import Foundation

/// A thread-safe byte counter.
final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int64 = 0

    func add(_ n: Int64) { lock.withLock { count += n } }
    var value: Int64 { lock.withLock { count } }
}

/// Forwards a progress value at most once per `interval` seconds (always when forced).
final class ProgressThrottle: @unchecked Sendable {
    private let interval: Double
    private let report: @Sendable (Int64) -> Void
    private let lock = NSLock()
    private var last: Double = -.infinity
    private var lastValue: Int64 = -1

    init(interval: Double, report: @escaping @Sendable (Int64) -> Void) {
        self.interval = interval
        self.report = report
    }

    static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    func update(_ value: Int64, force: Bool) {
        let now = Self.now
        let send = lock.withLock { () -> Bool in
            guard value != lastValue, force || now - last >= interval else { return false }
            last = now
            lastValue = value
            return true
        }
        if send { report(value) }
    }
}

/// Aborts a request that received nothing for `timeout` seconds (the "part stalled" case).
final class StallWatchdog: @unchecked Sendable {
    private let timer: any DispatchSourceTimer
    private let lock = NSLock()
    private var lastActivity = ProgressThrottle.now

    init(timeout: Double, control: StreamControl) {
        let period = max(0.05, min(1, timeout / 4))
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now() + period, repeating: period)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            let idle = ProgressThrottle.now - self.lock.withLock { self.lastActivity }
            if idle >= timeout { control.abort(with: RegistryClientError.stalled) }
        }
        timer.resume()
    }

    func touch() { lock.withLock { lastActivity = ProgressThrottle.now } }

    func cancel() { timer.cancel() }

    deinit { timer.cancel() }
}
