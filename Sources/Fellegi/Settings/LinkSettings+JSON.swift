import Comparators
import LinkIO

extension LinkSettings {
    /// The settings as JSON (keys sorted; the form `load` reads).
    package var json: JSON {
        .object([
            "schemaVersion": .number(Double(Self.schemaVersion)),
            "left": left.json,
            "right": right.json,
            "comparisons": .array(comparisons.map(\.json)),
            "blocking": .object([
                "rules": .array(blocking.rules.map { .array($0.keys.map { .string($0.description) }) }),
                "maxBlockSize": .number(Double(blocking.maxBlockSize)),
                "maxEntityRows": .number(Double(blocking.maxEntityRows)),
            ]),
            "training": .object([
                "seed": .number(Double(training.seed)),
                "maxIterations": .number(Double(training.maxIterations)),
                "tolerance": .number(training.tolerance),
                "monotone": .bool(training.monotone),
                "uSamplePairs": .number(Double(training.uSamplePairs)),
                "uMinimumLevelCount": .number(Double(training.uMinimumLevelCount)),
                "lambdaRule": .array(training.lambdaRule.map(JSON.string)),
                "lambdaRuleRecall": training.lambdaRuleRecall.map(JSON.number) ?? .null,
                "fixM": .object(training.fixM.mapValues { .array($0.map(JSON.number)) }),
                "fixU": .object(training.fixU.mapValues { .array($0.map(JSON.number)) }),
                "agreementStratum": training.agreementStratum.map(JSON.string) ?? .null,
            ]),
            "linking": .object([
                "linkMinimumWeight": .number(linking.linkMinimumWeight),
                "reviewMinimumWeight": .number(linking.reviewMinimumWeight),
                "nearTieMargin": .number(linking.nearTieMargin),
                "scoreOnlyProbability": .number(linking.scoreOnlyProbability),
                "bands": .array(linking.bands.map(\.json)),
                "dropColumns": .array(linking.dropColumns.map(JSON.string)),
                "keepComparedColumns": .array(linking.keepComparedColumns.map(JSON.string)),
                "conflicts": .array(linking.conflicts.map {
                    .object(["agrees": .string($0.agrees), "disagrees": .string($0.disagrees)])
                }),
                "duplicateRule": .array(linking.duplicateRule.map(JSON.string)),
            ]),
        ])
    }

    /// Reads and validates settings, reporting every problem at once with its JSON path.
    ///
    /// - Parameter file: how errors name the source (`settings.json`, `model.json`).
    /// - Parameter path: where the settings sit in the document (`$`, or `$.settings` in a model).
    package static func load(_ json: JSON, file: String, path: String = "$") throws -> LinkSettings {
        let reader = JSONReader(file: file)
        let settings = read(json, reader: reader, path: path)
        try reader.finish()
        guard let settings else { throw InputErrors([InputError(file: file, column: path, "expected settings")]) }
        return settings
    }

    // Over 60 lines on purpose: one reader per settings key in document order, every problem collected before failing.
    static func read(_ json: JSON, reader: JSONReader, path: String) -> LinkSettings? {
        guard let root = reader.object(json, at: path) else { return nil }
        reader.rejectUnknownKeys(root, known: ["schemaVersion", "left", "right", "comparisons", "blocking", "training", "linking"], at: path)
        let version = reader.integer(root["schemaVersion"], at: "\(path).schemaVersion", default: schemaVersion, in: 1...1_000)
        if version != schemaVersion {
            reader.problem("\(path).schemaVersion", "expected \(schemaVersion) (this linkfit reads settings version \(schemaVersion))")
        }
        var settings = LinkSettings.didToHES
        settings.left = readSide(root["left"], reader: reader, path: "\(path).left", default: settings.left)
        settings.right = readSide(root["right"], reader: reader, path: "\(path).right", default: settings.right)
        if settings.right.linkColumn.lowercased() == settings.left.idColumn.lowercased() {
            let key = settings.right.linkColumnName == nil ? "id" : "linkColumn"
            reader.problem("\(path).right.\(key)", "links.csv would name two columns alike (the left id is \(settings.left.idColumn)): " +
                           "set right.linkColumn to the name links.csv should give the linked id")
        }

        if let list = reader.array(root["comparisons"], at: "\(path).comparisons") {
            // Keep each comparison's index in the file: an unreadable one is dropped, and later paths
            // must still point at the right entry.
            let read = list.enumerated().compactMap { index, item in
                ComparisonSettings.read(item, reader: reader, path: "\(path).comparisons[\(index)]").map { (index, $0) }
            }
            settings.comparisons = read.map(\.1)
            if list.isEmpty { reader.problem("\(path).comparisons", "needs at least one comparison") }
            var seenNames: Set<String> = []
            for (index, comparison) in read where !seenNames.insert(comparison.name).inserted {
                reader.problem("\(path).comparisons[\(index)].name", "duplicate comparison name")
            }
        }

        // Blocking keys are read as text and resolved once the comparisons are known, so that the
        // default rules are checked against a file's own comparisons too. Each key keeps its place
        // in the file: an unreadable rule or key is dropped, and later paths must still point at the
        // right entry.
        var ruleTexts = settings.blocking.rules.enumerated().map { index, rule in
            (index: index, keys: rule.keys.enumerated().map { (index: $0, text: $1.description) })
        }
        if let blocking = reader.object(root["blocking"], at: "\(path).blocking") {
            reader.rejectUnknownKeys(blocking, known: ["rules", "maxBlockSize", "maxEntityRows"], at: "\(path).blocking")
            settings.blocking.maxBlockSize = reader.integer(
                blocking["maxBlockSize"], at: "\(path).blocking.maxBlockSize", default: settings.blocking.maxBlockSize, in: 1...100_000_000)
            settings.blocking.maxEntityRows = reader.integer(
                blocking["maxEntityRows"], at: "\(path).blocking.maxEntityRows", default: settings.blocking.maxEntityRows, in: 1...1_000_000)
            if let rules = reader.array(blocking["rules"], at: "\(path).blocking.rules") {
                ruleTexts = rules.enumerated().compactMap { index, rule in
                    let rulePath = "\(path).blocking.rules[\(index)]"
                    guard let keys = reader.array(rule, at: rulePath) else { return nil }
                    if keys.isEmpty { reader.problem(rulePath, "needs at least one key") }
                    return (index, keys.enumerated().compactMap { keyIndex, key in
                        reader.string(key, at: "\(rulePath)[\(keyIndex)]").map { (keyIndex, $0) }
                    })
                }
                if rules.isEmpty { reader.problem("\(path).blocking.rules", "needs at least one rule") }
                // Candidates carry one bit per rule in a UInt32 (`Candidate.rules`).
                if rules.count > 32 { reader.problem("\(path).blocking.rules", "expected at most 32 rules") }
            }
        }
        settings.blocking.rules = ruleTexts.map { rule in
            BlockingRule(rule.keys.compactMap { key in
                BlockingKey.read(key.text, reader: reader, path: "\(path).blocking.rules[\(rule.index)][\(key.index)]",
                                 comparisons: settings.comparisons)
            })
        }

        let trainingObject = reader.object(root["training"], at: "\(path).training")
        if let trainingObject {
            settings.training = TrainingSettings.read(trainingObject, reader: reader, path: "\(path).training", comparisons: settings.comparisons)
        }
        if let name = settings.training.agreementStratum,
           !settings.blocking.rules.contains(where: { $0.keys == [BlockingKey(name)] }) {
            if trainingObject?["agreementStratum"] != nil {
                reader.problem("\(path).training.agreementStratum",
                               "needs a blocking rule on exactly '\(name)' (its pairs are the stratum the model is trained on)")
            } else {
                settings.training.agreementStratum = nil  // the default's stratum, where this file blocks otherwise
            }
        }
        if let linking = reader.object(root["linking"], at: "\(path).linking") {
            settings.linking = LinkingSettings.read(linking, reader: reader, path: "\(path).linking", comparisons: settings.comparisons)
        } else {
            settings.linking.keepComparedColumns = LinkingSettings.defaultKept(comparisons: settings.comparisons,
                                                                               dropped: settings.linking.dropColumns)
        }
        return settings
    }

    private static func readSide(_ json: JSON?, reader: JSONReader, path: String, default fallback: Side) -> Side {
        guard let object = reader.object(json, at: path) else { return fallback }
        reader.rejectUnknownKeys(object, known: ["name", "id", "recordDate", "linkColumn"], at: path)
        return Side(
            name: reader.string(object["name"], at: "\(path).name", default: fallback.name) ?? fallback.name,
            idColumn: reader.string(object["id"], at: "\(path).id") ?? fallback.idColumn,
            recordDateColumn: object["recordDate"] == nil ? nil : reader.string(object["recordDate"], at: "\(path).recordDate"),
            linkColumnName: object["linkColumn"] == nil ? nil : reader.string(object["linkColumn"], at: "\(path).linkColumn"))
    }
}

extension LinkSettings.Side {
    var json: JSON {
        var members: [String: JSON] = ["name": .string(name), "id": .string(idColumn)]
        if let recordDateColumn { members["recordDate"] = .string(recordDateColumn) }
        if let linkColumnName { members["linkColumn"] = .string(linkColumnName) }
        return .object(members)
    }
}

extension BlockingKey {
    /// Reads `comparison` or `comparison.part`; a comparison not among `comparisons`, or a part its
    /// kind does not have, is a problem at `path`.
    static func read(_ text: String, reader: JSONReader, path: String, comparisons: [ComparisonSettings]) -> BlockingKey? {
        let pieces = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = pieces[0]
        guard let comparison = comparisons.first(where: { $0.name == name }) else {
            reader.problem(path, "names no comparison (expected one of: \(comparisons.map(\.name).joined(separator: ", ")))")
            return nil
        }
        guard pieces.count > 1 else { return BlockingKey(name) }
        let kind = comparison.kind
        guard let part = ValuePart(rawValue: pieces[1]), kind.keyParts.contains(part) else {
            let parts = kind.keyParts.isEmpty ? "none" : kind.keyParts.map(\.rawValue).joined(separator: ", ")
            reader.problem(path, "'\(pieces[1])' is not a part of a \(kind.rawValue) value (parts: \(parts))")
            return nil
        }
        return BlockingKey(name, part)
    }
}

extension ComparisonSettings {
    var json: JSON {
        var members: [String: JSON] = [
            "name": .string(name), "kind": .string(kind.rawValue),
            "left": .string(leftColumn), "right": .string(rightColumn),
            "termFrequency": .bool(termFrequency),
        ]
        if kind == .jaroWinkler || kind == .nhsNumber { members["thresholds"] = .array(thresholds.map(JSON.number)) }
        if kind == .date { members["placeholderLevel"] = .bool(placeholderLevel) }
        return .object(members)
    }

    static func read(_ json: JSON, reader: JSONReader, path: String) -> ComparisonSettings? {
        guard let object = reader.object(json, at: path) else { return nil }
        reader.rejectUnknownKeys(object, known: ["name", "kind", "left", "right", "thresholds", "placeholderLevel", "termFrequency"], at: path)
        let name = reader.string(object["name"], at: "\(path).name")
        let left = reader.string(object["left"], at: "\(path).left")
        let right = reader.string(object["right"], at: "\(path).right")
        var kind: ComparisonKind?
        if let text = reader.string(object["kind"], at: "\(path).kind") {
            kind = ComparisonKind(rawValue: text)
            if kind == nil {
                reader.problem("\(path).kind", "expected one of: \(ComparisonKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let name, name.isEmpty || name.contains(".") || name.contains(" ") {
            reader.problem("\(path).name", "expected a name without spaces or dots")
        }
        var thresholds: [Double] = []
        if let list = reader.array(object["thresholds"], at: "\(path).thresholds") {
            for (index, item) in list.enumerated() {
                thresholds.append(reader.number(item, at: "\(path).thresholds[\(index)]", default: 1, in: 0.000_001...1))
            }
            if zip(thresholds, thresholds.dropFirst()).contains(where: { $0 <= $1 }) {
                reader.problem("\(path).thresholds", "expected strictly descending thresholds")
            }
            if let kind, kind != .jaroWinkler, kind != .nhsNumber {
                reader.problem("\(path).thresholds", "only jaro-winkler and nhs-number comparisons take thresholds")
            }
            if kind == .nhsNumber, thresholds.count > 1 {
                reader.problem("\(path).thresholds", "an nhs-number comparison takes at most one threshold")
            }
        } else if kind == .jaroWinkler {
            thresholds = [0.92, 0.88]
        }
        let placeholderLevel = reader.bool(object["placeholderLevel"], at: "\(path).placeholderLevel", default: true)
        let termFrequency = reader.bool(object["termFrequency"], at: "\(path).termFrequency", default: false)
        if termFrequency, let kind, kind == .sex {
            reader.problem("\(path).termFrequency", "a sex comparison has no term frequencies")
        }
        guard let name, let left, let right, let kind else { return nil }
        return ComparisonSettings(name: name, kind: kind, left: left, right: right, thresholds: thresholds,
                                  placeholderLevel: placeholderLevel, termFrequency: termFrequency)
    }
}

extension TrainingSettings {
    static func read(_ object: [String: JSON], reader: JSONReader, path: String, comparisons: [ComparisonSettings]) -> TrainingSettings {
        reader.rejectUnknownKeys(object, known: ["seed", "maxIterations", "tolerance", "monotone", "uSamplePairs",
                                                 "uMinimumLevelCount", "lambdaRule", "lambdaRuleRecall", "fixM", "fixU",
                                                 "agreementStratum"], at: path)
        var training = TrainingSettings()
        let seeds = Int(TrainingSettings.seedRange.lowerBound)...Int(TrainingSettings.seedRange.upperBound)
        training.seed = UInt64(reader.integer(object["seed"], at: "\(path).seed", default: Int(training.seed), in: seeds))
        training.maxIterations = reader.integer(object["maxIterations"], at: "\(path).maxIterations", default: training.maxIterations, in: 1...100_000)
        training.tolerance = reader.number(object["tolerance"], at: "\(path).tolerance", default: training.tolerance, in: 1e-15...0.1)
        training.monotone = reader.bool(object["monotone"], at: "\(path).monotone", default: training.monotone)
        training.uSamplePairs = reader.integer(object["uSamplePairs"], at: "\(path).uSamplePairs", default: training.uSamplePairs, in: 1_000...1_000_000_000)
        training.uMinimumLevelCount = reader.integer(object["uMinimumLevelCount"], at: "\(path).uMinimumLevelCount", default: training.uMinimumLevelCount, in: 1...1_000_000)
        if object["lambdaRuleRecall"] != .null {
            training.lambdaRuleRecall = object["lambdaRuleRecall"].map { _ in
                reader.number(object["lambdaRuleRecall"], at: "\(path).lambdaRuleRecall", default: 0.9, in: 0.01...1)
            }
        }
        training.fixM = readFixed(object["fixM"], reader: reader, path: "\(path).fixM", comparisons: comparisons)
        training.fixU = readFixed(object["fixU"], reader: reader, path: "\(path).fixU", comparisons: comparisons)
        if let rule = reader.array(object["lambdaRule"], at: "\(path).lambdaRule") {
            training.lambdaRule = rule.enumerated().compactMap { index, item in
                guard let name = reader.string(item, at: "\(path).lambdaRule[\(index)]") else { return nil }
                if !comparisons.contains(where: { $0.name == name }) {
                    reader.problem("\(path).lambdaRule[\(index)]", "names no comparison")
                }
                return name
            }
        } else {
            training.lambdaRule = LinkSettings.didToHES.training.lambdaRule.filter { name in comparisons.contains { $0.name == name } }
        }
        // Absent: the default's stratum where this file has that comparison (checked against the
        // blocking rules with them, `checkStratum`); null: none.
        switch object["agreementStratum"] {
        case .none: training.agreementStratum = LinkSettings.didToHES.training.agreementStratum.flatMap { name in
            comparisons.contains { $0.name == name } ? name : nil
        }
        case .null?: training.agreementStratum = nil
        case let json?:
            training.agreementStratum = reader.string(json, at: "\(path).agreementStratum")
            if let name = training.agreementStratum, !comparisons.contains(where: { $0.name == name }) {
                reader.problem("\(path).agreementStratum", "names no comparison")
            }
        }
        return training
    }
}

extension TrainingSettings {
    /// `{"name": [p per non-null level]}`: each name a comparison, one probability in (0, 1] per
    /// non-null level of its comparator, summing to 1.
    static func readFixed(_ json: JSON?, reader: JSONReader, path: String, comparisons: [ComparisonSettings]) -> [String: [Double]] {
        guard let object = reader.object(json, at: path) else { return [:] }
        var fixed: [String: [Double]] = [:]
        for name in object.keys.sorted() {
            let itemPath = "\(path).\(name)"
            guard let comparison = comparisons.first(where: { $0.name == name }) else {
                reader.problem(itemPath, "names no comparison")
                continue
            }
            let values = (reader.array(object[name], at: itemPath) ?? []).enumerated().map { index, value in
                reader.number(value, at: "\(itemPath)[\(index)]", default: 0, in: 1e-300...1)
            }
            let levels = ((try? FieldComparison(comparison))?.levelCount ?? 1) - 1
            if values.count != levels {
                reader.problem(itemPath, "expected \(levels) probabilities (one per non-null level, strongest first)")
                continue
            }
            if abs(values.reduce(0, +) - 1) > 1e-6 {
                reader.problem(itemPath, "expected probabilities summing to 1")
                continue
            }
            fixed[name] = values
        }
        return fixed
    }
}

extension LinkingSettings {
    static func read(_ object: [String: JSON], reader: JSONReader, path: String, comparisons: [ComparisonSettings]) -> LinkingSettings {
        reader.rejectUnknownKeys(object, known: ["linkMinimumWeight", "reviewMinimumWeight", "nearTieMargin", "scoreOnlyProbability",
                                                 "bands", "dropColumns", "keepComparedColumns", "conflicts", "duplicateRule"], at: path)
        var linking = LinkingSettings()
        linking.linkMinimumWeight = reader.number(object["linkMinimumWeight"], at: "\(path).linkMinimumWeight", default: linking.linkMinimumWeight, in: -200...200)
        linking.reviewMinimumWeight = reader.number(object["reviewMinimumWeight"], at: "\(path).reviewMinimumWeight", default: linking.reviewMinimumWeight, in: -200...200)
        if linking.reviewMinimumWeight > linking.linkMinimumWeight {
            reader.problem("\(path).reviewMinimumWeight", "expected a weight no greater than linkMinimumWeight")
        }
        linking.nearTieMargin = reader.number(object["nearTieMargin"], at: "\(path).nearTieMargin", default: linking.nearTieMargin, in: 0...100)
        linking.scoreOnlyProbability = reader.number(
            object["scoreOnlyProbability"], at: "\(path).scoreOnlyProbability", default: linking.scoreOnlyProbability, in: 0.5...1)
        let names = Set(comparisons.map(\.name))
        if let bands = reader.array(object["bands"], at: "\(path).bands") {
            linking.bands = bands.enumerated().compactMap { index, item in
                MatchBand.read(item, reader: reader, path: "\(path).bands[\(index)]", names: names)
            }
        }
        if let columns = reader.array(object["dropColumns"], at: "\(path).dropColumns") {
            linking.dropColumns = columns.enumerated().compactMap { reader.string($1, at: "\(path).dropColumns[\($0)]") }
        } else {
            linking.dropColumns = LinkSettings.didToHES.linking.dropColumns
        }
        linking.keepComparedColumns = readKept(object["keepComparedColumns"], dropped: linking.dropColumns, reader: reader,
                                               path: "\(path).keepComparedColumns", comparisons: comparisons)
        if let conflicts = reader.array(object["conflicts"], at: "\(path).conflicts") {
            linking.conflicts = conflicts.enumerated().compactMap { index, item in
                let itemPath = "\(path).conflicts[\(index)]"
                guard let conflict = reader.object(item, at: itemPath) else { return nil }
                reader.rejectUnknownKeys(conflict, known: ["agrees", "disagrees"], at: itemPath)
                let agrees = reader.string(conflict["agrees"], at: "\(itemPath).agrees")
                let disagrees = reader.string(conflict["disagrees"], at: "\(itemPath).disagrees")
                for (key, name) in [("agrees", agrees), ("disagrees", disagrees)] where name.map({ !names.contains($0) }) ?? false {
                    reader.problem("\(itemPath).\(key)", "names no comparison")
                }
                guard let agrees, let disagrees else { return nil }
                return Conflict(agrees: agrees, disagrees: disagrees)
            }
        } else {
            linking.conflicts = LinkSettings.didToHES.linking.conflicts.filter { names.contains($0.agrees) && names.contains($0.disagrees) }
        }
        if let rule = reader.array(object["duplicateRule"], at: "\(path).duplicateRule") {
            linking.duplicateRule = rule.enumerated().compactMap { index, item in
                let itemPath = "\(path).duplicateRule[\(index)]"
                guard let name = reader.string(item, at: itemPath) else { return nil }
                guard let comparison = comparisons.first(where: { $0.name == name }) else {
                    reader.problem(itemPath, "names no comparison")
                    return nil
                }
                if comparison.kind.isText { reader.problem(itemPath, "names a text comparison (expected a coded one: nhs-number, date, sex, postcode)") }
                return name
            }
        } else {
            // The default only where the model's comparisons carry it (older settings files).
            let rule = LinkSettings.didToHES.linking.duplicateRule
            linking.duplicateRule = rule.allSatisfy(names.contains) ? rule : []
        }
        return linking
    }
}

extension LinkingSettings {
    /// `keepComparedColumns`: each a column some comparison reads from the left file (ignoring case)
    /// and not also in `dropColumns`. Absent: the default's, where a comparison reads it.
    static func readKept(_ json: JSON?, dropped: [String], reader: JSONReader, path: String,
                         comparisons: [ComparisonSettings]) -> [String] {
        guard let list = reader.array(json, at: path) else { return defaultKept(comparisons: comparisons, dropped: dropped) }
        let compared = Set(comparisons.map { $0.leftColumn.lowercased() })
        let droppedNames = Set(dropped.map { $0.lowercased() })
        return list.enumerated().compactMap { index, item in
            guard let name = reader.string(item, at: "\(path)[\(index)]") else { return nil }
            if !compared.contains(name.lowercased()) {
                reader.problem("\(path)[\(index)]", "names no column a comparison reads from the left file (other columns are kept unless in dropColumns)")
            } else if droppedNames.contains(name.lowercased()) {
                reader.problem("\(path)[\(index)]", "is also in dropColumns (keep it or drop it)")
            }
            return name
        }
    }

    /// The built-in default's kept columns that `comparisons` read from the left file and that are
    /// not `dropped`.
    static func defaultKept(comparisons: [ComparisonSettings], dropped: [String]) -> [String] {
        let compared = Set(comparisons.map { $0.leftColumn.lowercased() })
        let droppedNames = Set(dropped.map { $0.lowercased() })
        return LinkSettings.didToHES.linking.keepComparedColumns.filter {
            compared.contains($0.lowercased()) && !droppedNames.contains($0.lowercased())
        }
    }
}

extension MatchBand {
    var json: JSON {
        var members: [String: JSON] = ["rank": .string(rank), "minimumWeight": .number(minimumWeight)]
        if let minimumProbability { members["minimumProbability"] = .number(minimumProbability) }
        if !requires.isEmpty {
            members["requires"] = .object(requires.mapValues { .array($0.map { .number(Double($0)) }) })
        }
        if !meaning.isEmpty { members["meaning"] = .string(meaning) }
        return .object(members)
    }

    static func read(_ json: JSON, reader: JSONReader, path: String, names: Set<String>) -> MatchBand? {
        guard let object = reader.object(json, at: path) else { return nil }
        reader.rejectUnknownKeys(object, known: ["rank", "minimumWeight", "minimumProbability", "requires", "meaning"], at: path)
        let minimumProbability = object["minimumProbability"] == nil
            ? nil : reader.number(object["minimumProbability"], at: "\(path).minimumProbability", default: 0.5, in: 0...1)
        let rank = reader.string(object["rank"], at: "\(path).rank")
        if object["minimumWeight"] == nil { reader.problem("\(path).minimumWeight", "is required (a number)") }
        let weight = reader.number(object["minimumWeight"], at: "\(path).minimumWeight", default: 0, in: -200...200)
        var requires: [String: [Int]] = [:]
        if let required = reader.object(object["requires"], at: "\(path).requires") {
            for (name, levels) in required.sorted(by: { $0.key < $1.key }) {
                if !names.contains(name) { reader.problem("\(path).requires.\(name)", "names no comparison") }
                requires[name] = reader.array(levels, at: "\(path).requires.\(name)")?.enumerated().map { index, level in
                    reader.integer(level, at: "\(path).requires.\(name)[\(index)]", default: 0, in: 0...64)
                } ?? []
            }
        }
        let meaning = reader.string(object["meaning"], at: "\(path).meaning", default: "") ?? ""
        guard let rank else { return nil }
        return MatchBand(rank: rank, minimumWeight: weight, minimumProbability: minimumProbability, requires: requires, meaning: meaning)
    }
}
