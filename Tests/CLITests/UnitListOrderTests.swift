import Foundation
import PropertyBased
import Testing

/// Issue 17, item 5: `randomize` reads its units with the typed reader. On generated units files
/// (repeated and missing ids, missing and text strata, hostile numbers in the covariate and the
/// eligibility columns, an unread column of anything) every run exits 0 or 65, an error is one line,
/// and a file that randomizes gives the same JSON with its rows in another order: the units, their
/// hashes and the assignment do not depend on the file's order.
@Suite struct UnitListOrderTests {
    static let hostileIDs = ["", "NA", " acct-7 ", "é", "acct-7"]
    static let strata = ["SMB", "MM", "ENT", "", "NA", "\"MM\""]
    static let numbers = ["1", "2.5", "-3", "12", "400.25", "\"1,234.50\"", "", "NULL", "x", "1e400", "\"1,234\""]
    static let notes = ["", "\u{00E9}t\u{00E9}", "\"a,b\"", "n/a", "1e999"]

    /// Rows of (id, stratum, revenue, security revenue, note): ids from a thousand (a repeat now and
    /// then) and a hostile one 1 time in 50, a hostile stratum 1 time in 40, plain numbers 19 times in 20.
    static let file = Gen.int(in: 0...999).array(of: 5).array(of: 4...30).map { rows -> [String] in
        rows.map { r in
            let number = { (k: Int) in r[k] % 20 == 0 ? Self.numbers[r[k] / 20 % Self.numbers.count] : "\(r[k] % 97)" }
            return [
                r[0] % 50 == 0 ? Self.hostileIDs[r[0] / 50 % 5] : "acct-\(r[0])",
                Self.strata[r[1] % 40 == 0 ? r[1] / 40 % 6 : r[1] % 3],
                number(2), number(3), Self.notes[r[4] % Self.notes.count]
            ].joined(separator: ",")
        }
    }

    @Test func randomizingDoesNotDependOnTheRowOrder() throws {
        let w = try Workspace()
        try HostileInputTests.writeUnitsDesign(w)
        let header = "sfdc_customer_id,sub_segment,ttl_sls_rev,ttl_security_rev,note\n"
        var rng = Xoshiro(seed: (17, 12, 1, 9))
        var randomized = 0
        var refused = 0
        for index in 0..<80 {
            let rows = Self.file.run(using: &rng)
            let file = try w.write("u\(index).csv", header + rows.joined(separator: "\n") + "\n")
            let run = try CLIRun(["randomize", w.path("units.yaml"), "--units", file, "--dry-run", "--format", "json"])
            #expect([0, 65].contains(run.status), "exit \(run.status): \(run.stderr.prefix(300))")
            guard run.status == 0 else {
                expectOneLineError(run, code: 65)
                refused += 1
                continue
            }
            randomized += 1
            let reversed = try w.write("r\(index).csv", header + rows.reversed().joined(separator: "\n") + "\n")
            let again = try CLIRun([
                "randomize", w.path("units.yaml"), "--units", reversed, "--dry-run", "--format", "json"
            ])
            #expect(again.status == 0 && again.stdout == run.stdout, "\(again.stderr.prefix(300))")
            #expect(!run.stdout.lowercased().contains("nan") && !run.stdout.contains("inf"))
        }
        #expect(randomized > 15 && refused > 15, "\(randomized) randomized, \(refused) refused")
    }
}
