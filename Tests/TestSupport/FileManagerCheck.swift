import Foundation

/// Small file-system predicates shared by the tests.
public enum FileManagerCheck {
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
