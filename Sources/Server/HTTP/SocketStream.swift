#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered reader and unbuffered writer over one connected socket (server or client side).
///
/// Reads fill an owned buffer (`capacity` bytes) with `recv`, waiting with `poll` so every read
/// has a deadline and can optionally be interrupted by the server's wake pipe. Not thread-safe:
/// one connection belongs to one thread.
package final class SocketStream {
    /// The connected socket.
    package let fd: Int32
    /// Read end of a pipe that becomes readable when the owner shuts down (`-1` for none).
    package let wakeFD: Int32
    /// The receive buffer, `capacity` bytes; valid data is `start..<end`.
    package let storage: UnsafeMutablePointer<UInt8>
    package let capacity: Int
    package var start = 0
    package var end = 0

    package init(fd: Int32, wakeFD: Int32 = -1, capacity: Int = 64 * 1024) {
        self.fd = fd
        self.wakeFD = wakeFD
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
    }

    /// Number of buffered, unconsumed bytes.
    package var buffered: Int { end - start }

    /// The buffered bytes.
    package var bufferedBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage + start, count: end - start)
    }

    /// Marks `count` buffered bytes as consumed.
    package func consume(_ count: Int) {
        precondition(count <= buffered, "consuming more than is buffered")
        start += count
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Reads more bytes into the buffer.
    ///
    /// - Parameters:
    ///   - deadline: monotonic milliseconds after which `SocketError.timedOut` is thrown (`nil` = none).
    ///   - interruptible: whether a readable wake pipe aborts the wait with `.shuttingDown`.
    /// - Returns: the number of new bytes; `0` means the peer closed its side (EOF).
    /// - Throws: `SocketError`; a full buffer is a programmer error (check `buffered` first).
    @discardableResult
    package func fill(deadline: Int?, interruptible: Bool = false) throws -> Int {
        if end == capacity, start > 0 {
            let count = end - start
            (storage).update(from: storage + start, count: count)
            start = 0
            end = count
        }
        precondition(end < capacity, "SocketStream buffer full")
        try waitReadable(deadline: deadline, interruptible: interruptible)
        while true {
            let n = recv(fd, storage + end, capacity - end, 0)
            if n >= 0 {
                end += n
                return n
            }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                try waitReadable(deadline: deadline, interruptible: interruptible)
                continue
            }
            throw SocketError.lastError("recv")
        }
    }

    /// Blocks until the socket is readable, the deadline passes, or (if `interruptible`) the wake pipe fires.
    package func waitReadable(deadline: Int?, interruptible: Bool) throws {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        let count: nfds_t = interruptible && wakeFD >= 0 ? 2 : 1
        while true {
            var timeout: Int32 = -1
            if let deadline {
                let remaining = deadline - monotonicMilliseconds()
                if remaining <= 0 { throw SocketError.timedOut }
                timeout = Int32(clamping: remaining)
            }
            let ready = poll(&fds, count, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                throw SocketError.lastError("poll")
            }
            if ready == 0 { continue }  // re-check the deadline
            if count == 2, fds[1].revents != 0 { throw SocketError.shuttingDown }
            if fds[0].revents != 0 { return }
        }
    }

    /// Writes all of `bytes`, waiting up to `timeoutMilliseconds` for send-buffer space each time.
    ///
    /// - Throws: `SocketError.closed` when the peer went away, `.timedOut` when it stopped reading.
    package func write(_ bytes: UnsafeRawBufferPointer, timeoutMilliseconds: Int32 = 300_000) throws {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = send(fd, pointer, remaining, Int32(MSG_NOSIGNAL))
            if n > 0 {
                pointer += n
                remaining -= n
                continue
            }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&pfd, 1, timeoutMilliseconds)
                if ready == 0 { throw SocketError.timedOut }
                continue
            }
            throw SocketError.lastError("send")
        }
    }

    /// Writes an array of bytes.
    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Whether the peer is still connected, checked without blocking or consuming data.
    ///
    /// A readable socket whose `recv(MSG_PEEK)` returns 0 (FIN) or an error (RST) is dead;
    /// pending bytes (a pipelined request) count as alive.
    package func peerIsConnected() -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, 0)
        if ready <= 0 { return true }
        if pfd.revents & Int16(POLLERR | POLLHUP) != 0 { return false }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if n > 0 { return true }
        if n < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return true }
        return false
    }
}
