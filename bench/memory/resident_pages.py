# Which code of porttutor is resident when a command ends: run under gdb, it stops the
# command at exit_group, reads /proc/PID/pagemap for the executable's code mapping, and
# charges each present page to the module of the function at that address (by its
# mangled-name prefix in the symbol table, so use an unstripped build).
#   gdb -q -batch -x bench/memory/resident_pages.py --args .build/release/porttutor connections -tan
import gdb, os, struct, subprocess, bisect, re
gdb.execute("set pagination off")
gdb.execute("catch syscall exit_group")
gdb.execute("run")
pid = gdb.selected_inferior().pid
exe = os.readlink(f"/proc/{pid}/exe")
base = None; regions = []
for line in open(f"/proc/{pid}/maps"):
    m = line.split()
    if len(m) >= 6 and m[5] == exe:
        lo, hi = [int(x, 16) for x in m[0].split('-')]
        if base is None: base = lo - int(m[2], 16)
        if 'x' in m[1]: regions.append((lo, hi))
syms = []
out = subprocess.run(["nm", "--defined-only", "-n", exe], capture_output=True, text=True).stdout
for line in out.splitlines():
    p = line.split(' ', 2)
    if len(p) == 3 and p[1] in 'tTwW':
        syms.append((int(p[0], 16), p[2]))
addrs = [s[0] for s in syms]
def module(name):
    rules = [("Foundation/CF", r"^(\$s(10Foundation|20FoundationEssentials|26FoundationInternationalization|19_FoundationCShims|23_FoundationCollections)|_?_?CF|_NS|__NS|\$s\d+Foundation)"),
             ("ICU", r"^(icu_|u_|ucol|ures|uloc|udata|utrie|ucase|ubidi|unorm|_ZN6icu)"),
             ("ArgumentParser", r"^\$s(14ArgumentParser|22ArgumentParserToolInfo)"),
             ("Yams/libyaml", r"^(\$s4Yams|yaml_)"),
             ("porttutor's modules", r"^\$s(9porttutor|7Capture|11CaptureCore|11Connections|15ConnectionsCore|12ToolCommands|12NetworkTypes|8SafeText|5Tutor|3TUI|7Runtime|7Lessons|11LessonFiles|7Sockets|11SocketsCore|14BuiltinLessons)"),
             ("Swift stdlib", r"^\$s(s|S|12_Concurrency|17_StringProcessing|12_RegexParser|15Synchronization)"),
             ("Swift runtime (C++)", r"^(swift|_swift|_ZN5swift|_ZL|_ZN12_GLOBAL|_ZN\d+__swift|_ZNSt|_ZN)"),
             ("dispatch", r"^(\$s8Dispatch|dispatch_|_dispatch)")]
    for label, rx in rules:
        if re.match(rx, name): return label
    return "other C"
counts = {}
f = open(f"/proc/{pid}/pagemap", "rb")
for lo, hi in regions:
    for page in range(lo, hi, 4096):
        f.seek(page // 4096 * 8)
        if struct.unpack("<Q", f.read(8))[0] >> 63 & 1:
            rel = page - base
            i = bisect.bisect_right(addrs, rel + 2048) - 1
            label = module(syms[i][1]) if i >= 0 else "?"
            counts[label] = counts.get(label, 0) + 4
for k, v in sorted(counts.items(), key=lambda x: -x[1]): print(f"{v:6d} KB {k}")
gdb.execute("kill")
