import Foundation
import KilnAPI

/// Reads an error answer into a `DatabricksError` in every form the SDKs parse (reference §6):
/// `{"error_code", "message"}`, API 1.2's `{"error"}`, OAuth's `{"error", "error_description"}`,
/// SCIM's `{"detail", "status"}`, plain `CODE: message`, an HTML page's `<pre>` or `<title>`,
/// and an empty body (the status's reason phrase). A present `error_code` wins over the status.
enum ErrorBodyDecoder {
    /// The most characters of a body that is not structured kept as the message.
    static let maximumMessageLength = 1000

    static func error(status: Int, reason: String, body: Data) -> DatabricksError {
        let fallback = ErrorCode.forStatus(status)
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            let text = { (key: String) in (object[key] as? String).flatMap { $0.isEmpty ? nil : $0 } }
            if let code = text("error_code") {
                return DatabricksError(ErrorCode(rawValue: code), text("message") ?? reason, status: status)
            }
            if let error = text("error") {
                let message = text("error_description").map { "\(error): \($0)" } ?? error
                return DatabricksError(fallback, message, status: status)
            }
            if let message = text("message") ?? text("detail") {
                return DatabricksError(fallback, message, status: status)
            }
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return DatabricksError(fallback, reason, status: status) }
        if text.hasPrefix("<") {
            let message = element("pre", in: text) ?? element("title", in: text) ?? reason
            return DatabricksError(fallback, truncated(message), status: status)
        }
        if let colon = text.firstIndex(of: ":"), isErrorCode(text[..<colon]) {
            let message = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return DatabricksError(ErrorCode(rawValue: String(text[..<colon])), truncated(message), status: status)
        }
        return DatabricksError(fallback, truncated(text), status: status)
    }

    /// The text of the first `<name>` element, tags inside it removed.
    private static func element(_ name: String, in html: String) -> String? {
        guard let open = html.range(of: "<\(name)", options: .caseInsensitive),
            let start = html[open.upperBound...].firstIndex(of: ">"),
            let close = html.range(of: "</\(name)>", options: .caseInsensitive, range: html.index(after: start)..<html.endIndex)
        else { return nil }
        let inner = html[html.index(after: start)..<close.lowerBound]
            .replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return inner.isEmpty ? nil : inner
    }

    private static func isErrorCode(_ text: Substring) -> Bool {
        text.count >= 2 && text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isUppercase || $0.isNumber)) } && text.first!.isLetter
    }

    private static func truncated(_ text: String) -> String {
        text.count > maximumMessageLength ? String(text.prefix(maximumMessageLength)) + "…" : text
    }
}
