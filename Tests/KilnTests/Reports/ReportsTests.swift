import Testing

/// The tests of KilnReports; one namespace so `swift test --filter Reports` selects them all.
@Suite enum ReportsTests {}
