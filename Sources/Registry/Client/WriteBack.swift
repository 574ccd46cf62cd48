import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts the write-back of a file range to disk without waiting (Linux `sync_file_range` with
/// `SYNC_FILE_RANGE_WRITE`), so that the fsync before a blob is published finds little left to do.
/// The symbol is looked up at run time (Swift's Glibc module does not expose it); elsewhere, or if
/// it is missing, this does nothing and the fsync does all the work.
enum WriteBack {
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32

    private static let function: SyncFileRange? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
        #else
        return nil
        #endif
    }()

    /// `SYNC_FILE_RANGE_WRITE` from `<fcntl.h>`.
    private static let write: UInt32 = 2

    static func start(_ fd: Int32, offset: Int64, length: Int64) {
        _ = function?(fd, offset, length, write)
    }
}
