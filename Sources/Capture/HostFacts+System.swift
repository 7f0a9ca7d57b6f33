#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CaptureCore

extension HostFacts {
    /// This machine's time zone now and its interfaces, as tcpdump would see them.
    public static func system() -> HostFacts {
        var now = time_t(time(nil))
        var parts = tm()
        let offset = localtime_r(&now, &parts) != nil ? Int(parts.tm_gmtoff) : 0
        var names: [UInt32: String] = [:]
        if let list = if_nameindex() {
            defer { if_freenameindex(list) }
            var entry = list
            while entry.pointee.if_index != 0, let name = entry.pointee.if_name {
                let text = String(cString: name)
                // Interface names reach the screen: keep printable ASCII only.
                let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F }))
                names[entry.pointee.if_index] = clean.isEmpty ? "?" : clean
                entry += 1
            }
        }
        return HostFacts(secondsEastOfUTC: offset, interfaceNames: names)
    }
}
