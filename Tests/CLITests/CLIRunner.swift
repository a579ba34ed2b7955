import Foundation
import Testing

/// Runs the built `g3-design` binary, as a user would, and captures what it prints.
struct CLIRun {
    let stdout: String
    let stderr: String
    let status: Int32

    /// The products folder holding the binary (beside the test bundle on Linux).
    static var binary: URL {
        #if os(macOS)
            let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }!.bundleURL
                .deletingLastPathComponent()
        #else
            let products = Bundle.main.bundleURL
        #endif
        return products.appendingPathComponent("g3-design")
    }

    /// Runs the binary; `environment` adds to (or overrides) this process's variables.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
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

/// Bad input: exactly the sysexits `code`, nothing on stdout, one line on stderr that contains every fragment.
func expectOneLineError(
    _ run: CLIRun, _ fragments: String..., code: Int32, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(run.status == code, "exit \(run.status), stderr: \(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stdout.isEmpty, "stdout: \(run.stdout)", sourceLocation: sourceLocation)
    #expect(run.stderr.hasPrefix("g3-design: error: "), "stderr: \(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stderr.filter(\.isNewline).count == 1, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(run.stderr.contains(fragment), "stderr: \(run.stderr)", sourceLocation: sourceLocation)
    }
}
