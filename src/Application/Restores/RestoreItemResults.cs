using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Restores.References;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores;

/// <summary>Builders of the per-item rows shared by restore and preview.</summary>
internal static class RestoreItemResults
{
    public static RunItem New(RestoreWorkItem item, RunItemStatus status, string action, string? graphId = null, JsonObject? diff = null) => new()
    {
        ItemKey = item.ItemKey,
        DisplayName = item.DisplayName,
        PolicyType = item.PolicyTypeName,
        Status = status,
        Action = action,
        GraphId = graphId,
        Diff = WithReferences(diff, item.ReferenceReport)?.ToJsonString(),
    };

    /// <summary>A cross-tenant item's reference report (references, warnings) beside its diff.</summary>
    private static JsonObject? WithReferences(JsonObject? diff, JsonObject? report)
    {
        if (report is null)
        {
            return diff;
        }

        var merged = diff?.DeepClone().AsObject() ?? [];
        foreach (var (name, value) in report)
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>The item as skipped for a reason that needs no Graph call, or null when it can be processed.</summary>
    /// <param name="item">The backup item.</param>
    /// <param name="supported">Whether the tenant's Graph profile enables the item's type (<see cref="GraphFeatures"/>).</param>
    public static RunItem? SkipBeforeGraph(RestoreWorkItem item, Func<PolicyTypeDefinition, bool> supported)
    {
        ArgumentNullException.ThrowIfNull(supported);
        if (item.Type is null)
        {
            var unsupported = New(item, RunItemStatus.Skipped, RunItemAction.Skipped);
            unsupported.SkipReason = RestoreSkipReasons.UnsupportedType;
            return unsupported;
        }

        if (!supported(item.Type))
        {
            // Never sent: the tenant's app registration may lack the permissions (the preview shows it the same way).
            var disabled = New(item, RunItemStatus.Skipped, RunItemAction.Skipped, diff: new JsonObject { ["requiresFeature"] = item.Type.RequiresFeature });
            disabled.SkipReason = RestoreSkipReasons.FeatureDisabled;
            return disabled;
        }

        // Masks Graph returned ("****", isEncrypted, secret references), and secrets the type's Graph never returns.
        var masked = PolicyPayload.FindMaskedSecrets(item.Payload).Concat(item.Type.WithheldSecrets?.Invoke(item.Payload) ?? []).Distinct().ToList();
        if (masked.Count == 0)
        {
            return null;
        }

        // The paths (never the values) tell the operator which settings to re-enter by hand.
        var skipped = New(item, RunItemStatus.Skipped, RunItemAction.Skipped,
            diff: new JsonObject
            {
                // Blocking: the restore will not write this item until the secret is re-entered by hand.
                ["blocking"] = true,
                ["maskedSecretPaths"] = new JsonArray([.. masked.Select(p => (JsonNode)p)]),
            });
        skipped.SkipReason = RestoreSkipReasons.SecretMasked;
        return skipped;
    }

    /// <summary>A built-in object (the Default scope tag, a default enrollment configuration) the restore never creates.</summary>
    public static RunItem BuiltIn(RestoreWorkItem item)
    {
        var skipped = New(item, RunItemStatus.Skipped, RunItemAction.Skipped);
        skipped.SkipReason = RestoreSkipReasons.BuiltIn;
        return skipped;
    }

    public static RunItem Failed(RestoreWorkItem item, GraphError error, string? graphId = null, JsonObject? diff = null)
    {
        var safe = GraphErrorSanitizer.Sanitize(error);
        var failed = New(item, RunItemStatus.Failed, RunItemAction.Failed, graphId, diff);
        failed.ErrorCode = safe.Code;
        failed.ErrorMessage = safe.Message;
        failed.ErrorHttpStatus = safe.HttpStatus;
        failed.ErrorRequestId = safe.RequestId;
        return failed;
    }

    public static RunItem Ambiguous(RestoreWorkItem item, RestoreTargetAmbiguousException ex)
    {
        var failed = New(item, RunItemStatus.Failed, RunItemAction.Failed);
        failed.ErrorCode = RestoreTargetAmbiguousException.Code;
        failed.ErrorMessage = ex.Message;
        return failed;
    }

    public static RunItem AssignmentsMismatch(RestoreWorkItem item, RestoreAssignmentsMismatchException ex, string graphId, JsonObject? diff)
    {
        var failed = New(item, RunItemStatus.Failed, RunItemAction.Failed, graphId, diff);
        failed.ErrorCode = RestoreAssignmentsMismatchException.Code;
        failed.ErrorMessage = ex.Message;
        return failed;
    }

    public static RunItem Unresolved(RestoreWorkItem item, IReadOnlyList<UnresolvedReference> unresolved)
    {
        var failed = New(item, RunItemStatus.Failed, RunItemAction.Failed, diff: new JsonObject
        {
            ["unresolvedReferences"] = new JsonArray([.. unresolved.Select(u => (JsonNode)new JsonObject
            {
                ["kind"] = u.Kind.ToString(),
                ["sourceId"] = u.SourceId,
                ["path"] = u.Path,
            })]),
        });
        failed.ErrorCode = RestoreReferences.UnresolvedCode;
        failed.ErrorMessage = RestoreReferences.Describe(unresolved);
        return failed;
    }
}
