import Foundation
import Testing

/// Issue 15: refactors (typed results, steps) must leave the outputs as they were. Each golden file is
/// the exact stdout of the command beside it; a deliberate, documented key change regenerates them with
/// `G3_UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests` and says so in the commit. The outputs
/// of schema 1 (Fixtures/golden/schema1, before typed results) stay, and the same outputs must equal
/// them apart from the documented changes of schema 2 (`SchemaChanges`, docs/json.md).
@Suite struct GoldenOutputTests {
    static let cases: [(file: String, arguments: [String])] = [
        (
            "analyze-panel.json",
            [
                "analyze", "--data", Workspace.repository("Fixtures/panel/g3-panel-small.csv"), "--format", "json",
                "--bootstrap", "200", "--placebo-draws", "20"
            ]
        ),
        (
            "analyze-panel-winsorize-replace.json",
            [
                "analyze", "--data", Workspace.repository("Fixtures/panel/g3-panel-small.csv"), "--format", "json",
                "--bootstrap", "0", "--placebo-draws", "10", "--outliers", "winsorize", "--replace"
            ]
        ),
        (
            "match-lalonde.json",
            [
                "match", "--data", Workspace.repository("Fixtures/lalonde/lalonde.csv"), "--treatment", "treat",
                "--outcome", "re78",
                "--covariates", "age,educ,race,married,nodegree,re74,re75", "--bootstrap", "200", "--format", "json"
            ]
        )
    ]

    @Test(arguments: cases.map(\.file))
    func outputsAreAsBefore(file: String) throws {
        let arguments = try #require(Self.cases.first { $0.file == file }).arguments
        let run = try CLIRun(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let path = Workspace.repository("Fixtures/golden/\(file)")
        if ProcessInfo.processInfo.environment["G3_UPDATE_GOLDEN"] == "1" {
            try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(run.stdout == golden, "\(file) differs from the golden output; see Fixtures/golden/README.md")
        try expectOnlyDocumentedChanges(file, run.stdout)
    }

    /// `stdout` against the schema-1 output of the same command: the same numbers and texts, with only
    /// the key changes docs/json.md lists.
    func expectOnlyDocumentedChanges(_ file: String, _ stdout: String) throws {
        let before = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Workspace.repository("Fixtures/golden/schema1/\(file)"))))
        let now = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        let differences = SchemaChanges.differences(SchemaChanges.upgrade(before), now)
        #expect(differences.isEmpty, "\(file): \(differences.prefix(10).joined(separator: "; "))")
    }

    /// example nsw into a fresh registry: the stored comparison, as JSON.
    @Test func exampleNSWIsAsBefore() throws {
        let w = try Workspace()
        let run = try CLIRun(["example", "nsw", "--registry", w.registry, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let path = Workspace.repository("Fixtures/golden/example-nsw.json")
        if ProcessInfo.processInfo.environment["G3_UPDATE_GOLDEN"] == "1" {
            try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(
            run.stdout == (try String(contentsOfFile: path, encoding: .utf8)),
            "example nsw differs from its golden output")
        try expectOnlyDocumentedChanges("example-nsw.json", run.stdout)
    }
}
