/// Login names by user id, as lsof and `fuser -v` print a socket's owner: read from
/// /etc/passwd at the edge and handed in, so the formatter stays pure. An id with no name
/// is written as its number, as both tools do.
public struct UserNames: Sendable, Hashable {
    private var names: [UInt32: String]

    public init(_ names: [UInt32: String] = [:]) {
        self.names = names
    }

    /// Parses passwd(5) text: `name:password:uid:...`. Names that are not plain printable
    /// ASCII are left out, so the file cannot put control characters on the screen.
    public init(parsingPasswd bytes: [UInt8]) {
        var table: [UInt32: String] = [:]
        for line in bytes.split(separator: 0x0A) {
            let fields = line.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard fields.count >= 3, let uid = UInt32(String(decoding: fields[2], as: UTF8.self)),
                  !fields[0].isEmpty, fields[0].allSatisfy({ $0 > 0x20 && $0 < 0x7F }), table[uid] == nil else { continue }
            table[uid] = String(decoding: fields[0], as: UTF8.self)
        }
        names = table
    }

    /// Root's name only: what every Unix calls user 0.
    public static let builtIn = UserNames([0: "root"])

    public func name(of uid: UInt32) -> String {
        names[uid] ?? String(uid)
    }
}
