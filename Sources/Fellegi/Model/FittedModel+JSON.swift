import LinkIO

extension FittedModel {
    /// The model file (`model.json`): versioned, engine-neutral, keys sorted, floats in shortest
    /// round-trip form, no wall-clock time. Documented key by key in `docs/model-file.md`.
    package var json: JSON {
        let comparisons: [JSON] = settings.comparisons.indices.map { k in
            var members: [String: JSON] = [
                "name": .string(settings.comparisons[k].name),
                "levels": .array(levelLabels[k].indices.map { l in
                    var level: [String: JSON] = ["level": .number(Double(l)), "label": .string(levelLabels[k][l])]
                    if l > 0 {
                        level["m"] = .number(parameters.m[k][l])
                        level["u"] = .number(parameters.u[k][l])
                        level["weight"] = .number(weight(k, l))
                        level["uSource"] = .string(uSources[k][l])
                    }
                    return .object(level)
                }),
            ]
            if let tf = termFrequencies[k] {
                members["termFrequency"] = .object([
                    "distinctValues": .number(Double(tf.distinctValues)),
                    "largestCount": .number(Double(tf.largestCount)),
                    "entitiesWithValue": .number(Double(tf.entitiesWithValue)),
                ])
            }
            return .object(members)
        }
        var root: [String: JSON] = [
            "schemaVersion": .number(Double(Self.schemaVersion)),
            "settings": settings.json,
            "lambda": .number(parameters.lambda),
            "matchShare": .number(matchShare),
            "blockingRecall": .number(blockingRecall),
            "blockingRecallByMissing": .array(blockingRecallByMissing.map(JSON.number)),
            "priorWeight": .number(parameters.priorWeight),
            "comparisons": .array(comparisons),
            "training": report.json,
            "provenance": .object([
                "linkfitVersion": .string(provenance.linkfitVersion),
                "seed": .number(Double(provenance.seed)),
                "inputs": .array(provenance.inputs.map {
                    .object(["role": .string($0.role), "file": .string($0.file), "fingerprint": .string($0.fingerprint),
                             "records": .number(Double($0.records))])
                }),
            ]),
        ]
        if let stratum = parameters.stratum { root["agreementStratum"] = stratumJSON(stratum) }
        return .object(root)
    }

    /// `agreementStratum`: the comparison, its exact levels, λ_S, and per other comparison u^S and
    /// the weights log2(m/u^S) per non-null level (strongest first).
    func stratumJSON(_ stratum: AgreementStratum) -> JSON {
        let others = settings.comparisons.indices.filter { $0 != stratum.comparison }
        return .object([
            "comparison": .string(settings.comparisons[stratum.comparison].name),
            "levels": .array(stratum.levels.map { .number(Double($0)) }),
            "matchShare": .number(stratum.matchShare),
            "u": .object(Dictionary(uniqueKeysWithValues: others.map { k in
                (settings.comparisons[k].name, JSON.array(stratum.u[k].dropFirst().map(JSON.number)))
            })),
            "weights": .object(Dictionary(uniqueKeysWithValues: others.map { k in
                (settings.comparisons[k].name, JSON.array((1..<stratum.u[k].count).map {
                    .number(parameters.matchWeight(comparison: k, level: $0, inStratum: true))
                }))
            })),
        ])
    }

    /// Reads `agreementStratum` (absent: a model fitted without one, scored as fitted).
    static func readStratum(_ json: JSON?, reader: JSONReader, settings: LinkSettings, levelCounts: [Int]) -> AgreementStratum? {
        guard let json, json != .null else { return nil }
        let path = "$.agreementStratum"
        guard let object = reader.object(json, at: path) else { return nil }
        let name = reader.string(object["comparison"], at: "\(path).comparison")
        guard let name, let s = settings.comparisonIndex(name), s < levelCounts.count else {
            reader.problem("\(path).comparison", "names no comparison of the settings")
            return nil
        }
        let expectedLevels = (try? FieldComparison(settings.comparisons[s]))?.equalityLevels ?? []
        let levels = (reader.array(object["levels"], at: "\(path).levels") ?? []).compactMap(\.number).map(Int.init)
        if levels != expectedLevels {
            reader.problem("\(path).levels", "expected \(expectedLevels) (the exact levels of '\(name)')")
        }
        let matchShare = reader.number(object["matchShare"], at: "\(path).matchShare", default: 0, in: 0...1)
        let uObject = reader.object(object["u"], at: "\(path).u") ?? [:]
        var u = levelCounts.map { [Double](repeating: 0, count: $0) }
        for k in levelCounts.indices where k != s {
            let key = settings.comparisons[k].name
            let values = (reader.array(uObject[key], at: "\(path).u.\(key)") ?? []).enumerated().map { l, value in
                reader.number(value, at: "\(path).u.\(key)[\(l)]", default: 0.5, in: 1e-300...1)
            }
            if values.count != levelCounts[k] - 1 || abs(values.reduce(0, +) - 1) > 1e-6 {
                reader.problem("\(path).u.\(key)", "expected \(levelCounts[k] - 1) probabilities summing to 1 (one per non-null level)")
                continue
            }
            u[k] = [0] + values
        }
        return AgreementStratum(comparison: s, levels: expectedLevels, matchShare: matchShare, u: u)
    }

    /// Reads and validates a model file, reporting every problem with its JSON path.
    // Over 60 lines on purpose: one reader per key of the model file, in document order, so every problem is collected before failing.
    package static func load(_ json: JSON, file: String) throws -> FittedModel {
        let reader = JSONReader(file: file)
        guard let root = reader.object(json, at: "$") else { try reader.finish(); throw ModelError("\(file): not a model") }
        let version = reader.integer(root["schemaVersion"], at: "$.schemaVersion", default: 0, in: 0...1_000)
        if version != schemaVersion {
            reader.problem("$.schemaVersion", "expected \(schemaVersion) (this linkfit reads model version \(schemaVersion))")
            try reader.finish()
        }
        guard let settingsJSON = root["settings"] else {
            reader.problem("$.settings", "is required")
            try reader.finish()
            throw ModelError("unreachable")
        }
        let settings = LinkSettings.read(settingsJSON, reader: reader, path: "$.settings")
        let lambda = reader.number(root["lambda"], at: "$.lambda", default: 0.5, in: 1e-300...0.999_999)
        if root["lambda"] == nil { reader.problem("$.lambda", "is required (a number)") }
        let matchShare = reader.number(root["matchShare"], at: "$.matchShare", default: 0, in: 0...1)
        let blockingRecall = reader.number(root["blockingRecall"], at: "$.blockingRecall", default: 0, in: 0...1)
        let recallItems = reader.array(root["blockingRecallByMissing"] ?? .array([]), at: "$.blockingRecallByMissing") ?? []
        let blockingRecallByMissing = recallItems.enumerated().map { index, item in
            reader.number(item, at: "$.blockingRecallByMissing[\(index)]", default: 0, in: 0...1)
        }
        if let count = settings?.comparisons.count, !recallItems.isEmpty,
           count > BlockingRecall.maskedComparisons || recallItems.count != 1 << count {
            let expected = count > BlockingRecall.maskedComparisons ? "none" : "\(1 << count) numbers (one per set of comparisons missing on the left) or none"
            reader.problem("$.blockingRecallByMissing", "expected \(expected)")
        }
        var m: [[Double]] = []
        var u: [[Double]] = []
        var labels: [[String]] = []
        var sources: [[String]] = []
        let comparisonsJSON = reader.array(root["comparisons"], at: "$.comparisons") ?? []
        if let settings {
            if comparisonsJSON.count != settings.comparisons.count {
                reader.problem("$.comparisons", "expected \(settings.comparisons.count) comparisons (one per comparison in the settings)")
            }
            for (k, item) in comparisonsJSON.enumerated() where k < settings.comparisons.count {
                let path = "$.comparisons[\(k)]"
                let expected = (try? FieldComparison(settings.comparisons[k]))?.levelLabels ?? []
                guard let object = reader.object(item, at: path) else { continue }
                if reader.string(object["name"], at: "\(path).name") != settings.comparisons[k].name {
                    reader.problem("\(path).name", "expected '\(settings.comparisons[k].name)' (the settings' comparison \(k))")
                }
                let levels = reader.array(object["levels"], at: "\(path).levels") ?? []
                if levels.count != expected.count {
                    reader.problem("\(path).levels", "expected \(expected.count) levels (\(expected.joined(separator: ", "))): "
                        + "a model fitted by another version of linkfit, whose comparisons had other levels; refit it with 'linkfit fit'")
                    continue
                }
                var mk = [Double](repeating: 0, count: levels.count)
                var uk = mk
                var sk = [String](repeating: "", count: levels.count)
                for (l, level) in levels.enumerated() {
                    let levelPath = "\(path).levels[\(l)]"
                    guard let levelObject = reader.object(level, at: levelPath) else { continue }
                    if reader.string(levelObject["label"], at: "\(levelPath).label") != expected[l] {
                        reader.problem("\(levelPath).label", "expected '\(expected[l])'")
                    }
                    guard l > 0 else { continue }
                    for (key, _) in [("m", 0), ("u", 1)] where levelObject[key] == nil {
                        reader.problem("\(levelPath).\(key)", "is required (a probability)")
                    }
                    mk[l] = reader.number(levelObject["m"], at: "\(levelPath).m", default: 0.5, in: 1e-300...1)
                    uk[l] = reader.number(levelObject["u"], at: "\(levelPath).u", default: 0.5, in: 1e-300...1)
                    sk[l] = reader.string(levelObject["uSource"], at: "\(levelPath).uSource", default: "") ?? ""
                }
                for (name, values) in [("m", mk), ("u", uk)] where abs(values.dropFirst().reduce(0, +) - 1) > 1e-6 {
                    reader.problem("\(path).levels", "\(name)-probabilities of the non-null levels must sum to 1")
                }
                m.append(mk)
                u.append(uk)
                labels.append(expected)
                sources.append(sk)
            }
        }
        let stratum = settings.flatMap { readStratum(root["agreementStratum"], reader: reader, settings: $0, levelCounts: m.map(\.count)) }
        try reader.finish()
        guard let settings else { throw ModelError("\(file): no settings") }
        let provenance = root["provenance"]
        return FittedModel(
            settings: settings, parameters: FSParameters(lambda: lambda, m: m, u: u, stratum: stratum),
            matchShare: matchShare, blockingRecall: blockingRecall, blockingRecallByMissing: blockingRecallByMissing, levelLabels: labels,
            uSources: sources, termFrequencies: settings.comparisons.map { _ in nil },
            report: TrainingReport(json: root["training"]),
            provenance: Provenance(
                linkfitVersion: provenance?["linkfitVersion"]?.string ?? "",
                seed: UInt64(lenient: provenance?["seed"]?.number),
                inputs: (provenance?["inputs"]?.array ?? []).map {
                    Provenance.Input(role: $0["role"]?.string ?? "", file: $0["file"]?.string ?? "",
                                     fingerprint: $0["fingerprint"]?.string ?? "", records: Int(lenient: $0["records"]?.number))
                }))
    }
}

extension TrainingReport {
    var json: JSON {
        .object([
            "leftRecords": .number(Double(leftRecords)),
            "rightEntities": .number(Double(rightEntities)),
            "rightRows": .number(Double(rightRows)),
            "candidatePairs": .number(Double(candidatePairs)),
            "blockingRules": .array(rules.map {
                .object(["rule": .string($0.rule), "newPairs": .number(Double($0.newPairs)), "pairs": .number(Double($0.pairs)),
                         "oversizedBlocks": .number(Double($0.oversizedBlocks)), "oversizedRows": .number(Double($0.oversizedRows))])
            }),
            "lambda": .object([
                "rule": .array(lambda.rule.map(JSON.string)), "recall": .number(lambda.recall), "recallEstimated": .bool(lambda.recallEstimated),
                "agreeingRecords": .number(Double(lambda.agreeingRecords)), "expectedMatches": .number(lambda.expectedMatches),
            ]),
            "uSamplePairs": .number(Double(uSamplePairs)),
            "missing": .object([
                "left": .array(missing.map { .object($0.mapValues { .number(Double($0)) }) }),
                "right": .array(missingRight.map { .object($0.mapValues { .number(Double($0)) }) }),
            ]),
            "sessions": .array(sessions.map { session in
                .object([
                    "rule": .string(session.rule), "pairs": .number(session.pairs),
                    "excluded": .array(session.excluded.map(JSON.string)), "converged": .bool(session.converged),
                    "lambda": .number(session.lambda), "problems": .array(session.problems.map(JSON.string)),
                    "iterations": .array(session.iterations.map {
                        .object(["iteration": .number(Double($0.index)), "lambda": .number($0.lambda),
                                 "largestChange": .number($0.largestChange), "logLikelihood": .number($0.logLikelihood)])
                    }),
                ])
            }),
        ])
    }

    /// The report as saved (informational: read leniently, never needed to score).
    init(json: JSON?) {
        func int(_ value: JSON?) -> Int { Int(lenient: value?.number) }
        leftRecords = int(json?["leftRecords"])
        rightEntities = int(json?["rightEntities"])
        rightRows = int(json?["rightRows"])
        candidatePairs = int(json?["candidatePairs"])
        rules = (json?["blockingRules"]?.array ?? []).map {
            RuleReport(rule: $0["rule"]?.string ?? "", newPairs: int($0["newPairs"]), pairs: int($0["pairs"]),
                       oversizedBlocks: int($0["oversizedBlocks"]), oversizedRows: int($0["oversizedRows"]))
        }
        let lambdaJSON = json?["lambda"]
        lambda = LambdaReport(
            rule: (lambdaJSON?["rule"]?.array ?? []).compactMap(\.string), recall: lambdaJSON?["recall"]?.number ?? 0,
            recallEstimated: lambdaJSON?["recallEstimated"]?.bool ?? false,
            agreeingRecords: int(lambdaJSON?["agreeingRecords"]), expectedMatches: lambdaJSON?["expectedMatches"]?.number ?? 0)
        uSamplePairs = int(json?["uSamplePairs"])
        func counts(_ side: String) -> [[String: Int]] {
            (json?["missing"]?[side]?.array ?? []).map { ($0.object ?? [:]).mapValues { Int(lenient: $0.number) } }
        }
        missing = counts("left")
        missingRight = counts("right")
        sessions = (json?["sessions"]?.array ?? []).map { session in
            SessionReport(
                rule: session["rule"]?.string ?? "", pairs: session["pairs"]?.number ?? 0,
                excluded: (session["excluded"]?.array ?? []).compactMap(\.string),
                converged: session["converged"]?.bool ?? false, lambda: session["lambda"]?.number ?? 0,
                iterations: (session["iterations"]?.array ?? []).map {
                    EMIteration(index: int($0["iteration"]), lambda: $0["lambda"]?.number ?? 0,
                                largestChange: $0["largestChange"]?.number ?? 0, logLikelihood: $0["logLikelihood"]?.number ?? 0)
                },
                problems: (session["problems"]?.array ?? []).compactMap(\.string))
        }
    }
}
