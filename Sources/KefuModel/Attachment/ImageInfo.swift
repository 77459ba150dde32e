import Foundation

/// An image's format and pixel size read from its header (PNG, JPEG, GIF), for a short description
/// when no viewer is set up. Reads at most the first 1 MB; a damaged or hostile header gives nil.
public struct ImageInfo: Sendable, Equatable {
    public var format: String
    public var width: Int
    public var height: Int

    public init(format: String, width: Int, height: Int) { self.format = format; self.width = width; self.height = height }

    public static func read(_ data: Data) -> ImageInfo? {
        let b = [UInt8](data.prefix(1 << 20))
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        func le16(_ i: Int) -> Int { Int(b[i + 1]) << 8 | Int(b[i]) }
        if b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), b[12...15].elementsEqual("IHDR".utf8) {
            return ImageInfo(format: "PNG", width: be32(16), height: be32(20))
        }
        if b.count >= 10, b.starts(with: Array("GIF87a".utf8)) || b.starts(with: Array("GIF89a".utf8)) {
            return ImageInfo(format: "GIF", width: le16(6), height: le16(8))
        }
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        // JPEG: walk the marker segments to the frame header (SOF0…SOF15 but DHT, JPG and DAC).
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }              // fill byte
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { i += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return nil }   // end of image, or scan data before any frame
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                return ImageInfo(format: "JPEG", width: be16(i + 7), height: be16(i + 5))
            }
            let length = be16(i + 2)
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }

    /// "JPEG image, 640×480 pixels".
    public var description: String { "\(format) image, \(width)×\(height) pixels" }
}
