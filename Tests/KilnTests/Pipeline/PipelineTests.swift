import Testing

/// The tests of KilnPipeline; one namespace so `swift test --filter Pipeline` selects them all.
@Suite enum PipelineTests {}
