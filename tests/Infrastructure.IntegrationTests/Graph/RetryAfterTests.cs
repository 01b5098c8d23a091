using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

public class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [TestCase("3", 3000)]
    [TestCase("2.128", 2128)]
    [TestCase(" 0.5 ", 500)]
    [TestCase("Sat, 01 Mar 2025 12:00:07 GMT", 7000)]
    [TestCase("Sat, 01 Mar 2025 11:00:00 GMT", 0)]
    public void Parse_reads_seconds_fractions_and_http_dates_when_graph_sends_them(string value, int expectedMs)
    {
        Assert.That(RetryAfter.Parse(value, Now), Is.EqualTo(TimeSpan.FromMilliseconds(expectedMs)));
    }

    [TestCase("")]
    [TestCase("soon")]
    [TestCase("-1")]
    public void Parse_returns_null_when_the_value_is_not_usable(string value)
    {
        Assert.That(RetryAfter.Parse(value, Now), Is.Null);
    }
}
