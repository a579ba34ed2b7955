import ArgumentParser
import Foundation

/// The root command. Subcommands are small types, one per file.
struct G3DesignCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "g3-design",
        abstract: "Design and evaluate a customer program (G3) with honest numbers.",
        discussion: """
            Design side: power and sample size, design files, stratified randomization. Evaluation \
            side: propensity score matching (`match`), the observational analysis of a customer-month \
            panel (`analyze`), difference-in-differences on any panel (`did`), and the arms of a \
            randomized experiment (`rct analyze`). The registry (SQLite) records experiments, \
            outcomes, take-up and estimates. See README.md and docs/commands/.
            """,
        version: version,
        subcommands: [
            Power.self, Validate.self, Randomize.self, Outcomes.self, Takeup.self, RCT.self, Match.self, Analyze.self,
            DiD.self, IV.self, Simulate.self, Diagnose.self, Compare.self, Report.self, Engagements.self, ROI.self,
            Example.self, RegistryCommand.self
        ])
}

@main
enum Main {
    /// Runs the command; every failure is one line on stderr and a non-zero exit, never a trace.
    static func main() {
        reuseFreedMemory()
        do {
            var command = try G3DesignCommand.parseAsRoot(
                joiningNegativeValues(Array(CommandLine.arguments.dropFirst())))
            try command.run()
            try flushStandardOutput()
        } catch {
            // --help and --version.
            if G3DesignCommand.exitCode(for: error) == .success { G3DesignCommand.exit(withError: error) }
            let oneLine = (ErrorText.message(for: error) ?? G3DesignCommand.message(for: error)).split(
                whereSeparator: \.isNewline
            ).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            .filter { !$0.isEmpty }.joined(separator: " ")
            if !oneLine.isEmpty { FileHandle.standardError.write(Data("g3-design: error: \(oneLine)\n".utf8)) }
            exit(ExitStatus.code(for: error))
        }
    }
}

/// `--effect -0.1` as `--effect=-0.1`: argument-parser reads a token that starts with "-" as a flag,
/// so a negative number after an option would be "Missing value". No g3-design flag or argument
/// looks like a number, so the join is unambiguous.
func joiningNegativeValues(_ arguments: [String]) -> [String] {
    var joined: [String] = []
    var i = 0
    while i < arguments.count {
        let token = arguments[i]
        if token.hasPrefix("--"), !token.contains("="), i + 1 < arguments.count,
            arguments[i + 1].hasPrefix("-"), Double(arguments[i + 1]) != nil
        {
            joined.append("\(token)=\(arguments[i + 1])")
            i += 2
        } else {
            joined.append(token)
            i += 1
        }
    }
    return joined
}
