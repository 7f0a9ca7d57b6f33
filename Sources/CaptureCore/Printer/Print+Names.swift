import NetworkTypes

// Addresses, ports and protocol numbers by name or number, as tcpdump's addrtoname.c.

extension TcpdumpPrinter {
    func printHost(_ ndo: inout PrintContext, _ address: IPAddress) {
        if !names.hosts.isEmpty, let name = names.hosts[address] { ndo.out.append(name); return }
        ndo.out.appendAddress(address)
    }

    func printIPv4Host(_ ndo: inout PrintContext, at p: Int) { printHost(&ndo, IPAddress(ipv4: ndo.bytes.u32(p)!)) }

    func printIPv6Host(_ ndo: inout PrintContext, at p: Int) { printHost(&ndo, ndo.bytes.ipv6(p)!) }

    func printTCPPort(_ ndo: inout PrintContext, _ port: UInt16) {
        if !names.tcpPorts.isEmpty, let name = names.tcpPorts[port] { ndo.out.append(name); return }
        ndo.out.appendDecimal(UInt32(port))
    }

    func printUDPPort(_ ndo: inout PrintContext, _ port: UInt16) {
        if !names.udpPorts.isEmpty, let name = names.udpPorts[port] { ndo.out.append(name); return }
        ndo.out.appendDecimal(UInt32(port))
    }

    func printProtocolNumber(_ ndo: inout PrintContext, _ number: UInt8) {
        if !names.protocols.isEmpty, let name = names.protocols[number] { ndo.out.append(name); return }
        ndo.out.append("ip-proto-"); ndo.out.appendDecimal(UInt32(number))
    }
}
