using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Capture;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Application.UnitTests.Graph;
using TenantAtlas.Domain.Runs;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Policies;

/// <summary>
/// Issue 22 item 3, end to end: every planted secret of <see cref="PlantedSecrets"/> is answered by the Graph
/// emulator as a scripted failure (in the message or the error code) of one policy's capture. After the runs
/// failed, no fragment is in any column of any table, in the run, run list, policy or notification answers,
/// or in any log line of the Api.
/// </summary>
public sealed class GraphErrorPlantedSecretsTests : CaptureTestFixture
{
    protected override ApiFactory CreateFactory() => new ApiFactory(hostConsumers: false, Emulator).CaptureLogs();

    [Test]
    public async Task No_planted_secret_reaches_the_database_the_api_answers_the_notifications_or_the_logs()
    {
        var client = OperatorClient();
        var statuses = new[] { 400, 403, 409, 500 };
        var runs = new List<(PlantedSecrets.Planted Planted, Guid PolicyId, Guid RunId)>();
        for (var i = 0; i < PlantedSecrets.All.Count; i++)
        {
            var planted = PlantedSecrets.All[i];
            var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration($"Policy {i}"));
            Graph.Faults.AddScriptedFailure(new ScriptedFailure(statuses[i % statuses.Length], planted.Code, planted.Message) { ObjectId = policy.GraphId });
            var run = await StartAsync($"{TenantUrl}/policies/{policy.Id}/snapshots", client: client);
            runs.Add((planted, policy.Id, run.Id));
        }

        foreach (var (_, _, runId) in runs)
        {
            await ExecuteRunAsync(runId, CancellationToken.None);
        }

        var items = await Factory.DbAsync(db => db.RunItems.AsNoTracking().Where(i => runs.Select(r => r.RunId).Contains(i.RunId)).ToListAsync());
        Assert.That(items, Has.Count.EqualTo(runs.Count));
        Assert.That(items.All(i => i.Status == RunItemStatus.Failed), Is.True, "every planted failure was recorded");
        Assert.That(items.Count(i => i.ErrorRequestId is not null), Is.EqualTo(runs.Count), "the request-id (a GUID) is kept");

        var responses = new List<string>
        {
            await client.GetStringAsync($"{TenantUrl}/runs?pageSize=100"),
            await client.GetStringAsync("/api/v1/me/notifications?pageSize=100"),
        };
        foreach (var (_, policyId, runId) in runs)
        {
            responses.Add(await client.GetStringAsync($"{TenantUrl}/runs/{runId}"));
            responses.Add(await client.GetStringAsync($"{TenantUrl}/policies/{policyId}"));
        }

        Assert.That(responses.Any(r => r.Contains(GraphErrorCodes.Forbidden, StringComparison.Ordinal)), Is.True, "the answers carry the safe errors");
        var stored = await StoredText.AllAsync(Factory);
        Assert.That(stored.Any(v => v.Contains("Access denied.", StringComparison.Ordinal)), Is.True, "safe message text is stored (the search sees real data)");
        var logs = Factory.Logs!.Messages;
        Assert.That(logs.Any(l => l.Contains("Graph GET", StringComparison.Ordinal)), Is.True, "the Graph failure log lines are captured");

        var leaks = new List<string>();
        foreach (var (planted, _, _) in runs)
        {
            foreach (var fragment in planted.Fragments)
            {
                leaks.AddRange(stored.Where(v => v.Contains(fragment, StringComparison.Ordinal)).Select(_ => $"{planted.Name}: '{fragment}' in the database"));
                leaks.AddRange(responses.Where(v => v.Contains(fragment, StringComparison.Ordinal)).Select(_ => $"{planted.Name}: '{fragment}' in an API answer"));
                leaks.AddRange(logs.Where(v => v.Contains(fragment, StringComparison.Ordinal)).Select(_ => $"{planted.Name}: '{fragment}' in a log line"));
            }
        }

        Assert.That(leaks.Distinct(), Is.Empty);
    }
}
