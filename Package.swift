// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "g3-design",
    products: [
        .executable(name: "g3-design", targets: ["g3-design"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // GNU Scientific Library, linked from the system (Debian: libgsl-dev).
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        // libpq, PostgreSQL's C client, linked from the system (Debian: libpq-dev).
        .systemLibrary(name: "CPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // glibc's malloc.h (mallopt), from the C library itself: no package to install.
        .systemLibrary(name: "CMalloc"),
        // Warehouse sources: rows from PostgreSQL (COPY … TO STDOUT); the only module that imports CPQ.
        .target(name: "G3Warehouse", dependencies: ["CPQ"]),
        // Numerical core: the only module that imports CGSL.
        .target(name: "G3Stats", dependencies: ["CGSL"]),
        // Design side: power, randomization, IV planning. Values in, values out.
        .target(name: "G3Design", dependencies: ["G3Stats"]),
        // Tables in, tables out: CSV reading with errors that name file, line and column; fingerprints.
        .target(name: "G3Data", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Evaluation side: propensity, matching, balance, effects. Values in, values out.
        .target(name: "G3Observational", dependencies: ["G3Stats", "G3Data"]),
        // The SQLite registry: the only module that imports GRDB.
        .target(name: "G3Registry", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // Rendering: terminal tables, JSON, CSV, SVG.
        .target(name: "G3Report", dependencies: ["G3Design", "G3Observational", "G3Registry", "G3Stats"]),
        .executableTarget(
            name: "g3-design",
            dependencies: [
                "CMalloc", "G3Data", "G3Design", "G3Observational", "G3Report", "G3Registry", "G3Stats", "G3Warehouse",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Reads the reference tables in Fixtures/reference for the numeric tests.
        .target(name: "G3TestSupport", path: "Tests/G3TestSupport"),
        // `make bench`: timings of the numerical core (bench/run.sh).
        .executableTarget(name: "g3-bench", dependencies: ["G3Design", "G3Stats"], path: "bench/g3-bench"),
        .testTarget(name: "G3StatsTests", dependencies: ["G3Stats", "CGSL", "G3TestSupport",
                                                     .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "G3DesignTests", dependencies: ["G3Design", "G3TestSupport"]),
        .testTarget(name: "G3ObservationalTests", dependencies: ["G3Observational", "G3Data", "G3Stats", "G3TestSupport"]),
        .testTarget(name: "G3DataTests", dependencies: ["G3Data", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "G3RegistryTests", dependencies: ["G3Registry"]),
        .testTarget(name: "G3ReportTests", dependencies: ["G3Report", "G3Observational"]),
        .testTarget(name: "CLITests", dependencies: ["g3-design", "G3Data", "G3Design", "G3Registry", "G3TestSupport",
                                                     .product(name: "PropertyBased", package: "swift-property-based")]),
    ]
)
