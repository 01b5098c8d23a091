using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Notifications;

public sealed record NotificationDto(Guid Id, Guid TenantId, string Type, JsonNode? Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
