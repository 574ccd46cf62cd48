import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Routes `URLSession` delegate callbacks to the `TaskState` of each task.
///
/// All callbacks arrive on the session's serial delegate queue; the table is also touched by
/// `register` from callers' threads, hence the lock.
final class TransportDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var states: [Int: TaskState] = [:]

    func register(_ task: URLSessionTask, state: TaskState, originalURL: URL?) {
        state.originalHost = originalURL.flatMap(RegistryEndpoint.hostPort(of:))
        state.originalScheme = originalURL?.scheme
        lock.withLock { states[task.taskIdentifier] = state }
    }

    private func state(of task: URLSessionTask) -> TaskState? {
        lock.withLock { states[task.taskIdentifier] }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let state = state(of: dataTask), let http = response as? HTTPURLResponse else {
            completionHandler(.cancel)
            return
        }
        state.response = http
        do {
            try state.onResponse(http)
            completionHandler(.allow)
        } catch {
            state.control.abort(with: error)
            completionHandler(.cancel)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let state = state(of: dataTask), state.control.abortReason == nil else { return }
        do {
            try state.onData(data)
        } catch {
            state.control.abort(with: error)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64,
                    totalBytesSent: Int64, totalBytesExpectedToSend: Int64) {
        state(of: task)?.onSent?(totalBytesSent)
    }

    /// Follows a redirect, but never sends credentials to another host and never drops to http.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        let state = state(of: task)
        guard let url = request.url else { completionHandler(nil); return }
        if state?.originalScheme == "https" && url.scheme != "https" {
            completionHandler(nil)
            return
        }
        var next = request
        if RegistryEndpoint.hostPort(of: url) != state?.originalHost {
            next.setValue(nil, forHTTPHeaderField: "Authorization")
        }
        completionHandler(next)
    }

    /// Hands a `401` with a `WWW-Authenticate: Basic`/`Digest` challenge back to our code as a
    /// plain response instead of letting the URL loading system answer it.
    ///
    /// FoundationNetworking turns such a 401 into an authentication challenge and does not
    /// complete the task: with the default handling and no stored credential it simply never
    /// finishes it (the request then hangs until the stall watchdog aborts it, and the retry sends
    /// the same request again, without end in practice), and a rejected or cancelled challenge
    /// completes it as "cancelled". Our `RegistrySession` answers challenges itself (Basic, Bearer)
    /// and needs to see the 401 and its header, so the challenge's failure response is kept as
    /// the task's response and the task is cancelled; `didCompleteWithError` then delivers that
    /// response. Other challenges (server trust…) keep the system's default handling.
    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        let method = challenge.protectionSpace.authenticationMethod
        guard [NSURLAuthenticationMethodHTTPBasic, NSURLAuthenticationMethodHTTPDigest,
               NSURLAuthenticationMethodDefault].contains(method),
              let failure = challenge.failureResponse as? HTTPURLResponse, let state = state(of: task)
        else {
            completionHandler(.performDefaultHandling, nil)
            return
        }
        state.response = failure
        state.challengeResponse = failure
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let state = lock.withLock({ states.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let reason = state.control.abortReason {
            state.complete(.failure(reason))
        } else if let challenged = state.challengeResponse {
            state.complete(.success(challenged))
        } else if let error {
            state.complete(.failure(RegistryClientError.transport(Self.describe(error))))
        } else if let response = state.response ?? (task.response as? HTTPURLResponse) {
            state.complete(.success(response))
        } else {
            state.complete(.failure(RegistryClientError.transport("no response from registry")))
        }
    }

    /// A short reason for a transport error (URLError codes named, no local paths).
    static func describe(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .cannotConnectToHost: return "connection refused"
            case .timedOut: return "connection timed out"
            case .networkConnectionLost: return "connection lost"
            case .cannotFindHost: return "no such host"
            case .serverCertificateUntrusted, .secureConnectionFailed: return "TLS handshake failed"
            default: return "network error: \(urlError.localizedDescription)"
            }
        }
        return "network error"
    }
}
