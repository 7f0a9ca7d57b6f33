import NetworkTypes

/// The table as JSON for scripts (`porttutor connections --json`): one array, one object
/// per socket, keys fixed and numbers as numbers.
///
/// ```json
/// [
/// {"netid":"tcp","family":"ipv4","state":"ESTAB","recv_q":0,"send_q":0,
///  "local_address":"127.0.0.1","local_port":8080,"peer_address":"127.0.0.1",
///  "peer_port":51234,"inode":93731,"uid":0,"processes":[{"pid":412,"name":"nc","fd":3}]}
/// ]
/// ```
/// `processes` appears only when they were looked up (`-p`); each has `pid`, `name`
/// (the command name ss shows), `fd` and, when readable, `program` (argv[0] as netstat
/// shows it).
public enum ConnectionsJSON {
    public static func render(_ entries: [SocketEntry]) -> String {
        var out: [UInt8] = []
        write(entries, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func write(_ entries: [SocketEntry], to out: inout [UInt8]) {
        out.reserveCapacity(out.count + entries.count * 220 + 4)
        out.append(UInt8(ascii: "["))
        for (i, entry) in entries.enumerated() {
            out.append(contentsOf: i == 0 ? "\n".utf8 : ",\n".utf8)
            writeObject(entry, to: &out)
        }
        out.append(contentsOf: entries.isEmpty ? "]\n".utf8 : "\n]\n".utf8)
    }

    static func writeObject(_ e: SocketEntry, to out: inout [UInt8]) {
        field("netid", first: true, to: &out); string(e.transport.name, to: &out)
        field("family", to: &out); string(e.family == .ipv4 ? "ipv4" : "ipv6", to: &out)
        field("state", to: &out); string(e.state.ssName, to: &out)
        field("recv_q", to: &out); ByteText.appendDecimal(UInt64(e.recvQ), to: &out)
        field("send_q", to: &out); ByteText.appendDecimal(UInt64(e.sendQ), to: &out)
        field("local_address", to: &out); out.append(UInt8(ascii: "\"")); e.local.address.write(to: &out); out.append(UInt8(ascii: "\""))
        field("local_port", to: &out); ByteText.appendDecimal(UInt64(e.local.port), to: &out)
        field("peer_address", to: &out); out.append(UInt8(ascii: "\"")); e.remote.address.write(to: &out); out.append(UInt8(ascii: "\""))
        field("peer_port", to: &out); ByteText.appendDecimal(UInt64(e.remote.port), to: &out)
        field("inode", to: &out); ByteText.appendDecimal(e.inode, to: &out)
        field("uid", to: &out); ByteText.appendDecimal(UInt64(e.uid), to: &out)
        if e.interfaceIndex != 0 {
            field("interface_index", to: &out); ByteText.appendDecimal(UInt64(e.interfaceIndex), to: &out)
        }
        if e.family == .ipv6 && (e.state == .listen || e.state == .close) {
            field("v6_only", to: &out); out.append(contentsOf: (e.isV6Only ? "true" : "false").utf8)
        }
        if let processes = e.processes {
            field("processes", to: &out)
            out.append(UInt8(ascii: "["))
            for (i, p) in processes.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                field("pid", first: true, to: &out); ByteText.appendDecimal(UInt64(UInt32(bitPattern: p.pid)), to: &out)
                field("name", to: &out); string(p.name.string, to: &out)
                field("fd", to: &out); ByteText.appendDecimal(UInt64(UInt32(bitPattern: p.fd)), to: &out)
                if let program = p.programName {
                    field("program", to: &out); string(program.string, to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func field(_ name: String, first: Bool = false, to out: inout [UInt8]) {
        out.append(contentsOf: (first ? "{\"" : ",\"").utf8)
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: "\":".utf8)
    }

    /// A JSON string literal; quotes, backslashes and control characters escaped.
    static func string(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
