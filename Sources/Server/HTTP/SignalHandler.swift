import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the self-pipe the C signal handler reports into (`-1` when none is installed).
private var signalPipeWriteFD: Int32 = -1

/// Runs a callback on SIGINT/SIGTERM (for `ollama serve` to call `HTTPServer.stop()`).
///
/// A `sigaction` handler writes the signal number into a pipe (async-signal-safe); a background
/// thread reads it and calls the callback, so the callback may do anything. One instance at a
/// time; keep it alive for as long as the handling should stay installed.
public final class SignalHandler {
    private let signals: [Int32]
    private let readFD: Int32
    private let writeFD: Int32

    /// Installs the handler.
    ///
    /// - Parameters:
    ///   - signals: the signals to catch.
    ///   - handler: called on a background thread with the signal number, once per delivery.
    /// - Throws: `HTTPServerError.signalSetupFailed` when no pipe can be created.
    public init(signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping (Int32) -> Void) throws {
        precondition(signalPipeWriteFD < 0, "only one SignalHandler may be installed at a time")
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw HTTPServerError.signalSetupFailed(String(cString: strerror(errno))) }
        readFD = fds[0]
        writeFD = fds[1]
        self.signals = signals
        _ = fcntl(readFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK)
        signalPipeWriteFD = writeFD

        let reader = readFD
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let n = read(reader, &byte, 1)
                if n < 0, errno == EINTR { continue }
                guard n == 1 else { break }
                handler(Int32(byte))
            }
            close(reader)
        }
        thread.name = "signal-handler"
        thread.start()

        for number in signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteFD, &byte, 1)
            }
            #else
            action.__sigaction_u.__sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteFD, &byte, 1)
            }
            #endif
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        // A parent may have started us with these signals blocked (a child inherits the mask of
        // the thread that spawned it, e.g. a Swift concurrency thread): unblock them, or they
        // would never be delivered.
        var mask = sigset_t()
        sigemptyset(&mask)
        for number in signals { sigaddset(&mask, number) }
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    }

    /// Restores the default actions and stops the reader thread.
    deinit {
        for number in signals { signal(number, SIG_DFL) }
        signalPipeWriteFD = -1
        close(writeFD)
    }
}
