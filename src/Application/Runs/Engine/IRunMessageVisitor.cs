using TenantAtlas.Application.Contracts;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// Called once per declared run kind with its message type, so the bus registration can generate one
/// consumer per kind from the declarations (no list of consumers to forget).
/// </summary>
public interface IRunMessageVisitor
{
    void Visit<TMessage>(RunKindDefinition kind) where TMessage : class, IRunMessage;
}
