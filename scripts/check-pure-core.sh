#!/usr/bin/env bash
# Proves that porttutor's core is pure: builds the Tutor target alone (update, the view's
# model and everything they import) and reads the compiler's record of every module each
# of those targets loaded. Only the Swift standard library and the project's own pure
# targets may appear: no Glibc or Darwin (sockets, poll, files), no Foundation, no
# libpcap or ncurses. A target that imports one of them, even in one file, fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-purity
# A fresh compile of every module, so each writes its trace (an incremental build may skip
# the step that writes it); the package checkouts are kept.
rm -rf "$scratch"/*/debug/*.build
swift build --target Tutor --scratch-path "$scratch" -Xswiftc -emit-loaded-module-trace >/dev/null
python3 - "$scratch" <<'PY'
import glob, json, sys
pure_targets = {"Tutor", "Lessons", "SocketsCore", "ToolCommands", "ConnectionsCore", "CaptureCore",
                "NetworkTypes", "SafeText"}
# Executables that SwiftPM builds for the build plugins (they run at build time and never ship).
build_tools = {"EmbedLessonsTool"}
standard_library = {"Swift", "_Concurrency", "_StringProcessing", "SwiftOnoneSupport", "_SwiftConcurrencyShims"}
failed = False
seen = set()
for path in glob.glob(sys.argv[1] + "/*/debug/*.build/*.trace.json"):
    text, decoder, index, loaded, name = open(path).read(), json.JSONDecoder(), 0, set(), None
    while index < len(text):
        while index < len(text) and text[index].isspace():
            index += 1
        if index >= len(text):
            break
        record, index = decoder.raw_decode(text, index)
        name = record["name"]
        loaded |= {m["name"] for m in record["swiftmodulesDetailedInfo"]}
    if name in build_tools:
        continue
    seen.add(name)
    if name not in pure_targets:
        print(f"check-pure-core: {name} was built for Tutor but is not one of the pure targets; "
              f"add it to pure_targets only if it imports nothing but the standard library")
        failed = True
    impure = sorted(loaded - standard_library - pure_targets)
    if impure:
        print(f"check-pure-core: {name} loads {', '.join(impure)}: the pure core may not touch sockets, "
              f"poll, files, libpcap or ncurses; move that code to an I/O target (Sockets, Connections, "
              f"Capture, LessonFiles, Runtime)")
        failed = True
if "Tutor" not in seen:
    print("check-pure-core: no module trace for Tutor was written; is the compiler flag still supported?")
    failed = True
if failed:
    sys.exit(1)
print(f"check-pure-core: {', '.join(sorted(seen))} load only the standard library and each other")
PY
