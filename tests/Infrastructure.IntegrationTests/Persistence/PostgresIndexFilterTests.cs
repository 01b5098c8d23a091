using TenantAtlas.Infrastructure.Persistence;

namespace TenantAtlas.Infrastructure.IntegrationTests.Persistence;

/// <summary>Index filters written once for every provider get their column names quoted for PostgreSQL.</summary>
public sealed class PostgresIndexFilterTests
{
    private static readonly HashSet<string> Columns = new(["Status", "DeletedAt", "Kind"], StringComparer.OrdinalIgnoreCase);

    [TestCase("Status IN ('Queued', 'Running')", "\"Status\" IN ('Queued', 'Running')")]
    [TestCase("[Status] = 'Queued' AND [DeletedAt] IS NULL", "\"Status\" = 'Queued' AND \"DeletedAt\" IS NULL")]
    [TestCase("status <> 'Kind'", "\"Status\" <> 'Kind'")]
    [TestCase("\"Status\" = 'it''s Status'", "\"Status\" = 'it''s Status'")]
    [TestCase("Other IS NOT NULL", "Other IS NOT NULL")]
    public void Columns_are_quoted_and_literals_and_other_words_are_kept(string filter, string expected) =>
        Assert.That(PostgresAppDbContext.QuoteColumns(filter, Columns), Is.EqualTo(expected));
}
