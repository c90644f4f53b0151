import Comparators
import Foundation
import LinkIO

extension QualityReport {
    /// `{"records", "matched", "rate"}`, the rate at 6 decimals.
    package static func countsJSON(_ c: Counts) -> [String: JSON] {
        ["records": .number(Double(c.records)), "matched": .number(Double(c.matched)), "rate": .number(rate(c.rate))]
    }

    /// quality.json: sorted keys, rates at 6 decimals, estimates at 3. Per-provider and per-month rows
    /// carry `identifiers` when the left file was read; `identifierComparisons` names and kinds them.
    package var json: JSON {
        func table(_ rows: [String: Counts], _ identifiers: [String: IdentifierValidity]) -> JSON {
            .object(Dictionary(uniqueKeysWithValues: rows.map { key, counts in
                var members = Self.countsJSON(counts)
                if let validity = identifiers[key] { members["identifiers"] = validity.json(names: identifierNames) }
                return (key, .object(members))
            }))
        }
        var members: [String: JSON] = [
            "overall": .object(Self.countsJSON(overall)),
            "ranks": .array(ranks.map { rank in
                .object(["rank": .string(rank.rank), "meaning": .string(rank.meaning), "matched": .number(Double(rank.matched)),
                         "expectedFalseLinks": rank.falseLinks.json])
            }),
            "perProvider": table(perProvider, identifiersPerProvider),
            "perMonth": table(perMonth, identifiersPerMonth),
            "expectedFalseLinks": falseLinks.json,
            "expectedMissedLinks": missedLinks.json,
            "weightDistribution": weights.json,
            "rules": .array(rules.map { .object(["topic": .string($0.topic), "text": .string($0.text)]) }),
        ]
        if let identifiers {
            var overallIdentifiers = identifiers.json(names: identifierNames)
            if case .object(var byName) = overallIdentifiers {
                for (k, name) in identifierNames.enumerated() {
                    if case .object(var one) = byName[name] { one["kind"] = .string(identifierKinds[k].rawValue); byName[name] = .object(one) }
                }
                overallIdentifiers = .object(byName)
            }
            members["identifiers"] = overallIdentifiers
            members["identifierComparisons"] = .array(identifierNames.map { .string($0) })
            members["subgroups"] = .object(Dictionary(uniqueKeysWithValues: subgroups.map { ($0.dimension, $0.json) }))
            members["minimumCell"] = .number(Double(SubgroupTable.minimumCell))
        }
        return .object(members)
    }

    /// Decodes quality.json (for the HTML report): `QualityReport(json: report.json).json == report.json`.
    /// Estimates come back at quality.json's precision.
    package init(json: JSON) {
        self.init()
        overall = Counts(json: json["overall"])
        ranks = (json["ranks"]?.array ?? []).map { rank in
            Rank(rank: rank["rank"]?.string ?? "", meaning: rank["meaning"]?.string ?? "", matched: Int(rank["matched"]?.number ?? 0),
                 falseLinks: ExpectedCount(json: rank["expectedFalseLinks"]))
        }
        falseLinks = ExpectedCount(json: json["expectedFalseLinks"])
        missedLinks = ExpectedCount(json: json["expectedMissedLinks"])
        weights = WeightDistribution(json: json["weightDistribution"])
        rules = (json["rules"]?.array ?? []).map { ValidationRules.Rule(topic: $0["topic"]?.string ?? "", text: $0["text"]?.string ?? "") }
        identifierNames = (json["identifierComparisons"]?.array ?? []).compactMap(\.string)
        identifierKinds = identifierNames.map { ComparisonKind(rawValue: json["identifiers"]?[$0]?["kind"]?.string ?? "") ?? .exact }
        let names = identifierNames
        func table(_ key: String) -> ([String: Counts], [String: IdentifierValidity]) {
            let rows = json[key]?.object ?? [:]
            let counts = rows.mapValues { Counts(json: $0) }
            let validity = names.isEmpty ? [:] : rows.mapValues { IdentifierValidity(json: $0["identifiers"], names: names, records: Int($0["records"]?.number ?? 0)) }
            return (counts, validity)
        }
        (perProvider, identifiersPerProvider) = table("perProvider")
        (perMonth, identifiersPerMonth) = table("perMonth")
        if !names.isEmpty {
            identifiers = IdentifierValidity(json: json["identifiers"], names: names, records: overall.records)
            let tables = json["subgroups"]?.object ?? [:]
            subgroups = ["age band", "sex", "postcode area"].compactMap { dimension in
                tables[dimension].map { SubgroupTable(dimension: dimension, json: $0) }
            }
        }
    }
}

extension ExpectedCount {
    /// Decodes `json`: mean and interval as written; the variance from the interval's upper end.
    package init(json: JSON?) {
        self.init(trials: Int(json?["trials"]?.number ?? 0), mean: json?["expected"]?.number ?? 0,
                  lower: json?["lower"]?.number ?? 0, upper: json?["upper"]?.number ?? 0)
    }
}
