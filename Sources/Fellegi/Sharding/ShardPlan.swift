import LinkIO

/// Step `plan` of a sharded job (docs/spark.md): what the engine's driver needs from the model before
/// it starts, as JSON: links.csv's header line for the left file's header (`linksHeader`), the
/// block cap the tables file's `oversized` rows apply (`maxBlockSize`), the rows kept per right id
/// (`maxEntityRows`) and the number of blocking rules (`rules`: one score pass covers them all).
package enum ShardPlan {
    /// - Throws: `InputError` when the left header lacks a column the settings read or carries one
    ///   that links.csv adds (as `run` refuses it).
    package static func json(leftHeader: CSVHeader, settings: LinkSettings) throws -> JSON {
        _ = try leftHeader.requireColumns([settings.left.idColumn] + settings.comparisons.map(\.leftColumn))
        let kept = try LinkOutput.keptColumns(leftHeader, settings: settings)
        var line = CSVLine()
        for name in LinkOutput.header(leftHeader, kept: kept, settings: settings) { line.field(name) }
        return .object([
            "linksHeader": .string(String(decoding: line.bytes, as: UTF8.self)),
            "maxBlockSize": .number(Double(settings.blocking.maxBlockSize)),
            "maxEntityRows": .number(Double(settings.blocking.maxEntityRows)),
            "rules": .number(Double(settings.blocking.rules.count)),
        ])
    }
}
