using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Graph;

/// <summary>
/// The writer strategy of administrative templates (groupPolicyConfiguration): a captured definition value carries its
/// definition expanded, a presentation value its presentation; Graph wants neither back, only binds to the catalog
/// entries (Graph beta "Create groupPolicyDefinitionValue", "Create groupPolicyPresentationValue"):
/// definition@odata.bind = .../groupPolicyDefinitions('{definitionId}') and
/// presentation@odata.bind = .../groupPolicyDefinitions('{definitionId}')/presentations('{presentationId}').
/// </summary>
public static class GroupPolicyBinds
{
    public const string DefinitionsPath = "deviceManagement/groupPolicyDefinitions";

    /// <summary>definitionValues, read with their definition, each with its presentationValues read with their presentation.</summary>
    public static readonly ChildCollection DefinitionValues = new("definitionValues", "definition.id")
    {
        ReadQuery = "$expand=definition",
        ReplaceMatched = true,
        WriteBody = DefinitionValueBody,
        Children =
        [
            new ChildCollection("presentationValues", "presentation.id")
            {
                ReadQuery = "$expand=presentation",
                WriteBody = PresentationValueBody,
            },
        ],
    };

    private static JsonObject DefinitionValueBody(ChildWrite write)
    {
        var definitionId = IdOf(write.Item, "definition")
            ?? throw new InvalidOperationException("A captured definition value has no definition id to bind to.");
        var body = CopyOwn(write.Item, "definition", "presentationValues");
        body["definition@odata.bind"] = write.AbsoluteUrl($"{DefinitionsPath}('{definitionId}')");
        return body;
    }

    private static JsonObject PresentationValueBody(ChildWrite write)
    {
        var definitionId = write.Parent is null ? null : IdOf(write.Parent, "definition");
        var presentationId = IdOf(write.Item, "presentation");
        if (definitionId is null || presentationId is null)
        {
            throw new InvalidOperationException("A captured presentation value has no definition or presentation id to bind to.");
        }

        var body = CopyOwn(write.Item, "presentation", "definitionValue");
        body["presentation@odata.bind"] = write.AbsoluteUrl($"{DefinitionsPath}('{definitionId}')/presentations('{presentationId}')");
        return body;
    }

    /// <summary>The item's own properties: expanded (read-only) navigation and server-owned properties left out.</summary>
    private static JsonObject CopyOwn(JsonObject item, params string[] navigation)
    {
        var body = new JsonObject();
        foreach (var (name, value) in item)
        {
            if (!navigation.Contains(name, StringComparer.Ordinal) && !PolicyPayload.ServerOwnedProperties.Contains(name) &&
                (!name.Contains("@odata.", StringComparison.Ordinal) || name == "@odata.type"))
            {
                body[name] = value?.DeepClone();
            }
        }

        return body;
    }

    private static string? IdOf(JsonObject item, string navigation) =>
        item[navigation] is JsonObject o && o["id"] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrEmpty(id) ? id : null;
}
