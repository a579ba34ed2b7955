import G3Stats

extension DesignSimulationDocument {
    /// The designs side by side for people: one table per design, each figure with its Monte Carlo
    /// SE, then what the comparison with the analytic power says.
    public func table() -> String {
        let effectText =
            effectKind == "multiplicative"
            ? "a lift of \(Format.percent(effect, 1)) on each treated account"
            : "\(Format.grouped(effect, 2)) added to each treated account"
        var text =
            "\(Format.grouped(Double(replications))) replications on the history of \(metric) in \(history) (\(firstMonth) to \(lastMonth): \(baselineMonths) baseline + \(followUpMonths) follow-up months); \(effectText); \(Format.percent(level, 0)) intervals, seed \(seed)\n"
        for design in designs { text += "\n" + design.table(level: level) }
        return text
    }
}

extension DesignSimulationDocument.Design {
    func table(level: Double) -> String {
        var head = AlignedRows()
        head.add("design", "\(id) (\(path))")
        head.add(
            "accounts",
            "\(Format.grouped(Double(accounts))) per replication, drawn from \(Format.grouped(Double(eligibleAccounts))) eligible\(leftOutText)"
        )
        let rerandomized = acceptance.map {
            "; re-randomized at acceptance \(Format.significant($0)), \(Format.fixed(meanDraws, 1)) draws per replication"
        }
        head.add(
            "randomization",
            "\(strata) strata; arms \(shares.map { Format.percent($0, 0) }.joined(separator: " / "))\(rerandomized ?? "")"
        )
        head.add(
            "truth",
            "\(Format.grouped(truth, 2)) (mean follow-up outcome \(Format.grouped(meanOutcome, 2)); skewness \(Format.fixed(skewness, 1)), top 1% hold \(Format.percent(topShare, 0)))"
        )
        head.add("Lin covariates", covariates.joined(separator: ", ") + (strata > 1 ? " + strata" : ""))
        var table = TextTable([
            ("estimator", .left), ("power", .right), ("analytic", .right), ("bias", .right), ("coverage", .right),
            ("CI width", .right), ("SE / SD", .right)
        ])
        for e in estimators {
            table.add([
                e.estimator, withSE(e.power, e.powerMcSe) { Format.percent($0, 1) },
                e.analyticPower.map { Format.percent($0, 1) } ?? "–",
                withSE(e.bias, e.biasMcSe) { Format.grouped($0, 2) },
                withSE(e.coverage, e.coverageMcSe) { Format.percent($0, 1) },
                withSE(e.meanCiWidth, e.ciWidthMcSe) { Format.grouped($0, 2) },
                e.meanSe.flatMap { se in e.estimateSd.map { se / $0 } }.map { Format.fixed($0, 2) } ?? "–"
            ])
        }
        return head.render() + "\n" + table.render() + verdict(level: level)
    }

    private var leftOutText: String {
        let parts = [
            excludedAccounts > 0 ? "\(Format.grouped(Double(excludedAccounts))) not eligible" : nil,
            accountsWithoutStratum > 0 ? "\(Format.grouped(Double(accountsWithoutStratum))) without a stratum" : nil
        ].compactMap { $0 }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// "value ± SE" with the Monte Carlo SE, or "–".
    private func withSE(_ value: Double?, _ se: Double?, _ format: (Double) -> String) -> String {
        guard let value, let se else { return "–" }
        return "\(format(value)) ± \(format(se))"
    }

    /// Whether the analytic power holds, and every finding about the estimators.
    private func verdict(level: Double) -> String {
        let findings = estimators.flatMap(\.diagnostics)
        var text = ""
        if !findings.contains(where: { $0.kind == .analyticGap }) {
            text +=
                "  the analytic power is within 2 Monte Carlo SEs of the simulated power for every estimator\n"
        }
        for finding in findings {
            text += "  \(finding.severity == .warning ? "warning" : "note"): \(finding.message)\n"
        }
        return text
    }
}
