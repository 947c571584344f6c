import Hummingbird
import KilnAPI
import NIOCore

/// The request context of `kiln serve`: Hummingbird's basics plus the connection, which fault
/// injection needs to reset it.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// Bodies are read by the routes themselves, each with its own cap.
    public var maxUploadSize: Int { ServerLimits.maxJSONBytes }
}

/// The request size limits of the API.
enum ServerLimits {
    /// A JSON body: a 10 MB notebook is about 13.4 MB once base64-encoded.
    static let maxJSONBytes = 16 * 1024 * 1024
    /// A Files API upload, streamed to disk.
    static let maxFileBytes: Int64 = 5 * 1024 * 1024 * 1024
    /// A DBFS put with its file attached: the file, and the form around it.
    static let maxDBFSPutBytes: Int64 = DBFSLimits.maxMultipartPutBytes + (1 << 20)
}
