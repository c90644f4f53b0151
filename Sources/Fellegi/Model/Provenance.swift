/// What was fitted on: the linkfit version, the seed, and a content fingerprint of each input. No
/// wall-clock time, so a refit with the same inputs and seed is byte-identical.
public struct Provenance: Sendable, Equatable {
    public var linkfitVersion: String
    public var seed: UInt64
    public var inputs: [Input]

    public struct Input: Sendable, Equatable {
        public var role: String
        public var file: String
        public var fingerprint: String
        public var records: Int
        public init(role: String, file: String, fingerprint: String, records: Int) {
            self.role = role
            self.file = file
            self.fingerprint = fingerprint
            self.records = records
        }
    }

    public init(linkfitVersion: String, seed: UInt64, inputs: [Input]) {
        self.linkfitVersion = linkfitVersion
        self.seed = seed
        self.inputs = inputs
    }
}
