/// The version this build reports in `/api/version` and `ollama --version`.
public enum ServerInfo {
    public static let version = "0.33.0"
}
