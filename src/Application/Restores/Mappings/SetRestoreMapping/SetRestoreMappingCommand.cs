using System.Text.Json.Nodes;
using Mediator;

namespace TenantAtlas.Application.Restores.Mappings.SetRestoreMapping;

/// <summary>
/// Stores the mapping document of a (source, target) pair: <see cref="Body"/> replaces it (PUT), or with
/// <see cref="MergePatch"/> is applied to it as a JSON merge patch (RFC 7396; an entry set to null is removed).
/// A missing document counts as empty, so both create it.
/// </summary>
public sealed record SetRestoreMappingCommand(Guid TenantId, Guid SourceTenantId, JsonObject? Body, bool MergePatch) : ICommand<SetRestoreMappingResult>;
