import CSpate
import Testing
@testable import SpateC
@testable import SpateCore

/// What a host function declares about its output rows is checked where it crosses the C ABI:
/// the rows are gathered later without checks.
@Suite struct HostOutputTests {
    private func output(rows: Int) -> HostOutput {
        HostOutput(valuesType: .int64, keyType: nil, assignsTimestamps: false, inputRows: rows)
    }

    @Test func parentsOutsideTheInputAreRefused() {
        let out = output(rows: 3)
        #expect(spate_output_row(out.unretainedHandle, 2) == SPATE_OK)
        #expect(spate_output_row(out.unretainedHandle, 3) == SPATE_ERROR)
        #expect(String(cString: spate_last_error()) == "output row's parent 3 is not a row of the 3-row input")
        #expect(spate_output_row(out.unretainedHandle, -1) == SPATE_ERROR)
        // Once truncated to 32 bits, 2^32 + 1 was row 1: now it is an error.
        #expect(spate_output_row(out.unretainedHandle, (1 << 32) + 1) == SPATE_ERROR)
        #expect(out.parents == [2])
    }

    @Test func bulkParentsAreCheckedToo() {
        let out = output(rows: 2)
        let parents: [Int64] = [0, 1, 1 << 33]
        #expect(spate_output_rows(out.unretainedHandle, parents, 3) == SPATE_ERROR)
        #expect(spate_output_rows(out.unretainedHandle, nil, 0) == SPATE_OK)
        #expect(spate_output_rows(out.unretainedHandle, nil, 2) == SPATE_ERROR)
    }

    @Test func sideOutputParentsAreChecked() {
        let out = output(rows: 1)
        out.declareSides([.int64])
        #expect(spate_output_side_row(out.unretainedHandle, 0, 0) == SPATE_OK)
        #expect(spate_output_side_row(out.unretainedHandle, 0, 1) == SPATE_ERROR)
        #expect(spate_output_side_row(out.unretainedHandle, 1, 0) == SPATE_ERROR)
    }
}
