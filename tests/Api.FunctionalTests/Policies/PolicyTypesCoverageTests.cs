using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies.GetPolicyTypes;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Api.FunctionalTests.Policies;

/// <summary>
/// Issue 15 item 5: GET /api/v1/policy-types lists every supported type with its capabilities, the README coverage
/// table is generated from the same registry, and every listed type has fixtures the round-trip tests seed
/// (RestoreRoundTripTests for the first types, RestoreObjectTypesTests for Fixtures/types/).
/// </summary>
public sealed class PolicyTypesCoverageTests : EmulatorBackedTests
{
    private const string TableStart = "<!-- policy-types:start -->";
    private const string TableEnd = "<!-- policy-types:end -->";

    [Test]
    public async Task Policy_types_lists_every_registered_type_with_its_capabilities()
    {
        var response = await Factory.CreateClientFor("reader-" + Guid.NewGuid().ToString("N")[..6]).GetAsync("/api/v1/policy-types");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var types = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        Assert.That(types.Select(t => t!["name"]!.GetValue<string>()), Is.EqualTo(PolicyTypes.All.Select(t => t.Name)));
        Assert.That(types, Has.Count.GreaterThanOrEqualTo(25));
        var filter = types.Single(t => t!["name"]!.GetValue<string>() == PolicyTypes.AssignmentFilter)!;
        Assert.That(filter["restoreTier"]!.GetValue<int>(), Is.EqualTo(RestoreTiers.FiltersAndScopeTags));
        Assert.That(filter["capabilities"]!["assignments"]!.GetValue<bool>(), Is.False);
        var script = types.Single(t => t!["name"]!.GetValue<string>() == PolicyTypes.DeviceHealthScript)!["capabilities"]!;
        Assert.That(script["capture"]!.GetValue<bool>() && script["restoreCreate"]!.GetValue<bool>() && script["restoreUpdate"]!.GetValue<bool>()
            && script["assignments"]!.GetValue<bool>() && script["referencesRemapped"]!.GetValue<bool>(), Is.True);
        var compliance = types.Single(t => t!["name"]!.GetValue<string>() == PolicyTypes.DeviceCompliancePolicy)!["capabilities"]!;
        Assert.That(compliance["remappedReferences"]!.AsArray().Select(r => r!.GetValue<string>()), Does.Contain(PolicyTypes.NotificationMessageTemplate));
        var enrollment = types.Single(t => t!["name"]!.GetValue<string>() == PolicyTypes.DeviceEnrollmentConfiguration)!["capabilities"]!;
        Assert.That(enrollment["extraRestoreRequests"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "setPriority" }));

        using var anonymous = Factory.CreateClient();
        Assert.That((await anonymous.GetAsync("/api/v1/policy-types")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public void Every_listed_type_has_fixtures_the_round_trip_tests_seed()
    {
        var counts = FixtureCounts();
        var untested = PolicyTypes.All.Where(t => counts.GetValueOrDefault(t.Name).Real + counts.GetValueOrDefault(t.Name).Authored == 0).Select(t => t.Name);
        Assert.That(untested, Is.Empty, "a type is listed as supported only when a round-trip test proves it");
    }

    [Test]
    public void Readme_coverage_table_is_generated_from_the_registry()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf(TableStart, StringComparison.Ordinal);
        var end = readme.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0).And.LessThan(end), "README has the policy-types markers");
        var actual = readme[(start + TableStart.Length)..end].Trim('\n');
        var expected = RenderTable();
        Assert.That(actual, Is.EqualTo(expected), "regenerate the README table; expected:\n" + expected);
    }

    /// <summary>Real (MIT) and authored fixtures per type, as the round-trip tests seed them.</summary>
    public static Dictionary<string, (int Real, int Authored)> FixtureCounts()
    {
        var byCollection = new List<(string Name, string Collection)>();
        foreach (var name in EmulatorFixtures.EmbeddedNames)
        {
            if (EmulatorFixtures.CollectionOf(EmulatorFixtures.LoadEmbedded(name)) is { } collection)
            {
                byCollection.Add((name, collection));
            }
        }

        byCollection.AddRange(RestoreObjectTypesTests.Fixtures.Select(f => (f.Name, f.Collection)));
        var counts = new Dictionary<string, (int Real, int Authored)>();
        foreach (var (name, collection) in byCollection)
        {
            if (PolicyTypes.All.FirstOrDefault(t => t.CollectionPath == collection) is not { } type)
            {
                continue;
            }

            var (real, authored) = counts.GetValueOrDefault(type.Name);
            var isAuthored = name.StartsWith("authored/", StringComparison.Ordinal) || name.StartsWith("types/authored/", StringComparison.Ordinal);
            counts[type.Name] = isAuthored ? (real, authored + 1) : (real + 1, authored);
        }

        return counts;
    }

    private static string RenderTable()
    {
        var counts = FixtureCounts();
        var sb = new StringBuilder();
        sb.Append("| type | Graph collection (beta) | capture | restore create | restore update | assignments | references remapped | real payloads tested | authored payloads tested |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|");
        foreach (var type in PolicyTypes.All)
        {
            var dto = GetPolicyTypesQueryHandler.ToDto(type);
            var c = dto.Capabilities;
            var (real, authored) = counts.GetValueOrDefault(type.Name);
            sb.Append('\n').Append($"| {type.Name} | `{type.CollectionPath}` | {Mark(c.Capture)} | {Mark(c.RestoreCreate)} | {Mark(c.RestoreUpdate)} | " +
                $"{Mark(c.Assignments)} | {(c.RemappedReferences.Count == 0 ? "no" : string.Join(", ", c.RemappedReferences))} | {real} | {authored} |");
        }

        return sb.ToString();
    }

    private static string Mark(bool value) => value ? "yes" : "no";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "src", "Api")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
