using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>
/// Sharing after a sync: tools whose schemas became identical again use one schema. Two tools of one
/// project kind with the same enum for the same property share <c>KindProperty</c> (<c>VideoResolution</c>),
/// and a create operation whose own response schema (split off earlier) is again the kind's
/// <c>KindProjectCreateResponse</c> goes back to that one.
/// </summary>
public sealed partial class SpecSynchronizer
{
    /// <summary>Points project create operations whose response schema this sync changed back at the kind's shared one when identical.</summary>
    private void RejoinProjectCreateResponses()
    {
        foreach (var (operation, kind) in _projectCreates)
        {
            var media = operation["responses"]?["200"]?["content"]?["application/json"] as JsonObject;
            var shared = Naming.Pascal(kind) + "ProjectCreateResponse";
            if (!RefResolver.IsRef(media?["schema"], out var pointer) || !pointer.StartsWith(SchemaPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = pointer[SchemaPrefix.Length..];
            if (name != shared && _touchedSchemas.Contains(name) && Section("schemas").ContainsKey(shared)
                && ShapeKey.Schema(JsonOrder.Ref(pointer), OurRefs) == ShapeKey.Schema(JsonOrder.Ref(SchemaPrefix + shared), OurRefs))
            {
                media!["schema"] = JsonOrder.Ref(SchemaPrefix + shared);
                _report.Edit($"= {JsonValues.AsString(operation["operationId"])} responses[200] uses {shared} again instead of {name}");
            }
        }
    }

    /// <summary>
    /// After a sync, merges each enum this sync created or changed with an identical enum of another tool
    /// of the same kind for the same property.
    /// </summary>
    private void ShareIdenticalToolEnums()
    {
        var schemas = Section("schemas");
        foreach (var name in _touchedSchemas.Where(schemas.ContainsKey).ToList())
        {
            if (schemas[name]?["enum"] is not JsonArray || Placement.Owner(name, _resources) is not { } owner
                || Placement.KindOfTag(_ours, owner) is not { } kind)
            {
                continue;
            }

            var property = name[owner.Length..];
            var shared = Naming.Pascal(kind) + property;
            var key = ShapeKey.Schema(JsonOrder.Ref(SchemaPrefix + name), OurRefs);
            var twin = schemas.Select(pair => pair.Key).FirstOrDefault(other =>
                other != name && property.Length > 0
                && Placement.Owner(other, _resources) is { } otherOwner && otherOwner != owner && other == otherOwner + property
                && Placement.KindOfTag(_ours, otherOwner) == kind
                && ShapeKey.Schema(JsonOrder.Ref(SchemaPrefix + other), OurRefs) == key);
            if (twin is null || schemas.ContainsKey(shared))
            {
                continue;
            }

            RenameSchema(name, shared);
            References.Retarget(_ours, SchemaPrefix + twin, SchemaPrefix + shared);
            _report.Edit($"~ schema {name} renamed to {shared}, now shared with the users of {twin}");
        }
    }

    /// <summary>
    /// The name an enum gets once two tools of the same project kind use it for the same property:
    /// <c>AudioToVideoResolution</c> used by another video tool's <c>resolution</c> becomes
    /// <c>VideoResolution</c>. Null when the rule does not apply or that name is taken.
    /// </summary>
    private string? SharedName(string name, SyncContext context)
    {
        if (context is not { Role: SlotRole.Property, Property: { } property, ProjectKind: { } kind }
            || Placement.Owner(name, _resources) is not { } owner || owner == context.Resource
            || name != owner + Naming.Pascal(property) || Placement.KindOfTag(_ours, owner) != kind)
        {
            return null;
        }

        var shared = Naming.Pascal(kind) + Naming.Pascal(property);
        return Section("schemas").ContainsKey(shared) ? null : shared;
    }

    /// <summary>Renames one of our schemas in place and points every reference (and pending use) at the new name.</summary>
    private void RenameSchema(string name, string newName)
    {
        var schemas = Section("schemas");
        var index = schemas.IndexOf(name);
        var definition = schemas[name];
        schemas.Remove(name);
        JsonOrder.InsertAt(schemas, index, newName, definition);
        References.Retarget(_ours, SchemaPrefix + name, SchemaPrefix + newName);
        if (definition is JsonObject schema && JsonValues.AsString(schema["description"])?.StartsWith(Naming.PlaceholderPrefix, StringComparison.Ordinal) == true)
        {
            schema["description"] = Naming.Placeholder(newName);
        }

        _touchedSchemas.Remove(name);
        if (_uses.Remove(SchemaPrefix + name, out var uses))
        {
            _uses[SchemaPrefix + newName] = uses;
        }
    }

}
