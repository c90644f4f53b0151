import Foundation

Interruption.install()
exit(CLI.main(Array(CommandLine.arguments.dropFirst()), io: .process))
