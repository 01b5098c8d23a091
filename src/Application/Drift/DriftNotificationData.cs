namespace TenantAtlas.Application.Drift;

/// <summary>The JSON body of a <c>drift.report</c> notification: counts and the link to the report, nothing else.</summary>
public sealed record DriftNotificationData(
    Guid RunId, Guid BaselineBackupSetId, string Status, int Unchanged, int Changed, int Added, int Deleted, int Failed, string Link);
