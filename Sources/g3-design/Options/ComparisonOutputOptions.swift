import ArgumentParser

/// How `compare` and `example nsw` print the comparison, and where the forest plot goes.
struct ComparisonOutputOptions: ParsableArguments {
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @Option(help: "Write the forest plot (SVG) to this file.") var chart: String?
}
