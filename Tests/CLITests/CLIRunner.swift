import Foundation

/// Runs the built `g3-design` binary, as a user would, and captures what it prints.
struct CLIRun {
    let stdout: String
    let stderr: String
    let status: Int32

    /// The products folder holding the binary (beside the test bundle on Linux).
    static var binary: URL {
        #if os(macOS)
        let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }!.bundleURL.deletingLastPathComponent()
        #else
        let products = Bundle.main.bundleURL
        #endif
        return products.appendingPathComponent("g3-design")
    }

    init(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData, as: UTF8.self)
        status = process.terminationStatus
    }

    init(_ line: String) throws { try self.init(line.split(separator: " ").map(String.init)) }
}
