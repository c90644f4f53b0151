/// What a DID record says about the test itself: modality, NICIP code, patient source setting.
/// Plausible shares, not a clinical catalogue.
enum ImagingTests {
    /// (modality, NICIP code, weight)
    static let catalogue: [(StaticString, StaticString, Double)] = [
        ("XR", "XCHES", 0.20), ("XR", "XKNEB", 0.06), ("XR", "XHIPB", 0.05), ("XR", "XLSPI", 0.04),
        ("XR", "XABDO", 0.03), ("XR", "XHANL", 0.04), ("XR", "XFOOR", 0.03),
        ("US", "UABDO", 0.08), ("US", "UPELV", 0.04), ("US", "UOBST", 0.05), ("US", "UTHYR", 0.02), ("US", "UDVTL", 0.02),
        ("CT", "CHEAD", 0.06), ("CT", "CCHAP", 0.04), ("CT", "CABPE", 0.03), ("CT", "CCTPA", 0.01),
        ("MR", "MBRAI", 0.03), ("MR", "MLSPI", 0.03), ("MR", "MKNEL", 0.02), ("MR", "MPROS", 0.01),
        ("FL", "FBAEN", 0.01), ("NM", "NBONE", 0.01), ("MG", "MAMMO", 0.05),
    ]

    /// Cumulative weights of `catalogue`, normalised to 1.
    static let cumulative: [Double] = {
        let total = catalogue.reduce(0) { $0 + $1.2 }
        var running = 0.0
        return catalogue.map { running += $0.2; return running / total }
    }()

    /// Patient source settings (DID codes) and their shares: admitted, outpatient, GP direct access,
    /// A&E, other provider, other.
    static let settings: [(StaticString, Double)] = [
        ("01", 0.14), ("02", 0.36), ("03", 0.28), ("04", 0.18), ("05", 0.02), ("06", 0.02),
    ]

    static func randomTest(_ u: Double) -> (StaticString, StaticString) {
        for (index, bound) in cumulative.enumerated() where u < bound {
            return (catalogue[index].0, catalogue[index].1)
        }
        return (catalogue[catalogue.count - 1].0, catalogue[catalogue.count - 1].1)
    }

    static func randomSetting(_ u: Double) -> StaticString {
        var rest = u
        for (code, share) in settings {
            if rest < share { return code }
            rest -= share
        }
        return settings[settings.count - 1].0
    }
}
