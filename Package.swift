// swift-tools-version:6.0
import PackageDescription

// linkfit: probabilistic record linkage (Fellegi–Sunter fitted by EM) of DID imaging records to HES patients.
// No third-party packages: Foundation, Dispatch and Swift Testing only.
let package = Package(
    name: "linkfit",
    // Fellegi's API is `package` (linkfit and the tests are its only users), so it is no product.
    // Kernels, Comparators and LinkIO stay `public` where Fellegi and Synth call them: the default
    // cross-module optimisation inlines and specialises only public code (with all three `package`,
    // fit ran 34% more instructions).
    products: [
        .executable(name: "linkfit", targets: ["linkfit"]),
        .library(name: "Comparators", targets: ["Comparators"]),
    ],
    targets: [
        // The bottom: the one ordered parallel map, asserted disjoint writes, radix sort, the string
        // interner, key hashing, and the raw buffers the layers above read and write through.
        .target(name: "Kernels"),
        // String similarity, identifier standardisation, comparison levels.
        .target(name: "Comparators", dependencies: ["Kernels"]),
        // CSV reading/writing with located errors; atomic output files.
        .target(name: "LinkIO", dependencies: ["Kernels"]),
        // The model and engine: settings, record tables, blocking, EM, scoring, assignment, bands.
        .target(name: "Fellegi", dependencies: ["Kernels", "Comparators", "LinkIO", "Pseudonyms"]),
        // Synthetic HES index and DID releases with ground truth.
        .target(name: "Synth", dependencies: ["Kernels", "Comparators", "LinkIO"]),
        // The HTML report: SVG charts of a fitted model and a run, one self-contained page.
        .target(name: "Report", dependencies: ["Comparators", "Fellegi", "LinkIO"]),
        // Leaf: SHA-256, HMAC-SHA-256 and the per-organisation HESID pseudonyms of extracts.
        .target(name: "Pseudonyms"),
        // The service over time: the clerical decisions ledger and what changed since the last release.
        .target(name: "Releases", dependencies: ["Kernels", "Fellegi", "LinkIO", "Pseudonyms"]),
        // The throughput suites that 'linkfit bench' runs (CSV, Jaro–Winkler, standardise, synth, pipeline).
        .target(name: "BenchSuites", dependencies: ["Kernels", "Comparators", "LinkIO", "Fellegi", "Synth", "Pseudonyms"], path: "Benchmarks/Suites"),
        // Thin CLI: one file per subcommand.
        .executableTarget(name: "linkfit", dependencies: ["Kernels", "Comparators", "LinkIO", "Fellegi", "Synth", "Report", "BenchSuites", "Pseudonyms", "Releases"]),
        // What the test targets share: the folders they write in, removed when the test process exits.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "Comparators"]),
        .testTarget(name: "ComparatorsTests", dependencies: ["Kernels", "Comparators"]),
        .testTarget(name: "LinkIOTests", dependencies: ["Kernels", "LinkIO", "TestSupport"]),
        .testTarget(name: "FellegiTests", dependencies: ["Kernels", "Fellegi", "Synth", "LinkIO", "Comparators", "TestSupport"]),
        .testTarget(name: "SynthTests", dependencies: ["Synth", "Comparators", "LinkIO", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Fellegi", "Comparators", "LinkIO"]),
        .testTarget(name: "PseudonymsTests", dependencies: ["Pseudonyms", "Synth"]),
        .testTarget(name: "ReleasesTests", dependencies: ["Releases", "Fellegi", "Synth", "LinkIO", "Pseudonyms", "TestSupport"]),
        .testTarget(name: "BenchSuitesTests", dependencies: ["BenchSuites", "LinkIO", "TestSupport"]),
        .testTarget(name: "linkfitTests", dependencies: ["linkfit", "Fellegi", "Synth", "LinkIO", "Pseudonyms", "TestSupport"]),
    ]
)
