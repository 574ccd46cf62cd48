/// The process exit status: 0 for success, 1 for any error (as ollama's `cobra.CheckErr`).
struct ExitCode: Equatable {
    let rawValue: Int32

    static let success = ExitCode(rawValue: 0)
    static let failure = ExitCode(rawValue: 1)
}
