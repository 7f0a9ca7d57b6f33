#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CaptureCore

extension OutputBuffer {
    /// Writes everything to `fd`, retrying short writes; returns false on error (EPIPE...).
    @discardableResult
    public func flush(to fd: Int32) -> Bool {
        var offset = 0
        let count = self.count
        let storage = bytes.baseAddress!
        while offset < count {
            let n = write(fd, storage + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                removeAll()
                return false
            }
            offset += n
        }
        removeAll()
        return true
    }
}
