import Foundation
import KefuBase
import KefuInbox

/// Runs the agent's translator for `.translate` effects on background threads and posts
/// `.translated`. Buyer messages go through one at a time (a prefetch never starts a crowd of
/// processes); the composer's have their own lane, so a slow prefetch never holds up the agent.
final class TranslationRunner: @unchecked Sendable {
    private let messages = DispatchQueue(label: "kefu.translate.messages")
    private let composer = DispatchQueue(label: "kefu.translate.composer")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var running: Set<pid_t> = []
    private var stopped = false

    func run(_ job: TranslationJob, _ translator: Translator?, queue: ActionQueue) {
        guard let translator else {
            queue.post(.translated(job, .failure(Translator.Failure("no translator configured ([translate] command)"))))
            return
        }
        let lane: DispatchQueue
        if case .message = job.purpose { lane = messages } else { lane = composer }
        lane.async(group: group) { [self] in
            if isStopped { return }
            var pid: pid_t = 0
            let result = translator.translate(job.text, from: job.from, to: job.to) { p in
                pid = p
                self.lock.lock(); self.running.insert(p); let late = self.stopped; self.lock.unlock()
                if late { kill(-p, SIGKILL) }
            }
            lock.lock(); running.remove(pid); lock.unlock()
            queue.post(.translated(job, result))
        }
    }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    /// Kills what runs (its whole process group) and waits for the threads to finish.
    func stop() {
        lock.lock(); stopped = true; let pids = running; lock.unlock()
        for p in pids { kill(-p, SIGKILL) }
        group.wait()
    }
}
