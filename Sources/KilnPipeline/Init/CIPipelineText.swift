/// The Azure DevOps pipeline `kiln init --ci azure` writes: pull-request validation of the main
/// branch, on the paths a build depends on, on a Microsoft-hosted Ubuntu agent; Kiln from its
/// release tarball (checked against its SHA-256); the workspace reached through an `AzureCLI@2`
/// task on a service connection with workload identity federation, so no secret is stored.
struct AzurePipelineText {
    var settings: InitPlan.Settings

    /// The logging command that puts the tool folder on the next steps' PATH.
    private static let prependPath = ###"echo "##vso[task.prependpath]$(Agent.ToolsDirectory)/kiln""###

    /// The service connection's name the file uses; the user creates it (or renames it here).
    static let serviceConnection = "kiln-databricks"

    var text: String {
        let paths = settings.pathFilters.map { "      - \(YAMLText.quoted(Self.prefix(of: $0)))" }
        let cluster = settings.clusterVariable
        return """
            # Kiln: every pull request to \(settings.base) that changes the notebooks, the model, its data or its tests runs
            # the tests on a Databricks workspace, and fails when any test fails. Written by `kiln init`.
            # Set before the first run:
            #   - an Azure Resource Manager service connection named \(Self.serviceConnection) (workload identity
            #     federation), whose identity is a user of the workspace that may run jobs on the cluster;
            #   - the variables below: DATABRICKS_HOST, \(cluster) and KILN_URL;
            #   - on Azure Repos, `pr:` is not read: add a build-validation branch policy on \(settings.base) with this
            #     pipeline and the same path filters.

            trigger: none

            pr:
              branches:
                include:
                  - \(YAMLText.quoted(settings.base))
            \(paths.isEmpty ? "" : "  paths:\n    include:\n" + paths.joined(separator: "\n"))

            pool:
              vmImage: ubuntu-22.04

            variables:
              # The workspace, e.g. https://adb-1234567890123456.7.azuredatabricks.net
              - name: DATABRICKS_HOST
                value: ""
              # The cluster the tests run on, e.g. 0123-456789-abcdefgh
              - name: \(cluster)
                value: ""
              # Where the Kiln release is: the URL of kiln-<version>-linux-x86_64.tar.gz (its .sha256 beside it).
              - name: KILN_URL
                value: ""
              # Alternative to the service connection: a personal access token from a variable group linked to
              # Key Vault (a secret named databricks-token); then run kiln in a Bash task, as shown below.
              # - group: kiln-databricks

            steps:
              - checkout: self
                # Kiln builds only when a needed file changed since the merge base with the target branch.
                fetchDepth: "0"

              - bash: |
            \(KilnInstallScript.text(variable: "pipeline variable", folder: "$(Agent.ToolsDirectory)/kiln", addToPath: Self.prependPath, indent: 6))
                displayName: Install Kiln
                env:
                  KILN_URL: $(KILN_URL)

              - task: AzureCLI@2
                displayName: kiln build
                inputs:
                  azureSubscription: \(Self.serviceConnection)
                  scriptType: bash
                  scriptLocation: inlineScript
                  # doctor says in one line each what is missing (host, identity, cluster, folders) before a build.
                  # The build publishes its JUnit results to the Tests tab, and its failures as errors;
                  # --report writes the HTML report of the repository's builds, kept below.
                  inlineScript: |
                    kiln doctor --target workspace
                    kiln build --target workspace --report kiln-results/report
                env:
                  DATABRICKS_HOST: $(DATABRICKS_HOST)
                  DATABRICKS_AUTH_TYPE: azure-cli
                  \(cluster): $(\(cluster))

              # The alternative to the AzureCLI@2 task above, with the token of the variable group:
              # - bash: kiln build --target workspace --report kiln-results/report
              #   displayName: kiln build
              #   env:
              #     DATABRICKS_HOST: $(DATABRICKS_HOST)
              #     DATABRICKS_TOKEN: $(databricks-token)
              #     \(cluster): $(\(cluster))

              - bash: |
                  if [ -d kiln-results/report ]; then echo "##vso[task.setvariable variable=KILN_REPORT]yes"; fi
                displayName: Look for the HTML report
                condition: succeededOrFailed()

              - publish: kiln-results/report
                artifact: kiln-report
                displayName: Keep the HTML report
                condition: and(succeededOrFailed(), eq(variables.KILN_REPORT, 'yes'))

            """
    }

    /// Azure's path filters are prefixes (with `*` wildcards): `databricks/**` is `databricks`.
    static func prefix(of glob: String) -> String {
        glob.hasSuffix("/**") ? String(glob.dropLast(3)) : glob
    }
}

/// The GitHub Actions workflow `kiln init --ci github` writes: pull requests to the main branch on
/// the paths a build depends on; Kiln from its release tarball; the workspace reached with the
/// workflow's OIDC token (`github-oidc`), so no secret is stored, or a token from the secrets.
struct GitHubWorkflowText {
    var settings: InitPlan.Settings

    var text: String {
        let paths = settings.pathFilters.map { "      - \(YAMLText.quoted($0))" }
        let cluster = settings.clusterVariable
        return """
            # Kiln: every pull request to \(settings.base) that changes the notebooks, the model, its data or its tests runs
            # the tests on a Databricks workspace, and fails when any test fails. Written by `kiln init`.
            # Set before the first run (Settings > Secrets and variables > Actions > Variables): DATABRICKS_HOST,
            # DATABRICKS_CLIENT_ID (a service principal with a federation policy for this repository), \(cluster)
            # and KILN_URL (the URL of kiln-<version>-linux-x86_64.tar.gz, its .sha256 beside it).
            name: kiln

            on:
              pull_request:
                branches:
                  - \(YAMLText.quoted(settings.base))
            \(paths.isEmpty ? "" : "    paths:\n" + paths.joined(separator: "\n"))

            permissions:
              contents: read
              # The workflow's OIDC token, which Kiln exchanges for a Databricks token (no stored secret).
              id-token: write

            # A newer push to the pull request replaces its build; Kiln cancels the run it started.
            concurrency:
              group: kiln-${{ github.event.pull_request.number }}
              cancel-in-progress: true

            jobs:
              build:
                runs-on: ubuntu-22.04
                timeout-minutes: 60
                env:
                  DATABRICKS_HOST: ${{ vars.DATABRICKS_HOST }}
                  DATABRICKS_AUTH_TYPE: github-oidc
                  DATABRICKS_CLIENT_ID: ${{ vars.DATABRICKS_CLIENT_ID }}
                  # Or a personal access token from the secrets: remove the two lines above and write
                  # DATABRICKS_TOKEN: ${{ secrets.DATABRICKS_TOKEN }}
                  \(cluster): ${{ vars.\(cluster) }}
                steps:
                  - uses: actions/checkout@v5
                    with:
                      # Kiln builds only when a needed file changed since the merge base with the target branch.
                      fetch-depth: 0

                  - name: Install Kiln
                    env:
                      KILN_URL: ${{ vars.KILN_URL }}
                    run: |
            \(KilnInstallScript.text(variable: "repository variable", folder: "$RUNNER_TOOL_CACHE/kiln", addToPath: #"echo "$RUNNER_TOOL_CACHE/kiln" >> "$GITHUB_PATH""#, indent: 10))

                  # One line per check (host, identity, cluster, folders), so a missing setting is named before a build.
                  - name: kiln doctor
                    run: kiln doctor --target workspace

                  # Annotations on the pull request's diff for failing tests, and a summary on the run's page;
                  # --report writes the HTML report of the repository's builds, kept with the results.
                  - name: kiln build
                    run: kiln build --target workspace --report kiln-results/report

                  - name: Keep the results
                    if: always()
                    uses: actions/upload-artifact@v6
                    with:
                      name: kiln-results
                      path: kiln-results/
                      if-no-files-found: ignore

            """
    }
}

/// The install step both CI files share: the release tarball from `KILN_URL`, checked against
/// its `.sha256`, unpacked into a tool folder that is then put on the job's `PATH`.
enum KilnInstallScript {
    static func text(variable: String, folder: String, addToPath: String, indent: Int) -> String {
        [
            "set -euo pipefail",
            #": "${KILN_URL:?Set the \#(variable) KILN_URL to the URL of kiln-<version>-linux-x86_64.tar.gz}""#,
            #"curl -fsSL --retry 3 -o kiln.tar.gz "$KILN_URL""#,
            #"curl -fsSL --retry 3 -o kiln.tar.gz.sha256 "$KILN_URL.sha256""#,
            #"echo "$(cut -d ' ' -f 1 kiln.tar.gz.sha256)  kiln.tar.gz" | sha256sum --check --strict"#,
            #"mkdir -p "\#(folder)""#,
            #"tar -xzf kiln.tar.gz -C "\#(folder)" --strip-components=1"#,
            "rm kiln.tar.gz kiln.tar.gz.sha256",
            addToPath,
        ].map { String(repeating: " ", count: indent) + $0 }.joined(separator: "\n")
    }
}
