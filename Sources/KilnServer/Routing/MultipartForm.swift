import Foundation
import KilnAPI

/// A `multipart/form-data` body, as the Python SDK sends a workspace upload and the DBFS API
/// accepts a put: the parts by field name.
struct MultipartForm: Sendable {
    var fields: [String: Data]

    /// The form in `body`, whose boundary the `Content-Type` header names; nil for other bodies.
    init?(contentType: String?, body: Data) throws {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        guard
            let boundaryValue = contentType.components(separatedBy: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst("boundary=".count)
        else {
            throw DatabricksError(.malformedRequest, "The multipart/form-data request names no boundary.")
        }
        let boundary = Data(("--" + boundaryValue.trimmingCharacters(in: CharacterSet(charactersIn: "\""))).utf8)
        var fields: [String: Data] = [:]
        var position = body.startIndex
        let headerEnd = Data("\r\n\r\n".utf8)
        while let start = body.range(of: boundary, in: position..<body.endIndex) {
            var partStart = start.upperBound
            if body[partStart...].starts(with: Data("--".utf8)) { break }
            if body[partStart...].starts(with: Data("\r\n".utf8)) { partStart += 2 }
            guard let next = body.range(of: boundary, in: partStart..<body.endIndex),
                let headersRange = body.range(of: headerEnd, in: partStart..<next.lowerBound)
            else {
                throw DatabricksError(.malformedRequest, "The multipart/form-data body is truncated.")
            }
            let headers = String(decoding: body[partStart..<headersRange.lowerBound], as: UTF8.self)
            var contentEnd = next.lowerBound
            if contentEnd - 2 >= headersRange.upperBound, body[(contentEnd - 2)..<contentEnd] == Data("\r\n".utf8) { contentEnd -= 2 }
            if let name = Self.fieldName(in: headers) {
                fields[name] = Data(body[headersRange.upperBound..<contentEnd])
            }
            position = next.lowerBound
        }
        self.fields = fields
    }

    func string(_ name: String) -> String? {
        fields[name].map { String(decoding: $0, as: UTF8.self) }
    }

    private static func fieldName(in headers: String) -> String? {
        for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition") {
            for parameter in line.components(separatedBy: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
            where parameter.hasPrefix("name=") {
                return String(parameter.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
