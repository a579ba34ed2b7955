import Foundation
import G3Data
import G3TestSupport
import Testing

/// A temporary folder for one test: registry, inputs, outputs. Removed when the test ends.
final class Workspace {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("g3-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    var registry: String { path("registry.sqlite") }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    /// SHA-256 of the registry file (and its WAL, if any): equal before and after means unchanged.
    func registryChecksum() throws -> String {
        let main = try Fingerprint.sha256(file: registry)
        // An empty WAL holds nothing: a read-only reader of a WAL file leaves one, as SQLite does.
        let wal =
            FileManager.default.contents(atPath: registry + "-wal").flatMap {
                $0.isEmpty ? nil : Fingerprint.sha256($0)
            } ?? "none"
        return main + wal
    }

    /// Writes a two-arm rct design (halves, seed 3) with unit id column `id` and `extra` YAML lines.
    func writeTwoArmDesign(_ name: String, id: String, extra: String = "") throws -> String {
        try write(
            name,
            """
            kind: rct
            id: \(id)
            title: a two-arm test design
            units: {id: id}
            arms:
              - {name: control, share: 0.5}
              - {name: g3, share: 0.5}
            seed: 3

            """ + extra)
    }

    /// The demo's rollout in this workspace's registry: designs/g3-rollout-2026.yaml randomized on the
    /// fixture accounts, then each of `outcomes` (files of Fixtures/units) imported; each step must exit 0.
    func randomizeRollout(importing outcomes: [String]) throws {
        let randomize = try CLIRun([
            "randomize", Self.repository("designs/g3-rollout-2026.yaml"), "--units",
            Self.repository("Fixtures/units/g3-accounts.csv"), "--registry", registry
        ])
        #expect(randomize.status == 0, "\(randomize.stderr)")
        for file in outcomes {
            let run = try CLIRun([
                "outcomes", "import", "g3-rollout-2026", "--file", Self.repository("Fixtures/units/\(file)"),
                "--registry",
                registry
            ])
            #expect(run.status == 0, "\(run.stderr)")
        }
    }

    static func repository(_ relative: String) -> String {
        ReferenceTable.repositoryRoot.appendingPathComponent(relative).path
    }
}
