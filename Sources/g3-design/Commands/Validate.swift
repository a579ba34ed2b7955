import Foundation
import ArgumentParser

/// `g3-design validate FILE…`: checks design files.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Check design files (rct, encouragement, observational): keys, allowed values, arm shares, power targets.",
        discussion:
            "Prints one line per file. Exits 65 when any file has an error; each error names the file, line and key.")

    @Argument(help: "Design files (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one design file, e.g. designs/g3-rollout-2026.yaml") }
    }

    func run() throws {
        var failures = 0
        for file in files {
            do {
                let yaml = try YAMLObject(contentsOf: file)
                if yaml["kind"]?.scalar?.string == "observational" {
                    let design = try ObservationalDesign(yaml)
                    print(
                        "\(file): ok (observational '\(design.id)', outcomes \(design.choices.outcomes.joined(separator: ", ")), matching on the \(design.choices.matching.spec.distance.rawValue) score)"
                    )
                    continue
                }
                let design = try DesignFile(path: file).design
                print(
                    "\(file): ok (\(design.kind.rawValue) '\(design.id)', arms \(design.arms.map { "\($0.name) \($0.share)" }.joined(separator: " / ")), strata \(design.strata.isEmpty ? "none" : design.strata.joined(separator: " × ")))"
                )
            } catch {
                failures += 1
                print("g3-design: error: \(error)", to: &standardError)
            }
        }
        if failures > 0 { throw ExitCode(65) }
    }
}

/// Standard error as a TextOutputStream, for `print(…, to: &standardError)`.
nonisolated(unsafe) var standardError = StandardError()
