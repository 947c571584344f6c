enum _PlaceholderKilnReports {}
