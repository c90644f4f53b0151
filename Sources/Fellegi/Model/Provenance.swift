/// What was fitted on: the linkfit version, the seed, and a content fingerprint of each input. No
/// wall-clock time, so a refit with the same inputs and seed is byte-identical.
package struct Provenance: Sendable, Equatable {
    package var linkfitVersion: String
    package var seed: UInt64
    package var inputs: [Input]

    package struct Input: Sendable, Equatable {
        package var role: String
        package var file: String
        package var fingerprint: String
        package var records: Int
        package init(role: String, file: String, fingerprint: String, records: Int) {
            self.role = role
            self.file = file
            self.fingerprint = fingerprint
            self.records = records
        }
    }

    package init(linkfitVersion: String, seed: UInt64, inputs: [Input]) {
        self.linkfitVersion = linkfitVersion
        self.seed = seed
        self.inputs = inputs
    }
}
