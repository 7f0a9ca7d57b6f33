import Foundation
import Testing

/// What a packaged command-line tool owes its users: `make install` puts the binary, a man
/// page that renders and completions where bash, zsh and fish look for them, `make
/// uninstall` takes them away, and the Debian package installs, runs, grants capture only
/// when asked (to a group, as Wireshark's does) and removes cleanly.
///
/// They use the built binary (PORTTUTOR_BIN or the debug build) and the man page and
/// completions `make extras` made from it (`make test` makes them first). Port 18603 (this
/// suite's range is 18600-18609) carries the packet the capture test waits for.
@Suite(.serialized) struct InstallEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let capturePort = 18603

    static func temporaryFolder(_ tag: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-\(tag)-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// The extras `make install` ships, made from the binary by `make extras` (which
    /// `make test` runs before the tests; `swift test` alone cannot run SwiftPM's plugin
    /// from inside itself, so without them these tests are skipped and say why).
    static var haveExtras: Bool {
        ["porttutor.1", "porttutor.bash", "_porttutor", "porttutor.fish"].allSatisfy {
            FileManager.default.fileExists(atPath: "\(root)/.build/extras/\($0)")
        }
    }

    static func sh(_ script: String, environment: [String: String] = [:]) throws -> Command.Result {
        try Command.run(["env"] + environment.map { "\($0.key)=\($0.value)" } + ["sh", "-c", script])
    }

    static func files(under folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue { found.append(path) }
        }
        return found.sorted()
    }

    @Test(.enabled(if: haveExtras, "run `make extras BIN=…` first (make test does)"))
    func makeInstallPutsEachFileWhereItsReaderLooks() throws {
        let dest = try Self.temporaryFolder("destdir")
        defer { try? FileManager.default.removeItem(atPath: dest) }
        let make = "make --no-print-directory -C \(TmuxSession.quote(Self.root)) BIN=\(TmuxSession.quote(TmuxSession.binaryPath)) DESTDIR=\(TmuxSession.quote(dest))"
        let install = try Self.sh("\(make) install-files")
        try #require(install.status == 0, "\(install.output)")
        #expect(Self.files(under: dest) == [
            "usr/local/bin/porttutor", "usr/local/sbin/porttutor-enable-capture",
            "usr/local/share/bash-completion/completions/porttutor",
            "usr/local/share/fish/vendor_completions.d/porttutor.fish",
            "usr/local/share/man/man1/porttutor.1", "usr/local/share/man/man8/porttutor-enable-capture.8",
            "usr/local/share/zsh/site-functions/_porttutor",
        ])
        let share = dest + "/usr/local/share"

        // The man pages render, without a groff warning, and say what porttutor is.
        let manEnvironment = ["MANWIDTH": "80", "MANPAGER": "cat", "LANG": "C.UTF-8"]
        let man = try Self.sh("man -l \(share)/man/man1/porttutor.1", environment: manEnvironment)
        #expect(man.status == 0, "\(man.output)")
        for words in ["PORTTUTOR(1)", "NAME", "porttutor", "Learn how network ports work", "lessons", "export", "--version", "PORTTUTOR_LESSONS"] {
            #expect(man.output.contains(words), "the man page lacks \(words):\n\(man.output)")
        }
        let man8 = try Self.sh("man -l \(share)/man/man8/porttutor-enable-capture.8", environment: manEnvironment)
        #expect(man8.status == 0 && man8.output.contains("porttutor group"), "\(man8.output)")
        for page in ["man1/porttutor.1", "man8/porttutor-enable-capture.8"] {
            let warnings = try Self.sh("man --warnings -l \(share)/man/\(page) 2>&1 >/dev/null", environment: manEnvironment)
            #expect(warnings.output.isEmpty, "groff warns about \(page): \(warnings.output)")
        }

        // bash: bash-completion's own loader finds it under the prefix's share folder, and it completes.
        let bash = try Self.sh("""
            bash -c 'source /usr/share/bash-completion/bash_completion
            XDG_DATA_DIRS=\(share) __load_completion porttutor || exit 3
            complete -p porttutor
            COMP_WORDS=(porttutor li); COMP_CWORD=1; COMP_LINE="porttutor li"; COMP_POINT=${#COMP_LINE}
            _porttutor porttutor li porttutor; printf "reply:%s\\n" "${COMPREPLY[@]}"
            COMP_WORDS=(porttutor lessons ""); COMP_CWORD=2; COMP_LINE="porttutor lessons "; COMP_POINT=${#COMP_LINE}
            _porttutor porttutor "" lessons; printf "reply:%s\\n" "${COMPREPLY[@]}"'
            """)
        #expect(bash.status == 0, "\(bash.output)")
        #expect(bash.output.contains("-F _porttutor porttutor"), "\(bash.output)")
        #expect(bash.output.contains("reply:list") && bash.output.contains("reply:lint") && bash.output.contains("reply:export"), "\(bash.output)")

        // zsh: compinit picks _porttutor up from the folder installed, which is on zsh's
        // own fpath for this prefix, and the function parses.
        let zsh = try Self.sh("""
            zsh -fc 'print -l $fpath | grep -qx /usr/local/share/zsh/site-functions || { echo "not on fpath"; exit 4; }
            fpath=(\(share)/zsh/site-functions $fpath); autoload -Uz compinit; compinit -u -d "$TMPDIR/zcompdump"
            print -r -- "comp:$_comps[porttutor]"; autoload +X _porttutor && print parsed'
            """, environment: ["TMPDIR": dest])
        #expect(zsh.status == 0 && zsh.output.contains("comp:_porttutor") && zsh.output.contains("parsed"), "\(zsh.output)")

        // fish: autoloaded from the vendor folder under the prefix's share (XDG_DATA_DIRS), and it completes.
        let fish = try Self.sh("fish -c 'complete -C\"porttutor li\"; complete -C\"porttutor lessons e\"'", environment: [
            "HOME": dest, "XDG_DATA_DIRS": share, "PATH": "\(dest)/usr/local/bin:/usr/bin:/bin"])
        #expect(fish.status == 0, "\(fish.output)")
        for line in ["lint\tCheck lesson files", "list\tList the lessons", "export\tWrite the built-in lessons"] {
            #expect(fish.output.contains(line), "fish did not offer \(line): \(fish.output)")
        }

        // The installed binary is the whole program.
        let run = try Self.sh("cd / && \(dest)/usr/local/bin/porttutor list", environment: ["XDG_STATE_HOME": dest + "/state", "PORTTUTOR_LESSONS": ""])
        #expect(run.status == 0 && run.output.contains("What a port is"), "\(run.output)")

        let uninstall = try Self.sh("\(make) uninstall")
        #expect(uninstall.status == 0, "\(uninstall.output)")
        let left = Self.files(under: dest).filter { !$0.hasPrefix("state/") && !$0.hasPrefix("zcompdump") && !$0.hasPrefix(".") }
        #expect(left.isEmpty, "make uninstall left \(left)")
    }

    /// Installs on this machine (root, with dpkg, and no porttutor installed already), then purges.
    static var canInstallPackage: Bool {
        haveExtras && getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg")
            && (try? Command.run(["dpkg-query", "-W", "-f=${Status}", "porttutor"]).output.contains("installed")) != true
    }

    @Test(.enabled(if: canInstallPackage, "needs make extras (make test runs it), root, dpkg, and no porttutor package installed already"))
    func theDebianPackageInstallsRunsGrantsCaptureOnlyWhenAskedAndPurges() throws {
        let work = try Self.temporaryFolder("deb")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let deb = work + "/porttutor.deb"
        let build = try Self.sh("make --no-print-directory -C \(TmuxSession.quote(Self.root)) deb-package BIN=\(TmuxSession.quote(TmuxSession.binaryPath)) DEB=\(deb)",
                                environment: ["DEB_COMPRESSION": "none"])
        try #require(build.status == 0, "\(build.output)")
        let contents = try Self.sh("dpkg-deb -c \(deb); dpkg-deb -f \(deb) Package Version Depends")
        for path in ["./usr/bin/porttutor", "./usr/sbin/porttutor-enable-capture", "./usr/share/man/man1/porttutor.1.gz",
                     "./usr/share/man/man8/porttutor-enable-capture.8.gz", "./usr/share/bash-completion/completions/porttutor",
                     "./usr/share/zsh/vendor-completions/_porttutor", "./usr/share/fish/vendor_completions.d/porttutor.fish",
                     "./usr/share/doc/porttutor/copyright", "./usr/share/doc/porttutor/changelog.gz"] {
            #expect(contents.output.contains(path), "the package lacks \(path)")
        }
        #expect(contents.output.contains("Depends: libc6") && contents.output.contains("libpcap0.8") && contents.output.contains("libncursesw6"), "\(contents.output)")

        defer { _ = try? Self.sh("dpkg-statoverride --remove /usr/bin/porttutor 2>/dev/null; dpkg -P porttutor >/dev/null 2>&1") }
        let install = try Self.sh("dpkg -i \(deb)")
        try #require(install.status == 0, "\(install.output)")
        let version = try Self.sh("porttutor --version", environment: ["PATH": "/usr/bin:/bin"])
        #expect(version.status == 0 && version.output.hasPrefix("porttutor 0."), "\(version.output)")
        let list = try Self.sh("cd / && porttutor list", environment: ["PATH": "/usr/bin:/bin", "XDG_STATE_HOME": work + "/state", "PORTTUTOR_LESSONS": ""])
        #expect(list.status == 0 && list.output.contains("Watching packets"), "\(list.output)")
        let man = try Self.sh("man -w porttutor; man porttutor | head -5", environment: ["MANPAGER": "cat", "MANWIDTH": "80"])
        #expect(man.output.contains("/usr/share/man/man1/porttutor.1.gz") && man.output.contains("PORTTUTOR(1)"), "\(man.output)")

        // No capture right by default.
        let plain = try Self.sh("stat -c '%U:%G %a' /usr/bin/porttutor; getcap /usr/bin/porttutor")
        #expect(plain.output.trimmingCharacters(in: .whitespacesAndNewlines) == "root:root 755", "\(plain.output)")

        // The opt-in: the porttutor group's members capture, no one else may run it.
        let enable = try Self.sh("porttutor-enable-capture", environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
        try #require(enable.status == 0, "\(enable.output)")
        let gid = try Self.sh("getent group porttutor | cut -d: -f3").output.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(Int(gid) != nil, "no porttutor group: \(gid)")
        let granted = try Self.sh("stat -c '%U:%G %a' /usr/bin/porttutor; getcap /usr/bin/porttutor; dpkg-statoverride --list /usr/bin/porttutor")
        #expect(granted.output.contains("root:porttutor 750") && granted.output.contains("cap_net_admin,cap_net_raw=eip")
                && granted.output.contains("root porttutor 750 /usr/bin/porttutor"), "\(granted.output)")
        let member = try Self.sh("""
            setpriv --reuid=65534 --regid=65534 --groups=\(gid) sh -c 'exec /usr/bin/porttutor capture -i lo -c 1 -nn udp port \(Self.capturePort)' & capture=$!
            tries=0
            while kill -0 $capture 2>/dev/null && [ $tries -lt 100 ]; do
                python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"hi", ("127.0.0.1", \(Self.capturePort)))'
                sleep 0.1; tries=$((tries + 1))
            done
            wait $capture
            """)
        #expect(member.status == 0 && member.output.contains("127.0.0.1.\(Self.capturePort): UDP, length 2"), "a member could not capture: \(member.output)")
        let outsider = try Self.sh("setpriv --reuid=65534 --regid=65534 --clear-groups sh -c '/usr/bin/porttutor --version'")
        #expect(outsider.status == 126, "a non-member ran porttutor: \(outsider.output)")

        // An upgrade keeps the group's right (dpkg keeps the owner and mode; postinst the capabilities).
        let upgrade = try Self.sh("dpkg -i \(deb)")
        #expect(upgrade.status == 0, "\(upgrade.output)")
        let kept = try Self.sh("stat -c '%U:%G %a' /usr/bin/porttutor; getcap /usr/bin/porttutor")
        #expect(kept.output.contains("root:porttutor 750") && kept.output.contains("cap_net_admin,cap_net_raw=eip"), "\(kept.output)")

        let disable = try Self.sh("porttutor-enable-capture --disable", environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
        #expect(disable.status == 0, "\(disable.output)")
        let back = try Self.sh("stat -c '%U:%G %a' /usr/bin/porttutor; getcap /usr/bin/porttutor; dpkg-statoverride --list /usr/bin/porttutor")
        #expect(back.output.trimmingCharacters(in: .whitespacesAndNewlines) == "root:root 755", "\(back.output)")

        let purge = try Self.sh("dpkg -P porttutor")
        #expect(purge.status == 0, "\(purge.output)")
        for path in ["/usr/bin/porttutor", "/usr/share/man/man1/porttutor.1.gz", "/usr/share/bash-completion/completions/porttutor"] {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) is still there after dpkg -P")
        }
    }
}
