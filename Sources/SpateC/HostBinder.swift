import CSpate
import SpateCore

/// The host's `spate_binder`: binds the functions a plan names by number to their types.
struct HostBinder: HostFunctionBinder {
    let binder: spate_binder

    init(_ binder: spate_binder) { self.binder = binder }

    var functionCount: Int { Int(binder.n_functions) }

    func bind(_ index: Int, as convention: CallConvention, input: DataType, output: DataType?, key: DataType?,
              sides: [PlanSideOutput], label: String) throws(SpateError) -> any HostFunction {
        guard let bind = binder.bind else { throw SpateError(.invalidArgument, "the binder has no bind function") }
        var udf = spate_udf()
        let tags = sides.map { strdup($0.tag) }
        let types = sides.map { strdup($0.type.description) }
        defer { (tags + types).forEach { free($0) } }
        let status = tags.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { tagPointers in
            types.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { typePointers in
                bind(binder.context, Int64(index), convention.rawValue, input.description, output?.description,
                     key?.description, tagPointers.baseAddress, typePointers.baseAddress, Int32(sides.count), label, &udf)
            }
        }
        guard status == 0 else { throw SpateError(.callbackFailed, "\(label): function \(index) could not be bound") }
        // An undeclared key travels as the host's canonical bytes, in a str column.
        let host = HostUDF(udf, outputType: output, keyType: convention == .key ? (key ?? .string) : nil)
        host.sideTypes = sides.map(\.type)
        return host
    }
}

#if canImport(Glibc)
import Glibc
#endif
