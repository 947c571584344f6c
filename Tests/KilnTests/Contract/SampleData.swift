import Foundation

extension Data {
    /// `count` bytes for transfer tests, made fast even in a debug build: `Data.pattern`'s 4 KiB
    /// tiled, each tile stamped with its number, so a block out of place or a byte lost shows.
    static func sample(_ count: Int, seed: UInt8 = 7) -> Data {
        let tileBytes = 4096
        let tile = Data.pattern(tileBytes, seed: seed)
        var data = Data(capacity: count)
        var index: UInt64 = 0
        while data.count < count {
            var stamped = tile
            stamped.replaceSubrange(0..<8, with: Swift.withUnsafeBytes(of: index.bigEndian) { Data($0) })
            data.append(stamped.prefix(count - data.count))
            index += 1
        }
        return data
    }
}
