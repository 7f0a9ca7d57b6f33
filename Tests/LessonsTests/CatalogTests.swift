import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons

/// Finding lessons by the names learners type, and ordering a folder.
@Suite struct CatalogTests {
    static func catalog() throws -> LessonCatalog {
        LessonCatalog(lessons: [
            try Build.catalogLesson(id: "what-is-a-port"),
            try Build.catalogLesson(id: "talking-to-yourself"),
            try Build.catalogLesson(id: "talking-http"),
            try Build.catalogLesson(id: "watching-packets"),
        ])
    }

    /// Why `catalog` found no lesson for `name`; nil, and an issue, when it chose one.
    static func refusal(of name: String, by catalog: LessonCatalog) -> LessonCatalog.LookupError? {
        do {
            let match = try catalog.find(name)
            Issue.record("'\(name)' chose \(match.lesson.id)")
            return nil
        } catch {
            return error
        }
    }

    @Test func exactID() throws {
        let match = try Self.catalog().find("talking-http")
        guard case .exact(let lesson) = match else { Issue.record("\(match)"); return }
        #expect(lesson.id == "talking-http")
        #expect(match.explanation(for: "talking-http") == nil)
    }

    @Test func uniquePrefixSaysWhichWasChosen() throws {
        let match = try Self.catalog().find("watch")
        guard case .prefix(let lesson) = match else { Issue.record("\(match)"); return }
        #expect(lesson.id == "watching-packets")
        #expect(match.explanation(for: "watch") == "Opening 'watching-packets', the only lesson whose name starts with 'watch'.")
    }

    @Test func ambiguousPrefixListsTheCandidates() throws {
        #expect(throws: LessonCatalog.LookupError.self) { try Self.catalog().find("talking") }
        let error = try #require(Self.refusal(of: "talk", by: try Self.catalog()))
        #expect(error.candidates.map(\.id) == ["talking-to-yourself", "talking-http"])
        #expect(error.description.hasPrefix("'talk' could mean 'talking-to-yourself' or 'talking-http'; type more of the name."))
    }

    /// `make run LESSON=http`, as the README and the Makefile say: a word of one lesson's
    /// id or title is enough.
    @Test func aWordOrPartOfOneLessonsNameOrTitleFindsIt() throws {
        let catalog = try Self.catalog()
        let http = try catalog.find("http")
        guard case .containing(let lesson) = http else { Issue.record("\(http)"); return }
        #expect(lesson.id == "talking-http")
        #expect(http.explanation(for: "http") == "Opening 'talking-http', the only lesson whose name or title contains 'http'.")
        #expect(try catalog.find("HTTP").lesson.id == "talking-http")
        #expect(try catalog.find("packets").lesson.id == "watching-packets")
        #expect(try catalog.find("yourself").lesson.id == "talking-to-yourself")
        #expect(try catalog.find("pack").lesson.id == "watching-packets", "part of a word")
        // A title counts too.
        let titled = LessonCatalog(lessons: [try Build.catalogLesson(id: "first", title: "Meet the ports"),
                                             try Build.catalogLesson(id: "second", title: "Sniffing packets")])
        #expect(try titled.find("sniffing").lesson.id == "second")
    }

    @Test func aWordSeveralLessonsShareIsAmbiguousAndAWholeWordBeatsAPart() throws {
        let catalog = try Self.catalog()
        let tooShort = try #require(Self.refusal(of: "in", by: catalog))
        #expect(tooShort.candidates.isEmpty, "'in' is no whole word here, and too short to match inside one")
        let shared = try #require(Self.refusal(of: "ing", by: catalog))
        #expect(shared.candidates.map(\.id) == ["talking-to-yourself", "talking-http", "watching-packets"])
        #expect(shared.description.hasPrefix("'ing' could mean 'talking-to-yourself' or 'talking-http' or 'watching-packets'; type more of the name."))
        // `port` is a whole word of one lesson and only letters inside another's.
        let ports = LessonCatalog(lessons: [try Build.catalogLesson(id: "what-is-a-port"), try Build.catalogLesson(id: "airports")])
        #expect(try ports.find("port").lesson.id == "what-is-a-port")
    }

    @Test func closeMisspellingSaysWhichWasChosen() throws {
        let match = try Self.catalog().find("watchign-packets")
        guard case .misspelling(let lesson) = match else { Issue.record("\(match)"); return }
        #expect(lesson.id == "watching-packets")
        #expect(match.explanation(for: "watchign-packets") == "There is no lesson 'watchign-packets'; opening the closest, 'watching-packets'.")
        #expect(match.explanation(for: "watchign-packets", action: "resetting") == "There is no lesson 'watchign-packets'; resetting the closest, 'watching-packets'.")
        #expect(try Self.catalog().find("Talking_HTTP").lesson.id == "talking-http")
        #expect(try Self.catalog().find("what-is-a-prot").lesson.id == "what-is-a-port")
    }

    @Test func numberFromTheList() throws {
        let match = try Self.catalog().find("3")
        guard case .number(let lesson) = match else { Issue.record("\(match)"); return }
        #expect(lesson.id == "talking-http")
    }

    @Test func unknownNameListsTheLessons() throws {
        let catalog = try Self.catalog()
        if let error = Self.refusal(of: "quantum-physics", by: catalog) {
            #expect(error.candidates.isEmpty)
            #expect(error.description == """
                There is no lesson called 'quantum-physics'. The lessons are:
                  1. what-is-a-port - What-Is-A-Port
                  2. talking-to-yourself - Talking-To-Yourself
                  3. talking-http - Talking-Http
                  4. watching-packets - Watching-Packets
                Run `porttutor LESSON` with one of these names (or its number).
                """)
        }
        #expect(throws: LessonCatalog.LookupError.self) { try Self.catalog().find("9") }
    }

    @Test func pickerFilterMatchesLettersInOrder() throws {
        let catalog = try Self.catalog()
        #expect(catalog.filter("").count == 4)
        #expect(catalog.filter("http").map(\.id) == ["talking-http"])
        #expect(catalog.filter("tlk").map(\.id) == ["talking-to-yourself", "talking-http"])
        #expect(catalog.filter("pkts").map(\.id) == ["watching-packets"])
        #expect(catalog.filter("zzz").isEmpty)
    }

    @Test func folderOrderFollowsFileNamesThenExplicitOrder() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, id: String, order: Int? = nil) throws {
            var yaml = "id: \(id)\ntitle: T\nsummary: S.\n"
            if let order { yaml += "order: \(order)\n" }
            yaml += "steps:\n  - {id: a, title: A, text: A., hints: [h], question: {ask: Q?, accept: [x]}}\n"
            try yaml.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("10-last.yaml", id: "last")
        try write("2-second.yaml", id: "second")
        try write("01-first.yaml", id: "first")
        try write("zz-early.yml", id: "early", order: 0)
        try "not a lesson".write(to: folder.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        let result = LessonCatalog.load(folder: folder, displayFolder: "lessons")
        #expect(result.errors.isEmpty)
        #expect(result.catalog.lessons.map(\.id) == ["early", "first", "second", "last"])
    }

    @Test func emptyOrMissingFolderIsADiagnosticNotACrash() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(LessonCatalog.load(folder: folder, displayFolder: "x").errors.map(\.description) == ["x:1:1: no lesson files (*.yaml) in this folder"])
        let missing = LessonCatalog.load(folder: folder.appendingPathComponent("nope"), displayFolder: "nope")
        #expect(missing.errors.map(\.description) == ["nope:1:1: no such folder: give the folder that holds the lesson files with --lessons DIR or PORTTUTOR_LESSONS=DIR"])
    }
}

/// Which lessons are used: `--lessons`, then `PORTTUTOR_LESSONS`, else the built-in ones.
@Suite struct LessonsFolderLocatorTests {
    @Test func optionThenEnvironmentWin() throws {
        let locator = LessonsFolderLocator(environment: ["PORTTUTOR_LESSONS": "/env/lessons"])
        #expect(locator.locate(option: "/opt/mine")?.url.path == "/opt/mine")
        #expect(locator.locate(option: "/opt/mine")?.origin == .option)
        let found = try #require(locator.locate())
        #expect(found.url.path == "/env/lessons")
        #expect(found.origin == .environment)
    }

    /// No folder named: the built-in lessons, even in a checkout or beside an old install.
    @Test func noFolderNamedMeansTheBuiltInLessons() {
        #expect(LessonsFolderLocator(environment: [:]).locate() == nil)
        #expect(LessonsFolderLocator(environment: ["PORTTUTOR_LESSONS": ""]).locate() == nil)
    }
}

/// The names newcomers really type, against the shipped lessons: slips of the fingers and
/// the tools the lessons teach.
@Suite struct NearNameTests {
    static func shipped() throws -> LessonCatalog {
        try LessonCatalog.loadValid(folder: TestPaths.shippedLessons)
    }

    @Test(arguments: [("htpp", "talking-http"), ("packts", "watching-packets"), ("pakcets", "watching-packets"),
                      ("tcpdump", "watching-packets"), ("tcpdmp", "watching-packets"), ("curl", "talking-http"),
                      ("telnet", "talking-to-yourself"), ("nc", "talking-to-yourself"), ("netstat", "your-computers-chatter")])
    func aSlipOrAToolNameOpensTheLessonMeant(typed: String, expected: String) throws {
        let match = try Self.shipped().find(typed)
        #expect(match.lesson.id == expected, "'\(typed)' opened \(match.lesson.id)")
        #expect(match.explanation(for: typed) != nil, "'\(typed)' is not a lesson's name, so the choice is explained")
    }

    @Test func twoEquallyCloseLessonsAreOfferedAsAQuestion() throws {
        let catalog = LessonCatalog(lessons: [
            try Build.catalogLesson(id: "tcp-ports"), try Build.catalogLesson(id: "udp-ports"),
        ])
        let refusal = CatalogTests.refusal(of: "ucp", by: catalog)
        #expect(refusal?.description.hasPrefix("There is no lesson 'ucp'. Did you mean 'tcp-ports' or 'udp-ports'?") == true,
                "\(String(describing: refusal))")
    }

    @Test func thePickerFindsNearSpellingsAndTools() throws {
        let catalog = try Self.shipped()
        #expect(catalog.filter("packts").map(\.id) == ["watching-packets"])
        #expect(catalog.filter("tcpdump").map(\.id) == ["watching-packets"])
        #expect(catalog.filter("http").first?.id == "talking-http")
    }
}
