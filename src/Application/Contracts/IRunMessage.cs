namespace TenantAtlas.Application.Contracts;

/// <summary>
/// A nudge to work on a run. It carries only ids: the database row is the truth, so duplicate or
/// stale messages are harmless. MessageId is the run id.
/// </summary>
public interface IRunMessage
{
    Guid RunId { get; }
    Guid TenantId { get; }
}
