// swift-tools-version:6.0
import PackageDescription

// linkfit: probabilistic record linkage (Fellegi–Sunter fitted by EM) of DID imaging records to HES patients.
// No third-party packages: Foundation, Dispatch and Swift Testing only.
let package = Package(
    name: "linkfit",
    products: [
        .executable(name: "linkfit", targets: ["linkfit"]),
        .library(name: "Fellegi", targets: ["Fellegi"]),
        .library(name: "Comparators", targets: ["Comparators"]),
    ],
    targets: [
        // Leaf: string similarity, identifier standardisation, comparison levels.
        .target(name: "Comparators"),
        // CSV reading/writing with located errors; atomic output files.
        .target(name: "LinkIO"),
        // The model and engine: settings, record tables, blocking, EM, scoring, assignment, bands.
        .target(name: "Fellegi", dependencies: ["Comparators", "LinkIO"]),
        // Synthetic HES index and DID releases with ground truth.
        .target(name: "Synth", dependencies: ["Comparators", "LinkIO"]),
        // Leaf: SHA-256, HMAC-SHA-256 and the per-organisation HESID pseudonyms of extracts.
        .target(name: "Pseudonyms"),
        // Thin CLI: one file per subcommand.
        .executableTarget(name: "linkfit", dependencies: ["Comparators", "LinkIO", "Fellegi", "Synth", "Pseudonyms"]),
        .testTarget(name: "ComparatorsTests", dependencies: ["Comparators"]),
        .testTarget(name: "LinkIOTests", dependencies: ["LinkIO"]),
        .testTarget(name: "FellegiTests", dependencies: ["Fellegi", "Synth", "LinkIO", "Comparators"]),
        .testTarget(name: "SynthTests", dependencies: ["Synth", "Comparators", "LinkIO"]),
        .testTarget(name: "PseudonymsTests", dependencies: ["Pseudonyms", "Synth"]),
        .testTarget(name: "linkfitTests", dependencies: ["linkfit", "Fellegi", "Synth", "LinkIO", "Pseudonyms"]),
    ]
)
