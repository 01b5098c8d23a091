namespace TenantAtlas.Api.OpenApi;

/// <summary>
/// The stable camelCase operationId of every operation, by method and route template. Generated clients name
/// their methods after these, so they never change; a new endpoint gets one here (an endpoint missing from the
/// table gets an id derived from its method and route, and <c>OpenApiDocumentTests</c> fails until it is added).
/// </summary>
public static class OperationIds
{
    private const string Tenant = "api/v1/tenants/{tenantId}";

    public static readonly IReadOnlyDictionary<string, string> ByRoute = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["POST api/v1/tenants"] = "createTenant",
        ["GET api/v1/tenants"] = "listTenants",
        [$"GET {Tenant}"] = "getTenant",
        [$"GET {Tenant}/members"] = "listTenantMembers",
        [$"GET {Tenant}/members/{{userId}}"] = "getTenantMember",
        [$"PUT {Tenant}/members/{{userId}}"] = "setTenantMember",
        [$"DELETE {Tenant}/members/{{userId}}"] = "removeTenantMember",
        [$"POST {Tenant}/api-keys"] = "createApiKey",
        [$"GET {Tenant}/api-keys"] = "listApiKeys",
        [$"GET {Tenant}/api-keys/{{apiKeyId}}"] = "getApiKey",
        [$"DELETE {Tenant}/api-keys/{{apiKeyId}}"] = "revokeApiKey",
        [$"GET {Tenant}/audit-logs"] = "listAuditLogs",
        [$"GET {Tenant}/policies"] = "listPolicies",
        [$"POST {Tenant}/policies/sync"] = "startPolicySync",
        [$"GET {Tenant}/policies/{{policyId}}"] = "getPolicy",
        [$"POST {Tenant}/policies/{{policyId}}/snapshots"] = "capturePolicySnapshot",
        [$"GET {Tenant}/policies/{{policyId}}/versions"] = "listPolicyVersions",
        [$"GET {Tenant}/policies/{{policyId}}/versions/{{versionNumber}}"] = "getPolicyVersion",
        [$"POST {Tenant}/backup-sets"] = "createBackupSet",
        [$"GET {Tenant}/backup-sets"] = "listBackupSets",
        [$"GET {Tenant}/backup-sets/{{backupSetId}}"] = "getBackupSet",
        [$"DELETE {Tenant}/backup-sets/{{backupSetId}}"] = "deleteBackupSet",
        [$"GET {Tenant}/backup-sets/{{backupSetId}}/items"] = "listBackupSetItems",
        [$"POST {Tenant}/backup-sets/{{backupSetId}}/policies"] = "addBackupSetPolicies",
        [$"POST {Tenant}/restore-runs"] = "startRestoreRun",
        [$"GET {Tenant}/restore-runs"] = "listRestoreRuns",
        [$"GET {Tenant}/restore-runs/{{runId}}"] = "getRestoreRun",
        [$"POST {Tenant}/restore-runs/{{runId}}/execute"] = "executeRestorePreview",
        [$"GET {Tenant}/restore-mappings/{{sourceTenantId}}"] = "getRestoreMapping",
        [$"PUT {Tenant}/restore-mappings/{{sourceTenantId}}"] = "replaceRestoreMapping",
        [$"PATCH {Tenant}/restore-mappings/{{sourceTenantId}}"] = "updateRestoreMapping",
        ["POST api/v1/restore-deployments"] = "startRestoreDeployment",
        [$"POST {Tenant}/backup-schedules"] = "createBackupSchedule",
        [$"GET {Tenant}/backup-schedules"] = "listBackupSchedules",
        [$"GET {Tenant}/backup-schedules/{{scheduleId}}"] = "getBackupSchedule",
        [$"PATCH {Tenant}/backup-schedules/{{scheduleId}}"] = "updateBackupSchedule",
        [$"DELETE {Tenant}/backup-schedules/{{scheduleId}}"] = "deleteBackupSchedule",
        [$"GET {Tenant}/backup-schedules/{{scheduleId}}/retention"] = "getBackupScheduleRetention",
        [$"POST {Tenant}/drift-checks"] = "startDriftCheck",
        [$"GET {Tenant}/drift-reports/{{runId}}"] = "getDriftReport",
        ["GET api/v1/tenants/overview"] = "getTenantsOverview",
        [$"GET {Tenant}/runs"] = "listRuns",
        [$"GET {Tenant}/runs/{{runId}}"] = "getRun",
        [$"POST {Tenant}/runs/{{runId}}/cancel"] = "cancelRun",
        [$"POST {Tenant}/runs/{{runId}}/retry-failed"] = "retryFailedRunItems",
        [$"POST {Tenant}/diagnostics/ping"] = "startDiagnosticPing",
        ["GET api/v1/policy-types"] = "listPolicyTypes",
        ["GET api/v1/runs/active"] = "listActiveRuns",
        ["GET api/v1/runs/stream"] = "streamRunEvents",
        ["GET api/v1/me/notifications"] = "listNotifications",
        ["GET api/v1/me/notifications/{notificationId}"] = "getNotification",
        ["POST api/v1/me/notifications/{notificationId}/read"] = "markNotificationRead",
        ["POST api/v1/me/notifications/read-all"] = "markAllNotificationsRead",
    };

    /// <summary>The id of the table, or one derived from method and route (e.g. <c>getTenantsRuns</c>) for an endpoint not listed yet.</summary>
    public static string For(string method, string relativePath)
    {
        var route = relativePath.Trim('/');
        if (ByRoute.TryGetValue($"{method.ToUpperInvariant()} {route}", out var id))
        {
            return id;
        }

        var words = route.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !s.StartsWith('{') && s is not "api" and not "v1")
            .SelectMany(s => s.Split('-', '_', '.'))
            .Where(s => s.Length > 0)
            .Select(s => char.ToUpperInvariant(s[0]) + s[1..]);
        return method.ToLowerInvariant() + string.Concat(words);
    }
}
