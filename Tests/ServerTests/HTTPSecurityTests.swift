import Foundation
import Server
import Testing

/// The DNS-rebinding guard and the CORS policy, as units and over the socket.
@Suite struct HTTPSecurityTests {
    private static func routes(_ router: Router) {
        router.get("/api/version") { _, response in
            try response.send(.ok, contentType: "application/json", body: "{\"version\":\"0.33.0\"}")
        }
    }

    private func status(_ server: TestServer, _ request: String) throws -> RawResponse {
        let connection = try server.raw()
        try connection.send(request)
        return try connection.readResponse()
    }

    @Test(arguments: [
        ("localhost:11434", true), ("127.0.0.1", true), ("127.0.0.1:11434", true), ("[::1]:11434", true),
        ("", true), ("0.0.0.0:11434", true), ("192.168.1.20", true), ("10.1.2.3:80", true), ("172.16.0.1", true),
        ("app.localhost", true), ("printer.local:631", true), ("host.docker.internal:11434", true), ("LOCALHOST", true),
        ("[fd00::1]:1", true), ("evil.com", false), ("evil.com:11434", false), ("8.8.8.8", false),
        ("172.32.0.1", false), ("localhost.evil.com", false), ("[2001:db8::1]:11434", false),
    ])
    func hostGuardOnLoopback(host: String, allowed: Bool) {
        let guardrail = HostGuard(isEnabled: true, hostname: "my-box", interfaceAddresses: [])
        #expect(guardrail.allows(hostHeader: host) == allowed)
    }

    @Test func hostGuardAllowsTheHostnameAndIsOffForNonLoopbackListeners() {
        let guardrail = HostGuard(isEnabled: true, hostname: "My-Box", interfaceAddresses: [])
        #expect(guardrail.allows(hostHeader: "my-box:11434"))
        #expect(HostGuard(isEnabled: false).allows(hostHeader: "evil.com"))
    }

    @Test func nonLocalHostGets403OverTheSocket() throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        #expect(try status(server, "GET /api/version HTTP/1.1\r\nHost: evil.com\r\n\r\n").status == 403)
        #expect(try status(server, "GET /api/nothing HTTP/1.1\r\nHost: evil.com:11434\r\n\r\n").status == 403)
        #expect(try status(server, "GET /api/version HTTP/1.1\r\nHost: localhost:11434\r\n\r\n").status == 200)
        #expect(try status(server, "GET /api/version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").status == 200)
        #expect(try status(server, "OPTIONS /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n").status == 204)
    }

    @Test(arguments: [
        ("http://localhost", true), ("http://localhost:3000", true), ("https://127.0.0.1:8443", true),
        ("http://0.0.0.0:1", true), ("app://obsidian.md", true), ("file://", true), ("tauri://localhost", true),
        ("vscode-webview://abc", true), ("chrome-extension://abcdef", true), ("https://chat.example.org", true),
        ("https://evil.example", false), ("http://localhost.evil.com", false), ("http://127.0.0.2", false),
        ("https://example.org", false), ("null", false),
    ])
    func corsOrigins(origin: String, allowed: Bool) {
        let policy = CORSPolicy(configuredOrigins: ["https://*.example.org"])
        #expect(policy.allows(origin: origin) == allowed)
    }

    @Test func corsPreflightFromAllowedAndDisallowedOrigins() throws {
        let server = try TestServer(configure: { $0.allowedOrigins = ["https://ui.example.org"] }, routes: Self.routes)
        defer { server.stop() }
        let preflight = "OPTIONS /api/chat HTTP/1.1\r\nHost: localhost:11434\r\nAccess-Control-Request-Method: POST\r\n"
            + "Access-Control-Request-Headers: content-type\r\n"
        let allowed = try status(server, preflight + "Origin: http://localhost:5173\r\n\r\n")
        #expect(allowed.status == 204)
        #expect(allowed.headers["Access-Control-Allow-Origin"] == "http://localhost:5173")
        #expect(allowed.headers["Access-Control-Allow-Methods"]?.contains("POST") == true)
        #expect(allowed.headers["Access-Control-Allow-Headers"]?.contains("x-stainless-*") == true)

        let configured = try status(server, preflight + "Origin: https://ui.example.org\r\n\r\n")
        #expect(configured.status == 204)

        let denied = try status(server, preflight + "Origin: https://evil.example\r\n\r\n")
        #expect(denied.status == 403)
        #expect(denied.headers["Access-Control-Allow-Origin"] == nil)

        let simple = try status(server, "GET /api/version HTTP/1.1\r\nHost: localhost\r\nOrigin: app://x\r\n\r\n")
        #expect(simple.status == 200)
        #expect(simple.headers["Access-Control-Allow-Origin"] == "app://x")
        let simpleDenied = try status(server, "GET /api/version HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\n\r\n")
        #expect(simpleDenied.status == 403)
    }
}
