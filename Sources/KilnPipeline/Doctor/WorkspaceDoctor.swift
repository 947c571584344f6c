import Foundation
import KilnAPI

/// The checks of `kiln doctor` that any target answers through its services: the host answers,
/// the credentials are accepted (and whose they are), the clusters the job template names exist,
/// and the workspace root and the storage root take a write. Each write is a probe made and
/// deleted again; nothing else is touched.
public struct WorkspaceDoctor: Sendable {
    public var config: KilnConfig
    public var databricks: Databricks
    public var environment: [String: String]
    /// How the target is named in messages: its host, or "the embedded engine".
    public var place: String

    public init(config: KilnConfig, databricks: Databricks, environment: [String: String], place: String) {
        self.config = config
        self.databricks = databricks
        self.environment = environment
        self.place = place
    }

    /// Runs the checks in order, handing each to `report` as it is done; stops after a failure
    /// that leaves nothing else to check (the host unreachable, the credentials refused).
    public func run(report: (DoctorCheck) -> Void) async -> [DoctorCheck] {
        var checks = await identity()
        for check in checks { report(check) }
        guard checks.allSatisfy(\.passed) else { return checks }
        for check in await clusters() + [await workspaceRoot(), await storageRoot()] {
            report(check)
            checks.append(check)
        }
        return checks
    }

    /// The host and the credentials, from one call: who am I.
    private func identity() async -> [DoctorCheck] {
        do {
            let user = try await databricks.identity.currentUser()
            return [.passed("host", "\(place) answers"), .passed("credentials", "accepted, as \(user.userName)")]
        } catch let error as DatabricksError where error.status == 0 {
            return [
                .failed(
                    "host", "\(place) cannot be reached: \(error.message)",
                    fix: "check the host's URL, the network, and HTTPS_PROXY / NO_PROXY on a network that needs a proxy",
                    status: .workspaceFailed)
            ]
        } catch let error as DatabricksError where error.status == 401 || error.status == 403 {
            return [
                .passed("host", "\(place) answers"),
                .failed(
                    "credentials", "refused (\(error.status) \(error.code.rawValue): \(error.message))",
                    fix: "renew the token or secret, or check that this identity was added to the workspace", status: .badConfiguration),
            ]
        } catch {
            return [
                .failed(
                    "host", "\(place) failed: \(error)", fix: "try again; if it persists, check the service's status",
                    status: .workspaceFailed)
            ]
        }
    }

    /// Each `existing_cluster_id` of the rendered job template.
    private func clusters() async -> [DoctorCheck] {
        let ids: [String]
        do {
            ids = try await renderedClusterIds()
        } catch {
            return [.failed("job template", "\(error)", fix: "correct the template or the variables it uses", status: .badConfiguration)]
        }
        guard !ids.isEmpty else { return [.passed("clusters", "the job template names no existing cluster (job clusters or serverless)")] }
        var checks: [DoctorCheck] = []
        for id in ids {
            do {
                let cluster = try await databricks.clusters.get(clusterId: id)
                let note = cluster.state == .running ? "" : " (a run starts it first, which takes a few minutes)"
                checks.append(.passed("cluster \(id)", "\(cluster.clusterName ?? "unnamed"), \(cluster.state.rawValue)\(note)"))
            } catch let error as DatabricksError where error.status == 400 || error.status == 404 {
                checks.append(
                    .failed(
                        "cluster \(id)", "not found (\(error.message))",
                        fix:
                            "set the cluster id the template uses (DATABRICKS_CLUSTER_ID, or variables in kiln.yml) to a cluster of this workspace",
                        status: .badConfiguration))
            } catch {
                checks.append(.failed("cluster \(id)", "\(error)", fix: "try again", status: .workspaceFailed))
            }
        }
        return checks
    }

    /// The template rendered as a build would render it (with a build id of `doctor`), so that a
    /// cluster id from a variable or the environment is the one a build would use.
    private func renderedClusterIds() async throws -> [String] {
        let context = try await BuildContext.resolve(config: config, overrides: .init(buildID: "doctor"), environment: environment)
        let renderer = try TemplateRenderer(context: context, variables: config.variables, environment: environment)
        let text = try renderer.render(TemplateText(contentsOf: config.job.template), escaping: .jsonString)
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8))
        var ids: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let id = object["existing_cluster_id"] as? String, !ids.contains(id) { ids.append(id) }
                for child in object.values { collect(child) }
            } else if let array = value as? [Any] {
                for child in array { collect(child) }
            }
        }
        collect(json)
        return ids
    }

    /// A folder made, a file written into it, and both deleted.
    private func workspaceRoot() async -> DoctorCheck {
        let probe = "\(config.workspaceRoot)/.kiln-doctor-\(UUID().uuidString.prefix(8))"
        do {
            try await databricks.workspace.mkdirs(probe)
            try await databricks.workspace.importObject(
                WorkspaceImport(path: "\(probe)/probe", content: Data("kiln doctor".utf8), format: .auto, overwrite: false))
            try await databricks.workspace.delete(probe, recursive: true)
            return .passed("workspace root", "\(config.workspaceRoot) takes notebooks")
        } catch {
            try? await databricks.workspace.delete(probe, recursive: true)
            return .failed(
                "workspace root", "\(config.workspaceRoot) cannot be written: \(error)",
                fix:
                    "set workspace_root in kiln.yml to a folder this identity may write (e.g. /Shared/build), or grant it CAN_MANAGE there",
                status: .workspaceFailed)
        }
    }

    /// A file uploaded and its folder deleted, through the same storage code as a build's.
    private func storageRoot() async -> DoctorCheck {
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-doctor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: local) }
        let storage = StorageTransfer(databricks)
        do {
            let folder = try StoragePath("\(config.storageRoot)/.kiln-doctor-\(UUID().uuidString.prefix(8))")
            try Data("kiln doctor".utf8).write(to: local)
            do {
                try await storage.upload(local, to: try folder.appending("probe"))
                try await storage.delete(folder)
            } catch {
                try? await storage.delete(folder)
                throw error
            }
            return .passed("storage root", "\(config.storageRoot) takes files")
        } catch {
            return .failed(
                "storage root", "\(config.storageRoot) cannot be written: \(error)",
                fix:
                    "set storage_root in kiln.yml to a place this identity may write: a Unity Catalog volume (/Volumes/<catalog>/<schema>/<volume>/kiln/build) or dbfs:/…",
                status: .workspaceFailed)
        }
    }
}
