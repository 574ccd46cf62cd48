import Foundation

/// Where `/api/create` statuses go: held back while the request is still being validated (so a
/// bad request gets its own status code), then streamed as NDJSON once a long step starts
/// (converting, quantizing) and for the rest of the build. With `stream: false` nothing is
/// written until the final status.
final class CreateStatusSink {
    let response: HTTPResponseWriter?
    let streaming: Bool
    private(set) var held: [ProgressResponse] = []
    private(set) var live = false

    init(response: HTTPResponseWriter?, streaming: Bool) {
        self.response = response
        self.streaming = streaming
    }

    /// Reports a status: written now when live, else held.
    func send(_ status: ProgressResponse) throws {
        guard live, streaming, let response else {
            held.append(status)
            return
        }
        try response.writeAPILine(status)
    }

    func send(_ status: String) throws { try send(ProgressResponse(status: status)) }

    /// Starts streaming: sends the held statuses. Validation is over from here on.
    func goLive() throws {
        guard !live else { return }
        live = true
        guard streaming, let response else { return }
        try response.startNDJSON()
        let pending = held
        held = []
        for status in pending { try response.writeAPILine(status) }
    }
}
