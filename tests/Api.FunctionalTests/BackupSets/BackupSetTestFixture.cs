using System.Net;
using TenantAtlas.Api.FunctionalTests.Capture;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.BackupSets;
using TenantAtlas.Domain.Policies;

namespace TenantAtlas.Api.FunctionalTests.BackupSets;

public abstract class BackupSetTestFixture : CaptureTestFixture
{
    protected string BackupSetsUrl => $"{TenantUrl}/backup-sets";

    protected async Task<List<Policy>> AddPoliciesAsync(int count, string prefix = "Policy")
    {
        var policies = new List<Policy>();
        for (var i = 0; i < count; i++)
        {
            policies.Add((await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration($"{prefix} {i:00}"))).Policy);
        }

        return policies;
    }

    protected async Task<BackupSetStartedDto> CreateSetAsync(object body)
    {
        var response = await OperatorClient().PostJsonAsync(BackupSetsUrl, body);
        return await response.ReadAsync<BackupSetStartedDto>(HttpStatusCode.Accepted);
    }
}
