import Foundation

/// A stable 128-bit content hash (two FNV-1a lanes) for recognising a message delivered twice.
///
/// Not a security hash: it only has to tell apart the messages of one inbox, and it must be the same in every
/// process and every release, which `Hasher` is not.
public enum Fingerprint {
    public static func of(_ parts: [String]) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        for part in parts {
            for byte in part.utf8 {
                a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                b = (b ^ UInt64(byte ^ 0x5c)) &* 0x0000_0100_0000_01b3
            }
            a = (a ^ 0x1f) &* 0x0000_0100_0000_01b3
            b = (b ^ 0x1e) &* 0x0000_0100_0000_01b3
        }
        return hex(a) + hex(b)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
