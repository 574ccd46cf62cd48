extension Modelfile {
    /// Validates a `REQUIRES` value as ollama does (golang.org/x/mod/semver after adding a `v`
    /// prefix) and returns it without the `v`: `0.14` → `0.14`, `v0.14.0-rc1` → `0.14.0-rc1`.
    /// - Throws: `RegistryError.invalidRequires` (`requires must be a valid semver (e.g. 0.14.0)`).
    public static func normalizedRequires(_ value: String) throws -> String {
        let version = value.hasPrefix("v") ? String(value.dropFirst()) : value
        guard isSemver(version) else { throw RegistryError.invalidRequires(value) }
        return version
    }

    /// `MAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]`, numbers without leading zeros.
    static func isSemver(_ s: String) -> Bool {
        var rest = Substring(s)
        var build: Substring?
        var prerelease: Substring?
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...]
            rest = rest[..<plus]
        }
        if let dash = rest.firstIndex(of: "-") {
            prerelease = rest[rest.index(after: dash)...]
            rest = rest[..<dash]
        }
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(numbers.count), numbers.allSatisfy(isNumber) else { return false }
        if prerelease != nil || build != nil, numbers.count != 3 { return false }
        if let prerelease {
            let ids = prerelease.split(separator: ".", omittingEmptySubsequences: false)
            guard ids.allSatisfy({ isIdentifier($0) && (!$0.allSatisfy(\.isASCIIDigit) || isNumber($0)) }) else { return false }
        }
        if let build {
            guard build.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isIdentifier) else { return false }
        }
        return true
    }

    private static func isNumber(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.allSatisfy(\.isASCIIDigit) else { return false }
        return s == "0" || s.first != "0"
    }

    private static func isIdentifier(_ s: Substring) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
