/// `linkfit demo`: generate a built-in synthetic release, fit, run and evaluate in one go.
enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: "demo",
        abstract: "Generate a synthetic release, fit, link and evaluate it in one go.",
        options: [
            .init(name: "out", value: "dir", help: "Where to write the demo's files (default: linkfit-demo)."),
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws {
        io.print("linkfit demo: not built yet (synthetic data, fitting and linking land in later issues).")
    }
}
