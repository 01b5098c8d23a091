namespace TenantAtlas.Application.Restores;

/// <summary>Why an item of a restore or preview was skipped (stored in RunItem.SkipReason, shown by the API).</summary>
public static class RestoreSkipReasons
{
    /// <summary>The captured payload holds masked secrets ("****", isEncrypted, secret references): writing it would destroy the real secret.</summary>
    public const string SecretMasked = "secret_masked";

    /// <summary>The backup item's policy type is not (or no longer) supported by the Graph gateway.</summary>
    public const string UnsupportedType = "unsupported_type";

    /// <summary>A built-in object (exists in every tenant; never created by a restore, e.g. the Default scope tag).</summary>
    public const string BuiltIn = "built_in";

    /// <summary>The type needs a Graph feature the tenant's Graph profile does not enable (e.g. conditional access).</summary>
    public const string FeatureDisabled = Graph.GraphFeatures.DisabledCode;
}
