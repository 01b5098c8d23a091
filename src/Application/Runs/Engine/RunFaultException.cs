namespace TenantAtlas.Application.Runs.Engine;

/// <summary>A run-level fault before or between items: the run ends Failed with this safe code and message.</summary>
public sealed class RunFaultException(string code, string safeMessage) : Exception(safeMessage)
{
    public string Code { get; } = code;
    public string SafeMessage { get; } = safeMessage;
}
