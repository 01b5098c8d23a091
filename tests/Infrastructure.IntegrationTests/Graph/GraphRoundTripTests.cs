using TenantAtlas.Application.Graph;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

/// <summary>Realistic payloads: what we read, normalize and prepare for write is accepted back and hashes the same.</summary>
public class GraphRoundTripTests : GraphGatewayTestHost
{
    [Test]
    public async Task Restoring_every_demo_policy_into_an_empty_tenant_reproduces_its_hash()
    {
        DemoTenantSeeder.SeedDemo(EmulatedTenant);
        var source = Tenant;
        // 128 writes: above the default write budget of 100 per 20 s, which would make the test wait a window.
        var (reader, writer) = await StartReaderWriterAsync(new Dictionary<string, string?> { ["Graph:RateLimit:WritesPer20Seconds"] = "1000" });
        var refs = new List<GraphPolicyRef>();
        foreach (var type in PolicyTypes.All)
        {
            await foreach (var item in reader.ListAsync(source, type, CancellationToken.None))
            {
                refs.Add(new GraphPolicyRef(type, Id(item)));
            }
        }

        var captured = await reader.GetPoliciesAsync(source, refs, CancellationToken.None);
        NewTenant();
        var mismatches = new List<string>();
        foreach (var result in captured)
        {
            Assert.That(result.Policy, Is.Not.Null, result.Error?.Message);
            var type = result.Ref.Type;
            var policy = result.Policy!;
            var created = await writer.CreateAsync(Tenant, type, PolicyPayload.PrepareForWrite(policy.Payload, type), null, CancellationToken.None);
            if (type.HasAssignments)
            {
                await writer.AssignAsync(Tenant, type, Id(created), PolicyPayload.PrepareAssignmentsForWrite(policy.Assignments), CancellationToken.None);
            }

            var restored = await reader.GetPolicyAsync(Tenant, type, Id(created), CancellationToken.None);

            var expected = PolicyPayload.ComputeHash(PolicyPayload.Normalize(policy.Payload), PolicyPayload.NormalizeAssignments(policy.Assignments));
            var actual = PolicyPayload.ComputeHash(PolicyPayload.Normalize(restored!.Payload), PolicyPayload.NormalizeAssignments(restored.Assignments));
            if (expected != actual)
            {
                var diff = JsonDiff.Compute(PolicyPayload.Normalize(policy.Payload), PolicyPayload.Normalize(restored.Payload))
                    .Concat(JsonDiff.Compute(PolicyPayload.NormalizeAssignments(policy.Assignments), PolicyPayload.NormalizeAssignments(restored.Assignments)));
                mismatches.Add($"{type.Name}: {string.Join(", ", diff.Select(d => $"{d.Kind} {d.Path}"))}");
            }
        }

        Assert.That(refs, Has.Count.GreaterThanOrEqualTo(60));
        Assert.That(mismatches, Is.Empty);
    }
}
