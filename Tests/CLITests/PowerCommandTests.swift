import Foundation
import Testing

@Suite struct PowerCommandTests {
    @Test func mediumEffectNeeds64PerArm() throws {
        let run = try CLIRun("power --effect 0.5 --power 0.8")
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(
            run.stdout == """
                Two-sample t test (exact noncentral t), two-sided, alpha = 0.05
                  effect        d = 0.5000
                  power         0.8000
                  n treatment   63.77 → 64 ← solved
                  n control     63.77 → 64
                  n total       128

                """)
    }

    @Test func aLiftIsConvertedToD() throws {
        let run = try CLIRun("power --lift 0.064 --baseline-mean 46313 --cv 2 --power 0.8")
        #expect(run.status == 0)
        #expect(run.stdout.contains("d = 0.0320"))
        #expect(run.stdout.contains("15,330.77 → 15,331"))
    }

    @Test func jsonForScripts() throws {
        let run = try CLIRun("power --n 64 --effect 0.5 --format json")
        #expect(run.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        #expect(abs((json["power"] as! Double) - 0.8014596) < 1e-7)  // pwr.t.test(n=64, d=.5)
        #expect(json["solved_for"] as? String == "power")
    }

    @Test func minimumDetectableEffectInDollars() throws {
        let run = try CLIRun("power --n 234 --baseline-mean 46313 --cv 2 --power 0.8 --format json")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        #expect(abs((json["effect_d"] as! Double) - 0.259541627) < 1e-6)  // pwr.t.test(n=234, power=.8)
        #expect(abs((json["mde_natural"] as! Double) - 0.259541627 * 92626) < 0.1)
        #expect(abs((json["lift"] as! Double) - 0.519083254) < 1e-6)
    }

    @Test func writesTheCurve() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("g3-curve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("curve.csv").path
        let svg = folder.appendingPathComponent("curve.svg").path
        #expect(try CLIRun("power --effect 0.5 --power 0.8 --curve \(csv) --curve-points 11").status == 0)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "n_treatment,power")
        #expect(lines.count == 12)
        #expect(try CLIRun("power --n 50 --effect 0.5 --curve \(svg)").status == 0)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("80% power"))
    }

    /// Bad input: one line on stderr naming the flag and the valid range, non-zero exit, nothing on stdout.
    @Test(arguments: [
        ("power --effect 0.5 --power 0.8 --alpha 1.5", "--alpha must be a number in (0, 1), got 1.5"),
        ("power --effect 0.5 --power 0.8 --alpha 0", "--alpha must be a number in (0, 1), got 0"),
        ("power --effect 0.5 --power 0.03", "--power must be a number in (alpha, 1) = (0.05, 1), got 0.03"),
        ("power --effect 0.5 --power 1", "--power must be a number in (alpha, 1) = (0.05, 1), got 1"),
        ("power --effect 0.5 --n 1", "--n must be a number from 2 to 10¹⁰ per arm, got 1"),
        ("power --effect 0.5 --power 0.8 --icc 1 --cluster-size 10", "--icc must be a number in [0, 1), got 1"),
        ("power --effect 0.5 --power 0.8 --icc=-0.1 --cluster-size 10", "--icc must be a number in [0, 1), got -0.1"),
        (
            "power --effect 0.5 --power 0.8 --n 100",
            "--n, --power and the effect are all given: leave out the one to solve for"
        ),
        (
            "power --effect 0.5",
            "give two of --n, --power and an effect (--effect, --lift, --diff or --p-treatment); the third is solved for"
        ),
        (
            "power --power 0.8",
            "give two of --n, --power and an effect (--effect, --lift, --diff or --p-treatment); the third is solved for"
        ),
        (
            "power --effect 0.5 --lift 0.1 --baseline-mean 10 --cv 2 --power 0.8",
            "--effect and --lift are two forms of the effect: give one"
        ),
        ("power --effect 0.5 --sd 3 --power 0.8", "--effect and --diff/--sd describe the effect in two ways: use one"),
        (
            "power --lift 0.1 --baseline-mean 10 --cv 2 --baseline-sd 20 --power 0.8",
            "--cv and --baseline-sd both give the spread: use one"
        ),
        ("power --lift 0.1 --cv 2 --power 0.8", "--lift, --cv and --baseline-sd need --baseline-mean"),
        ("power --diff 3 --power 0.8", "--diff needs --sd (the outcome's standard deviation)"),
        ("power --p-control 1.2 --p-treatment 0.5 --power 0.8", "--p-control must be a proportion in (0, 1), got 1.2"),
        ("power --effect 0.5 --power 0.8 --sides 3", "--sides must be 1 or 2, got 3"),
        ("power --effect 0.5 --power 0.8 --r2 1", "--r2 must be a number in [0, 1), got 1"),
        (
            "power --effect 0.5 --power 0.8 --takeup-treatment 0.3 --takeup-control 0.5",
            "--takeup-control must be a number in [0, take-up among the treated), got 0.5"
        ),
        ("power --effect 0.5 --power 0.8 --alpha abc", "The value 'abc' is invalid for '--alpha <alpha>'")
    ])
    func badInputIsOneLineAndNoOutput(arguments: String, message: String) throws {
        let run = try CLIRun(arguments)
        #expect(run.status == 64, "exit \(run.status): every bad power flag is a usage error")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("g3-design: error: \(message)"), "stderr was: \(run.stderr)")
        #expect(run.stderr.filter(\.isNewline).count == 1)
    }

    @Test func noSolutionSaysWhy() throws {
        let run = try CLIRun("power --effect 40 --power 0.8")
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("g3-design: error: no solution: the effect is so large"))
    }

    @Test func helpAndVersion() throws {
        let help = try CLIRun("--help")
        #expect(help.status == 0)
        #expect(
            help.stdout.contains("power") && help.stdout.contains("Power, sample size or minimum detectable effect"))
        let version = try CLIRun("--version")
        #expect(version.stdout == "0.1.0\n")
    }
}
