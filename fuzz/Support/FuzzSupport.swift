import SafeText

/// What every fuzz target shares: libFuzzer's driver, and the one promise checked on all
/// output, that it is safe to show in a terminal.
///
/// The targets are linked with libFuzzer's `fuzzer_no_main` library and call its driver from
/// their own `main`, so SwiftPM builds them as ordinary executables (see fuzz/run.sh).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The test one input gets: the target's closure, kept where a C callback can reach it.
nonisolated(unsafe) private var oneInput: ([UInt8]) -> Void = { _ in }

public enum Fuzz {
    /// Runs libFuzzer with the process's arguments, calling `body` with each input.
    public static func run(_ body: @escaping ([UInt8]) -> Void) -> Never {
        oneInput = body
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            oneInput(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        }
        exit(status)
    }

    /// Stops the run (a crash libFuzzer reports, with the input saved) if `text` holds a
    /// control character (other than newline and tab), DEL, a C1 control, or a bidi control
    /// or isolate: none may reach a terminal.
    public static func expectDisplaySafe(_ text: String, _ what: @autoclosure () -> String) {
        for scalar in text.unicodeScalars where !isDisplaySafe(scalar) {
            fatalError("\(what()) holds U+\(String(scalar.value, radix: 16, uppercase: true)): \(text.debugDescription)")
        }
    }

    public static func isDisplaySafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return true
        case 0x00...0x1F, 0x7F...0x9F: return false
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return false
        default: return true
        }
    }

    /// How porttutor shows an untrusted string: through the one sanitiser.
    public static func shown(_ text: String) -> String { SafeText(untrusted: text).string }
    public static func shown(bytes: [UInt8]) -> String { SafeText(bytes: bytes).string }
}

@_silgen_name("exit") private func exit(_ status: Int32) -> Never
