// swift-tools-version:6.1
// Spate: a single-machine stream processor. The runtime is Swift; jobs are written in Python with
// PyFlink's API and reach the runtime through libspate.so (the C ABI in Sources/SpateC/include/spate.h).
//
// The Python package links libspate.so built as:
//     swift build -c release --product spate -Xswiftc -static-stdlib
// `-static-stdlib` is given on the command line (see Makefile and python/setup.py), not here, so that
// `swift build` / `swift test` during development use the ordinary shared Swift runtime.
import PackageDescription

// Release builds skip the runtime exclusivity checks on class properties: they were a third of a
// keyed job's time (every append to a column checks its buffer). Debug builds, and so `swift test`,
// keep them and catch violations there.
let releaseSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Spate",
    products: [
        // libspate.so: the Swift runtime behind the C ABI that the Python extension spate._spate links.
        .library(name: "spate", type: .dynamic, targets: ["SpateC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // The engine: types, graphs, operators, state, runtime, connectors. Knows nothing of C or Python.
        .target(
            name: "SpateCore",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                "CPlatform",
            ],
            path: "Sources/SpateCore",
            swiftSettings: releaseSettings + [.swiftLanguageMode(.v6)]
        ),
        // The system calls Swift's Glibc module leaves out (mremap, for large buffers that grow
        // without copying). Only a header: nothing to link.
        .systemLibrary(name: "CPlatform", path: "Sources/CPlatform"),
        // spate.h as a Clang module (include/module.modulemap), so the Swift code implements exactly
        // the declared C types. Only a header: nothing to link.
        .systemLibrary(name: "CSpate", path: "Sources/SpateC/include"),
        .target(
            name: "SpateC",
            dependencies: ["SpateCore", "CSpate"],
            path: "Sources/SpateC",
            // The C ABI (@_cdecl functions) over SpateCore; include/spate.h is the header that C
            // callers (python/spate/_spate*.c) compile against, served to Swift by CSpate above.
            exclude: ["include"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "SpateCoreTests",
            dependencies: ["SpateCore", "SpateC"],
            path: "Tests/SpateCoreTests"
        ),
        // Native benchmarks of the runtime (bench/run.py runs it in release mode).
        .executableTarget(
            name: "SpateBench",
            dependencies: ["SpateCore"],
            path: "Sources/SpateBench"
        ),
    ],
    swiftLanguageModes: [.v5]
)
