#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Set by SIGINT while an answer streams (the terminal is in cooked mode then, so Ctrl-C is a signal).
private let interrupted = Atomic<Bool>(false)

/// Catches Ctrl-C as a flag instead of ending the process, for the REPL.
enum InterruptFlag {
    /// Installs the SIGINT handler (without SA_RESTART, so a blocked read returns EINTR).
    static func install() {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in interrupted.store(true, ordering: .relaxed) }
        #else
        action.__sigaction_u.__sa_handler = { _ in interrupted.store(true, ordering: .relaxed) }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Clears the flag (before an answer starts).
    static func reset() { interrupted.store(false, ordering: .relaxed) }

    /// Whether Ctrl-C was pressed since `reset()`.
    static var isSet: Bool { interrupted.load(ordering: .relaxed) }
}
