import ArgumentParser
import G3Data
import G3Design
import G3Observational
import G3Report
import G3Stats

extension Diagnose {
    /// `diagnose --history`: the flags that go with it, and none of the simulated panel's.
    func validateHistory() throws {
        guard !designs.isEmpty else {
            throw ValidationError("--history needs at least one --design (a randomized design file) to simulate")
        }
        let ignored = simulation.changedFlags + (exact == nil ? [] : ["--exact"])
        guard ignored.isEmpty else {
            throw ValidationError(
                "\(ignored.joined(separator: ", ")) set the simulated panel; with --history the accounts come from the history"
            )
        }
        guard historyOptions.cluster == nil else {
            throw ValidationError("--cluster is for power --history; diagnose --history takes the design's strata")
        }
        guard (lift == nil) != (diff == nil) else {
            throw ValidationError("--history takes the effect as --lift (relative) or --diff (additive), one of them")
        }
        if let lift, !(lift > -1 && lift <= 100) {
            throw ValidationError("--lift must be a number in (-1, 100], got \(lift)")
        }
        if let diff, !diff.isFinite || abs(diff) > 1e150 {
            throw ValidationError("--diff must be a finite number, got \(diff)")
        }
        if let accounts, !(4...5_000_000).contains(accounts) {
            throw ValidationError("--accounts must be a whole number in [4, 5000000], got \(accounts)")
        }
        try historyOptions.validateWindow()
    }

    func runHistory(path: String) throws {
        let h = historyOptions
        let metric = h.metric ?? SeedSchema.securityRevenue
        let files = try designs.map { try Self.randomizedDesign($0) }
        let lin = files.map { file in
            h.covariates.map(columnList) ?? nonEmpty(file.design.analysis?.covariates) ?? [metric]
        }
        let columns = zip(files, lin).map { DesignAccounts.columns($0.design, linCovariates: $1) }
        let input = try HistoryInput(
            options: h, path: path, metric: metric, covariateNames: uniqueInOrder(columns.flatMap(\.numeric)),
            labels: uniqueInOrder(columns.flatMap(\.text)))
        var settings = DesignSimulation.Settings()
        settings.replications = replications ?? 1_000
        settings.seed = seed
        settings.accounts = accounts
        settings.effect = lift.map { .multiplicative($0) } ?? .additive(diff ?? 0)
        settings.level = level ?? files[0].design.analysis.map { 1 - $0.alpha } ?? 0.95
        let bar = ProgressBar(total: settings.replications * files.count, label: "diagnose")
        let documents = try zip(files, lin).map { file, covariates in
            try simulate(file, input: input, path: path, linCovariates: covariates, settings: settings) { _ in
                bar.advance()
            }
        }
        bar.finish()
        if input.leftOut > 0 {
            warn(
                "\(input.leftOut) accounts without \(metric) in every month of \(input.window.first) to \(input.window.last), or without a baseline value of a design column, are left out"
            )
        }
        let document = DesignSimulationDocument(
            history: path, metric: metric, window: input.window, months: (h.baselineMonths, h.followUpMonths),
            settings: settings, designs: documents)
        try printHistory(document)
    }

    /// A design file that `diagnose --history` can simulate: randomized, two arms.
    static func randomizedDesign(_ path: String) throws -> DesignFile {
        let file = try DesignFile(path: path)
        guard file.design.kind == .rct else {
            throw DesignFileError(
                "\(path): diagnose --history simulates randomized (kind: rct) designs; '\(file.design.id)' is \(file.design.kind.rawValue)"
            )
        }
        guard file.design.arms.count == 2 else {
            throw DesignFileError(
                "\(path): diagnose --history compares two arms; '\(file.design.id)' has \(file.design.arms.count)")
        }
        return file
    }

    func simulate(
        _ file: DesignFile, input: HistoryInput, path: String, linCovariates: [String],
        settings: DesignSimulation.Settings, progress: @escaping @Sendable (Int) -> Void
    ) throws -> DesignSimulationDocument.Design {
        let design = file.design
        let pool = try DesignAccounts(
            input, design: design, path: path, linCovariates: linCovariates,
            baselineMonths: historyOptions.baselineMonths)
        let randomizer = try StratifiedRandomizer(arms: design.arms, rerandomization: design.rerandomization?.rule)
        var simulation = try DesignSimulation(
            accounts: pool.accounts, randomizer: randomizer, settings: settings, progress: progress)
        let shaping = [
            pool.accounts.stratumNames.count > 1 ? "strata" : nil,
            design.rerandomization != nil ? "re-randomization" : nil
        ].compactMap { $0 }
        try simulation.compare(with: pool.history, shaping: shaping.isEmpty ? nil : shaping.joined(separator: " and "))
        return DesignSimulationDocument.Design(
            id: design.id, path: file.path, acceptance: design.rerandomization?.rule.acceptanceProbability,
            covariates: linCovariates, counts: (pool.excluded, pool.withoutStratum), accounts: pool.accounts,
            history: pool.history, simulation: simulation)
    }

    func printHistory(_ document: DesignSimulationDocument) throws {
        switch format {
        case .table: print(document.table(), terminator: "")
        case .json: print(try jsonText(document), terminator: "")
        case .csv:
            for diagnostic in document.designs.flatMap({ $0.estimators.flatMap(\.diagnostics) }) { warn(diagnostic) }
            print(try csvText(document.designs.flatMap(\.estimators)), terminator: "")
        }
    }
}

/// The list, or nil when it is nil or empty.
private func nonEmpty(_ list: [String]?) -> [String]? {
    guard let list, !list.isEmpty else { return nil }
    return list
}
