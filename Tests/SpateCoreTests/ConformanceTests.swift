import CSpate
import Foundation
import Testing
@testable import SpateC
@testable import SpateCore

/// The type-mapping conformance cases (Tests/Conformance/types.json), Swift's side: each case that
/// has a `swift` form is built through the C ABI's builders, exported as an Arrow array and read
/// back, with no Python involved. (Python's side is python/tests/test_conformance.py.)
@Suite struct ConformanceTests {
    struct Case: @unchecked Sendable, CustomStringConvertible {
        var id: String
        var type: String
        var value: Any
        var expectsError: Bool
        var description: String { id }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/types.json")
        guard let data = try? Data(contentsOf: url),
              let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return list.compactMap { entry in
            guard let swift = entry["swift"] as? [String: Any], let type = swift["type"] as? String,
                  let id = entry["id"] as? String, swift.keys.contains("value") else { return nil }
            return Case(id: id, type: type, value: swift["value"]!, expectsError: entry["expect_error"] != nil)
        }
    }()

    @Test func theCasesAreThere() {
        #expect(Self.cases.count >= 100)
    }

    @Test(arguments: cases)
    func roundTripThroughTheCABI(_ testCase: Case) throws {
        let type = try DataType(parsing: testCase.type)
        var builder: OpaquePointer?
        #expect(spate_builder_create(testCase.type, &builder) == SPATE_OK)
        defer { spate_builder_destroy(builder) }
        let appended = append(testCase.value, type: type, to: builder)
        if testCase.expectsError {
            #expect(!appended, "\(testCase.id): expected the value to be rejected")
            return
        }
        #expect(appended, "\(testCase.id): \(String(cString: spate_last_error()))")
        guard appended, let column = ColumnBuilder.from(builder)?.column else { return }
        var array = ArrowArray()
        ArrowExport.export(column, into: &array)
        defer { array.release?(&array) }
        #expect(Self.same(read(&array, type: type, row: 0), testCase.value), "\(testCase.id)")
    }

    // MARK: building through the C ABI

    private func append(_ value: Any, type: DataType, to builder: OpaquePointer?) -> Bool {
        if value is NSNull || (value as? [String: Any])?["null"] as? Bool == true {
            return spate_builder_append_null(builder) == SPATE_OK
        }
        switch type.base {
        case .bool: return spate_builder_append_bool(builder, (value as! Bool) ? 1 : 0) == SPATE_OK
        case .int8, .int16, .int32, .int64, .date, .intervalYearMonth, .time, .timestamp, .timestampLTZ, .intervalDayTime:
            guard let number = Self.integer(value), let small = Int64(exactly: number) else { return false }
            return spate_builder_append_int(builder, small) == SPATE_OK
        case .decimal:
            guard let number = Self.integer(value) else { return false }
            return spate_builder_append_int128(builder, UInt64(truncatingIfNeeded: number), Int64(truncatingIfNeeded: number >> 64)) == SPATE_OK
        case .float32, .float64: return spate_builder_append_float(builder, Self.double(value)) == SPATE_OK
        case .string, .char, .bigDecimal:
            let bytes = Array((value as! String).utf8)
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { spate_builder_append_str(builder, $0.baseAddress, Int64($0.count)) }
            } == SPATE_OK
        case .list:
            let child = spate_builder_child(builder, 0)
            for element in value as! [Any] where !append(element, type: type.listElement!, to: child) { return false }
            return spate_builder_append_list(builder) == SPATE_OK
        case .map, .multiset:
            let entries = spate_builder_child(builder, 0)
            let entryType = type.listElement!.fields!
            for pair in value as! [[Any]] {
                guard append(pair[0], type: entryType[0].type, to: spate_builder_child(entries, 0)),
                      append(pair[1], type: entryType[1].type, to: spate_builder_child(entries, 1)),
                      spate_builder_append_struct(entries) == SPATE_OK else { return false }
            }
            return spate_builder_append_list(builder) == SPATE_OK
        case .tuple, .row:
            let fields = type.fields!
            let values = value as! [Any]
            guard values.count == fields.count else { return false }
            for (index, field) in fields.enumerated() where !append(values[index], type: field.type, to: spate_builder_child(builder, Int32(index))) {
                return false
            }
            return spate_builder_append_struct(builder) == SPATE_OK
        default:
            return false
        }
    }

    // MARK: reading back from the Arrow array

    private func read(_ array: UnsafePointer<ArrowArray>, type: DataType, row: Int) -> Any {
        let a = array.pointee
        if let validity = a.buffers[0]?.assumingMemoryBound(to: UInt8.self), validity[row >> 3] & (1 << UInt8(row & 7)) == 0 {
            return NSNull()
        }
        let values = a.n_buffers > 1 ? a.buffers[1] : nil
        switch type.base {
        case .bool: return values!.assumingMemoryBound(to: UInt8.self)[row >> 3] & (1 << UInt8(row & 7)) != 0
        case .int8: return Int128(values!.assumingMemoryBound(to: Int8.self)[row])
        case .int16: return Int128(values!.assumingMemoryBound(to: Int16.self)[row])
        case .int32, .date, .intervalYearMonth: return Int128(values!.assumingMemoryBound(to: Int32.self)[row])
        case .int64, .time, .timestamp, .timestampLTZ, .intervalDayTime: return Int128(values!.assumingMemoryBound(to: Int64.self)[row])
        case .decimal: return values!.assumingMemoryBound(to: Int128.self)[row]
        case .float32: return Double(values!.assumingMemoryBound(to: Float.self)[row])
        case .float64: return values!.assumingMemoryBound(to: Double.self)[row]
        case .string, .char, .bigDecimal:
            let offsets = values!.assumingMemoryBound(to: Int64.self)
            let bytes = a.buffers[2]!.assumingMemoryBound(to: UInt8.self)
            return String(decoding: UnsafeBufferPointer(start: bytes + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row])), as: UTF8.self)
        case .list, .map, .multiset:
            let offsets = values!.assumingMemoryBound(to: Int64.self)
            let child = UnsafePointer(a.children[0]!)
            let range = Int(offsets[row])..<Int(offsets[row + 1])
            if case .list(let element) = type.base { return range.map { read(child, type: element, row: $0) } }
            let entryType = type.listElement!.fields!
            return range.map { entry in
                [read(UnsafePointer(child.pointee.children[0]!), type: entryType[0].type, row: entry),
                 read(UnsafePointer(child.pointee.children[1]!), type: entryType[1].type, row: entry)]
            }
        case .tuple, .row:
            return type.fields!.indices.map { read(UnsafePointer(a.children[$0]!), type: type.fields![$0].type, row: row) }
        default:
            return NSNull()
        }
    }

    // MARK: comparing JSON values

    static func integer(_ value: Any) -> Int128? {
        if let text = value as? String { return Int128(text) }
        if let number = value as? Int { return Int128(number) }
        return nil
    }

    static func double(_ value: Any) -> Double {
        if let text = value as? String { return Double(text) ?? .nan }
        return (value as! NSNumber).doubleValue
    }

    static func same(_ got: Any, _ expected: Any) -> Bool {
        if got is NSNull { return expected is NSNull || (expected as? [String: Any])?["null"] as? Bool == true }
        if let got = got as? Bool { return (expected as? Bool) == got }
        if let got = got as? Int128 { return integer(expected) == got }
        if let got = got as? Double {
            let wanted = double(expected)
            return got == wanted || (got.isNaN && wanted.isNaN) || Double(Float(wanted)) == got
        }
        if let got = got as? String { return (expected as? String) == got }
        if let got = got as? [Any], let wanted = expected as? [Any] {
            return got.count == wanted.count && zip(got, wanted).allSatisfy { same($0, $1) }
        }
        return false
    }
}
