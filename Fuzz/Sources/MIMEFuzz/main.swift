#if canImport(Glibc)
import Glibc
#endif
import MIME

/// One input: parse the bytes with tight limits and touch every derived field, so that a crash, a hang or a
/// quadratic blow-up anywhere in `MessageParser` or `MessageReading` shows up.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let parser = MessageParser(limits: ParseLimits(maxMessageSize: 1 << 20, maxDepth: 12, maxParts: 500))
    if let message = try? parser.parse(bytes) {
        _ = try? MessageReading(message).jsonLine()
    }
    return 0
}

/// libFuzzer's driver, called from our own `main` because SwiftPM gives an executable target its entry point.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, { fuzzOne($0, $1) }))
