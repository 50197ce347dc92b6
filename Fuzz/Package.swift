// swift-tools-version:6.1
import PackageDescription

// The libFuzzer target for the MIME parser. A package of its own (the MIME sources are a symlink to
// ../Sources/MIME) so that `make test` never builds it; run it with `make fuzz` (see Fuzz/README.md).
// libFuzzer's runtime without its main(), from the toolchain (`make fuzz` passes FUZZER_NO_MAIN).
let fuzzerNoMain = Context.environment["FUZZER_NO_MAIN"]
    ?? "/opt/swift/usr/lib/swift/clang/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a"

let package = Package(
    name: "LeadMailFuzz",
    targets: [
        .target(name: "MIME", swiftSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]),
        .executableTarget(
            name: "MIMEFuzz",
            dependencies: ["MIME"],
            swiftSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])],
            // libFuzzer without its main: ours (main.swift) calls LLVMFuzzerRunDriver.
            linkerSettings: [.unsafeFlags(["-sanitize=address", "-use-ld=lld", "-Xlinker", fuzzerNoMain, "-lstdc++"])]
        ),
    ]
)
