/// Nodes of the Table API's connector tables: a table registered with a `TableDescriptor`, read
/// (`from_path`) or written (`execute_insert`). The connector and its options are checked here, as
/// Flink's factories check them, with errors naming the table and the option.

/// A column a table declares (`Schema.column(name, type)`), its type as a type string.
struct TableColumnSetting: Decodable {
    var name: String
    var type: String
}

/// The declared columns as a row type; each type string parsed once.
private func rowType(of columns: [TableColumnSetting]) throws(SpateError) -> DataType {
    var fields: [DataType.Field] = []
    for column in columns { fields.append(DataType.Field(column.name, try DataType(parsing: column.type))) }
    return .row(fields)
}

/// Reads a connector table: `datagen` or `filesystem`.
///
/// ```json
/// {"kind": "table_source", "settings": {"table": "default_catalog.default_database.numbers",
///   "options": {"connector": "datagen", "number-of-rows": "10"}, "columns": [{"name": "id", "type": "i32?"}]}}
/// ```
struct TableSourceNode: PlanNodeKind {
    static let kind = "table_source"
    var table: String
    var options: [String: String]
    var columns: [TableColumnSetting]

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        let type = try rowType(of: columns)
        let connector = options["connector"] ?? ""
        var reader = ConnectorOptions(table: table, connector: connector, options: options, sink: false)
        let batch = node.graph.runtimeMode == .batch
        let factory: OperatorFactory
        switch connector {
        case "datagen":
            let settings = try DataGenSettings(options: &reader, type: type)
            if batch && settings.numberOfRows == nil {
                throw .invalid("Querying an unbounded table '\(table)' in batch mode is not allowed. The table source is unbounded.")
            }
            factory = .source { _ in DataGenSource(settings: settings, type: type) }
        case "filesystem":
            let (path, format) = try FileSystemTable.options(&reader, type: type, sink: false)
            try Operators.checkFiles([path])
            factory = .source { _ in TableFileSource(path: path, type: type, format: format) }
        case "print", "blackhole":
            throw .invalid("Connector '\(connector)' can only be used as a sink. It cannot be used as a source.")
        default:
            throw reader.failure(unknownConnector(connector))
        }
        return try node.add(kind: "Source: \(table.split(separator: ".").last ?? "")[\(connector)]", outputType: type, factory: factory)
    }
}

/// Writes the rows of its input into a connector table: `print`, `blackhole` or `filesystem`. The
/// input's columns must be the table's, in number and type (nullability aside).
///
/// ```json
/// {"kind": "table_sink", "settings": {"table": "default_catalog.default_database.out",
///   "options": {"connector": "print"}, "columns": [{"name": "id", "type": "i64?"}], "overwrite": false}}
/// ```
struct TableSinkNode: PlanNodeKind {
    static let kind = "table_sink"
    var table: String
    var options: [String: String]
    var columns: [TableColumnSetting]
    var overwrite: Bool?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let input = try node.inputType()
        let declared = try rowType(of: columns)
        let conversion = try conversion(query: input, sink: declared)
        let connector = options["connector"] ?? ""
        var reader = ConnectorOptions(table: table, connector: connector, options: options, sink: true)
        let factory: OperatorFactory
        switch connector {
        case "print":
            let identifier = reader.string("print-identifier")
            let toStandardError = try reader.bool("standard-error") ?? false
            _ = try reader.int("sink.parallelism")
            try reader.finish(supported: ["print-identifier", "standard-error", "sink.parallelism"])
            factory = .transform { _ in
                TablePrintSink(identifier: identifier, toStandardError: toStandardError, conversion: conversion)
            }
        case "blackhole":
            try reader.finish(supported: [])
            factory = .transform { _ in BlackholeSink() }
        case "filesystem":
            let (path, format) = try FileSystemTable.options(&reader, type: declared, sink: true)
            let batch = node.graph.runtimeMode == .batch
            if overwrite == true && !batch { throw .invalid("Streaming mode not support overwrite.") }
            let encoder: any RowEncoder
            switch format {
            case .csv(let options): encoder = CsvEncoder(options: options)
            case .json(let options): encoder = JsonEncoder(decimalAsPlainNumber: options.decimalAsPlainNumber)
            }
            var settings = FileSinkOperator.Settings(basePath: path)
            settings.bucketFormat = nil
            // Flink's sink.rolling-policy defaults: 128 MiB parts, rolled after 30 minutes.
            settings.rolloverInterval = batch ? nil : 30 * 60 * 1000
            settings.table = .init(uuid: FileSinkOperator.randomUUID(), batch: batch, encoder: encoder,
                                   conversion: conversion, overwrite: overwrite == true)
            factory = .transform { _ in FileSinkOperator(settings: settings) }
            return try node.add(kind: "Sink: \(table)[\(connector)]", outputType: input, factory: factory)
        default:
            throw reader.failure(unknownConnector(connector))
        }
        if overwrite == true {
            throw .invalid("INSERT OVERWRITE requires that the underlying DynamicTableSink of table '\(table)' "
                           + "implements the SupportsOverwrite interface.")
        }
        return try node.add(kind: "Sink: \(table)[\(connector)]", outputType: input, factory: factory)
    }

    /// Flink's check of a query against its sink's schema: the same columns, cast implicitly where
    /// no value is lost.
    private func conversion(query: DataType, sink: DataType) throws(SpateError) -> SinkConversion? {
        do {
            return try SinkConversion.between(query: query, sink: sink)
        } catch {
            let described = { (fields: [DataType.Field]) in
                "[" + fields.map { "\($0.name): \($0.type.sqlName)\($0.type.isNullable ? "" : " NOT NULL")" }.joined(separator: ", ") + "]"
            }
            throw .invalid("Column types of query result and sink for '\(table)' do not match.\nCause: \(error.cause)\n\n"
                           + "Query schema: \(described(query.fields ?? []))\nSink schema:  \(described(sink.fields ?? []))")
        }
    }
}

/// The `filesystem` connector's options: its `path` and `format` (with the format's options).
enum FileSystemTable {
    static func options(_ reader: inout ConnectorOptions, type: DataType, sink: Bool) throws(SpateError) -> (String, TableFileFormat) {
        let path = reader.string("path")
        let formatName = reader.string("format")
        let missing = [("path", path), ("format", formatName)].filter { $0.1 == nil }.map(\.0)
        guard let path, let formatName, missing.isEmpty else {
            throw reader.failure("One or more required options are missing.\n\nMissing required options are:\n\n"
                                 + missing.joined(separator: "\n"))
        }
        let format: TableFileFormat
        let supported: [String]
        switch formatName {
        case "csv":
            let options = try CsvOptions(options: &reader)
            try CsvOptions.check(type, options: reader)
            format = .csv(options)
            supported = CsvOptions.supported
        case "json":
            format = .json(try JsonOptions(options: &reader))
            try JsonOptions.check(type, options: reader)
            supported = JsonOptions.supported
        default:
            throw reader.failure("Could not find any format factory for identifier '\(formatName)' in the classpath "
                                 + "(Spate's formats: csv, json).")
        }
        try reader.finish(supported: ["path", "format"] + supported)
        return (path, format)
    }
}

/// Flink's message for a connector no factory provides.
private func unknownConnector(_ connector: String) -> String {
    "Could not find any factory for identifier '\(connector)' that implements "
        + "'org.apache.flink.table.factories.DynamicTableFactory' in the classpath.\n\n"
        + "Available factory identifiers are:\n\nblackhole\ndatagen\nfilesystem\nprint"
}

extension DataType {
    /// The type with every NOT NULL and nullable marker removed, at every level.
    var withoutNullability: DataType {
        switch self {
        case .notNull(let inner), .nullable(let inner): return inner.withoutNullability
        case .list(let element): return .list(element.withoutNullability)
        case .map(let key, let value): return .map(key.withoutNullability, value.withoutNullability)
        case .multiset(let element): return .multiset(element.withoutNullability)
        case .tuple(let types): return .tuple(types.map(\.withoutNullability))
        case .row(let fields): return .row(fields.map { Field($0.name, $0.type.withoutNullability) })
        default: return self
        }
    }
}
