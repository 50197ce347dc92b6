// swift-tools-version:6.1
import PackageDescription

// Each module has one job and depends only on those listed before it; see docs/ARCHITECTURE.md.
let package = Package(
    name: "LeadMail",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "leadmail", targets: ["leadmail"]),
        .library(name: "Intake", targets: ["Intake"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Only HummingbirdBcrypt: passwords of LeadDesk's users are hashed with bcrypt, never by hand.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // The web workspace for sales staff (module Web): HTTP server, router and its test client.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
    ],
    targets: [
        // libcurl, the system C library, behind a module map and a header-only shim for the variadic setopt.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // libpq, PostgreSQL's synchronous C client, for the shared store (PostgresStore); see docs/ARCHITECTURE.md.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "MIME"),
        .target(name: "Maildir"),
        .target(name: "SMTP", dependencies: ["CCurl", "Maildir"]),
        .target(name: "Leads", dependencies: ["MIME"]),
        .target(
            name: "LeadStore",
            dependencies: ["Leads", "MIME", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The shared store for several hosts: both store ports over one PostgreSQL database, through libpq.
        .target(name: "PostgresStore", dependencies: ["CLibPQ", "Leads", "LeadStore"]),
        .target(
            name: "Templates",
            dependencies: ["MIME", .product(name: "Yams", package: "Yams")]
        ),
        // People's work: every action on a lead as one call taking the acting user, users and their roles, the
        // lead rules that run after intake and on timers.
        .target(
            name: "LeadDesk",
            dependencies: [
                "Leads", "LeadStore", "MIME", "Templates",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // The web workspace for sales staff: pages rendered on the server over LeadDesk, sessions, CSRF, throttling.
        .target(
            name: "Web",
            dependencies: [
                "LeadDesk", "MIME",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Assets/static"), .copy("Pages/templates")]
        ),
        .target(
            name: "Intake",
            dependencies: [
                "MIME", "Maildir", "SMTP", "Leads", "LeadStore", "PostgresStore", "Templates", "LeadDesk",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "leadmail",
            dependencies: [
                "Intake", "LeadDesk", "MIME", "Leads", "LeadStore", "Templates", "Maildir", "SMTP", "Web",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // The binary's own pages count in every process's resident size. The toolchain's lld packs the
            // 120,000 relative relocations of a position-independent binary into 24 KB (`-z pack-relative-relocs`,
            // DT_RELR, glibc 2.36) instead of 2.9 MB of `.rela.dyn` read at each start, and nothing looks our
            // symbols up at run time, so they stay out of the dynamic symbol table the loader searches (2 MB).
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker",
                        "--no-export-dynamic",
                    ], .when(platforms: [.linux]))
            ]
        ),
        // What the benchmarks share: the generated corpus, aiosmtpd, child processes with their peak RSS.
        .target(name: "BenchmarkSupport", dependencies: ["MIME", "SMTP"], path: "Benchmarks/BenchmarkSupport"),
        // The figures to quote in one table (ingest, latency, memory, sending, floors, peers): `make bench`.
        .executableTarget(
            name: "LeadMailBenchmark",
            dependencies: [
                "BenchmarkSupport", "SMTP", "Intake", "Leads", "MIME", .product(name: "GRDB", package: "GRDB.swift"),
            ], path: "Benchmarks/LeadMailBenchmark"),
        // The MIME parser alone over a generated maildir, beside Python's email: `make bench-parser` (release).
        .executableTarget(
            name: "ParserBenchmark", dependencies: ["MIME", "BenchmarkSupport"],
            path: "Benchmarks/ParserBenchmark", exclude: ["python_email_bench.py"]),
        // Replies per second to a local aiosmtpd, one connection vs one per reply: `make bench-send` (release).
        .executableTarget(
            name: "SendBenchmark", dependencies: ["SMTP", "BenchmarkSupport"],
            path: "Benchmarks/SendBenchmark"),
        // Shared by the tests: a real SMTP server (aiosmtpd) on 127.0.0.1, temporary maildirs and fixtures.
        .target(
            name: "TestSupport", dependencies: ["Maildir", "LeadStore", "Leads", "PostgresStore"],
            path: "Tests/TestSupport",
            resources: [.copy("smtp_sink.py")]),
        .testTarget(name: "MIMETests", dependencies: ["MIME"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MaildirTests", dependencies: ["Maildir", "TestSupport"]),
        .testTarget(name: "SMTPTests", dependencies: ["SMTP", "MIME", "TestSupport"]),
        .testTarget(name: "LeadsTests", dependencies: ["Leads", "MIME"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LeadStoreTests", dependencies: ["LeadStore", "Leads", "TestSupport"]),
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresStore", "LeadStore", "Leads", "TestSupport"]),
        // swift-mustache rendered the replies before Templates did; the tests hold the two to the same output.
        .testTarget(
            name: "TemplatesTests",
            dependencies: [
                "Templates", .product(name: "Mustache", package: "swift-mustache"),
            ]),
        .testTarget(
            name: "IntakeTests",
            dependencies: [
                "Intake", "LeadDesk", "TestSupport", "Maildir", "LeadStore", "Leads",
            ]),
        .testTarget(
            name: "LeadDeskTests", dependencies: ["LeadDesk", "LeadStore", "Leads", "MIME", "Templates", "TestSupport"]),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "Web", "LeadDesk", "LeadStore", "Leads", "Templates", "TestSupport", "Intake",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        // The benchmark's smoke mode, so that `make bench` cannot rot.
        .testTarget(
            name: "BenchmarkTests",
            dependencies: [
                "LeadMailBenchmark", "leadmail", "BenchmarkSupport", "TestSupport",
            ]),
        .testTarget(
            name: "LeadMailCLITests",
            dependencies: [
                "leadmail", "TestSupport", "Maildir", "PostgresStore", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ]
)
