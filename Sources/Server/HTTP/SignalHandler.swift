import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a callback on SIGINT/SIGTERM (for `ollama serve` to call `HTTPServer.stop()`).
///
/// Keep the returned object alive for as long as the handling should stay installed.
public final class SignalHandler {
    private let sources: [any DispatchSourceSignal]

    /// Installs the handler; the default action of the signals is disabled while it lives.
    ///
    /// - Parameters:
    ///   - signals: the signals to catch.
    ///   - handler: called on a background queue with the signal number, once per delivery.
    public init(signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping (Int32) -> Void) {
        let queue = DispatchQueue(label: "ollama.signals")
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
