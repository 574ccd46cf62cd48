#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats the `Date` header (`Mon, 02 Jan 2006 15:04:05 GMT`), re-rendering at most once a second.
///
/// One instance per connection, so no locking is needed.
package final class HTTPDateCache {
    private var second = -1
    private var cached: [UInt8] = []

    package init() {}

    /// The current date as header-value bytes.
    package func current() -> [UInt8] {
        let now = time(nil)
        if Int(now) == second { return cached }
        second = Int(now)
        var t = now
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(days[Int(parts.tm_wday) % 7]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon) % 12]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        cached = Array(text.utf8)
        return cached
    }
}
