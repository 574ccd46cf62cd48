#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts a terminal in raw input mode (no line buffering, no echo, no signals from Ctrl-C/Ctrl-Z)
/// and restores the saved settings on `restore()`. Output processing stays on, so `\n` still
/// returns the carriage. Settings change with `TCSANOW`, never `TCSAFLUSH`: keys typed ahead while
/// an answer streams or a command runs (a fast typist, a paste, a test driving a pty) stay queued
/// for the next prompt instead of being discarded.
final class RawMode {
    private let descriptor: Int32
    private var saved = termios()
    private var active = false

    init(descriptor: Int32 = STDIN_FILENO) {
        self.descriptor = descriptor
    }

    /// Enters raw mode; false when the descriptor is not a terminal.
    @discardableResult
    func enable() -> Bool {
        guard !active, tcgetattr(descriptor, &saved) == 0 else { return active }
        var raw = saved
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(descriptor, TCSANOW, &raw) == 0 else { return false }
        active = true
        return true
    }

    /// Restores the settings saved by `enable()`.
    func restore() {
        guard active else { return }
        var settings = saved
        tcsetattr(descriptor, TCSANOW, &settings)
        active = false
    }

    deinit {
        restore()
    }
}
