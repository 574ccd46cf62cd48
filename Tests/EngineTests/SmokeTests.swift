import Testing
import TestSupport

@Test func packageRootIsFound() {
    #expect(FileManagerCheck.exists(TestPaths.packageRoot.appendingPathComponent("Package.swift").path))
}
