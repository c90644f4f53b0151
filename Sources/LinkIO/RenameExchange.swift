import Foundation

/// Swaps two paths in one step: Linux `renameat2(2)` with `RENAME_EXCHANGE` (kernel 3.15+, on
/// ext4, xfs, btrfs, tmpfs and others). Both names exist before and after; no moment exists at
/// which either is missing, so a folder switched in this way is never absent.
///
/// Swift's Glibc module does not import `renameat2`, so it is looked up once with `dlsym`; this is
/// the only cast of a C function pointer in LinkIO (the signature is glibc's:
/// `int renameat2(int, const char *, int, const char *, unsigned int)`).
enum RenameExchange {
    private typealias Function = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    private static let function: Function? = {
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()

    /// `RENAME_EXCHANGE` from `<linux/fs.h>`.
    private static let exchangeFlag: UInt32 = 2

    enum Outcome: Equatable {
        case exchanged
        /// The system or file system cannot exchange (no `renameat2`, `EINVAL`, `ENOSYS`, `ENOTSUP`):
        /// the caller falls back to two renames.
        case unsupported
        case failed(Int32)
    }

    /// Exchanges `a` and `b` (both must exist, on one file system).
    static func exchange(_ a: String, _ b: String) -> Outcome {
        guard let function else { return .unsupported }
        if function(AT_FDCWD, a, AT_FDCWD, b, exchangeFlag) == 0 { return .exchanged }
        let code = errno
        return [EINVAL, ENOSYS, ENOTSUP].contains(code) ? .unsupported : .failed(code)
    }
}
