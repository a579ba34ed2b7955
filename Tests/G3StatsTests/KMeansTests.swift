import Foundation
import G3Stats
import G3TestSupport
import Testing

/// k-means against scikit-learn 1.9.1 (Fixtures/reference/kmeans/sklearn_kmeans.py).
@Suite struct KMeansTests {
    static let points: [[Double]] = {
        let text = try! String(
            contentsOf: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/kmeans/points.csv"),
            encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    }()

    /// Same initial centers (the first five rows): the same partition and inertia (1e-9 relative).
    @Test func lloydEqualsScikitLearn() throws {
        let result = KMeans.lloyd(Self.points, centers: Array(Self.points.prefix(5)))
        let expected = try ReferenceTable("kmeans/sklearn_labels.csv").rows.map { Int($0.number("label")!) }
        let inertia = try ReferenceTable("kmeans/sklearn_inertia.csv").rows[0].number("inertia")!
        #expect(result.converged && result.labels == expected)
        #expect(abs(result.inertia / inertia - 1) < 1e-9, "\(result.inertia) vs \(inertia)")
    }

    /// k-means++ with restarts finds at least as good a partition, seeded and reproducible.
    @Test func seededRestartsAreReproducible() throws {
        let a = try KMeans.fit(Self.points, k: 5, restarts: 10, random: MersenneTwister(seed: 7))
        let b = try KMeans.fit(Self.points, k: 5, restarts: 10, random: MersenneTwister(seed: 7))
        #expect(a.labels == b.labels && a.inertia == b.inertia)
        let inertia = try ReferenceTable("kmeans/sklearn_inertia.csv").rows[0].number("inertia")!
        #expect(a.inertia <= inertia * (1 + 1e-12))
        #expect(throws: DomainError.self) { try KMeans.fit(Self.points, k: 0, random: MersenneTwister(seed: 1)) }
    }
}
