import ArgumentParser
import Glibc
import Lab

/// Where this porttutor runs: in the lab, or on the host (with the lab offered, or the
/// reason it could not start). `--lab` on the host starts the lab and exits with it.
struct LabPlace {
    var isInLab = false
    /// The one line offering the lab where capture is refused.
    var offer: String?
    /// For the status bar: why the lab did not start, or what of it does not work.
    var notice: String?
    /// Printed again after the screen closes: why the lab did not start, in full.
    var refusal: String?

    static let offerLine = "No root needed: `porttutor --lab` runs the tutorial in a private network of its own, where capturing works."

    /// With `--lab` on the host this runs the whole tutorial in the lab and exits with
    /// its status; it returns only inside the lab, or to fall back to today's behaviour.
    static func enter(asked: Bool, environment: [String: String]) throws -> LabPlace {
        if LabEnvironment.isInsideLab(environment) {
            var place = LabPlace(isInLab: true)
            do {
                try LabNetwork.connectServer()
            } catch .failed(let step, let reason) {
                place.notice = "The lab runs, but server.lab is not wired: \(step) failed (\(reason))."
            } catch {
                place.notice = "The lab runs, but server.lab is not wired: \(error.description)"
            }
            return place
        }
        guard asked else {
            let available = geteuid() != 0 && LabLauncher.availability() == nil
            return LabPlace(offer: available ? offerLine : nil)
        }
        let outcome: Result<Int32, LabError>
        do {
            outcome = .success(try LabLauncher.run(arguments: CommandLine.arguments, environment: environment))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let status):
            throw ExitCode(status)
        case .failure(.refused(let refusal)):
            printError(refusal.description + "\nStarting without the lab.")
            return LabPlace(notice: refusal.shortDescription, refusal: refusal.description)
        case .failure(let error):
            printError(error.description + "\nStarting without the lab.")
            return LabPlace(notice: error.description, refusal: error.description)
        }
    }
}
