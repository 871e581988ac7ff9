using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>New schemas: the vendor's inline schema turned into ours, named, marked and described.</summary>
public sealed partial class SpecSynchronizer
{
    /// <summary>
    /// Our version of a vendor schema that we do not have yet: objects with properties and enums become
    /// named schemas (an existing one when structurally identical), a nullable one a nullable
    /// <c>allOf</c> reference; anything else stays inline.
    /// </summary>
    private JsonNode NewSchema(JsonNode vendorNode, SyncContext context)
    {
        if (_vendorRefs.Resolve(vendorNode).Node is not JsonObject vendor)
        {
            return vendorNode.DeepClone();
        }

        if (!IsNamedKind(vendor))
        {
            return BuildSchema(vendor, context, describe: context.Role == SlotRole.Property ? PropertyLabel(context) : null);
        }

        // A property's own default and nullability stay beside the reference, as the spec writes them.
        var useKeys = context.Role == SlotRole.Property ? UseKeywords(vendor) : [];
        if (useKeys.Count == 0)
        {
            return JsonOrder.Ref(SchemaPrefix + NameOrReuse(vendor, context));
        }

        var core = new JsonObject();
        foreach (var (key, value) in vendor.Where(pair => !useKeys.Contains(pair.Key)))
        {
            core[key] = value?.DeepClone();
        }

        var wrapper = new JsonObject { ["allOf"] = new JsonArray(JsonOrder.Ref(SchemaPrefix + NameOrReuse(core, context))) };
        foreach (var key in useKeys)
        {
            wrapper[key] = vendor[key]?.DeepClone();
        }

        wrapper["description"] = _report.Placeholder(PropertyLabel(context));
        return wrapper;
    }

    /// <summary>The keywords of a property schema that describe this use of a named schema: <c>default</c>, <c>nullable: true</c>.</summary>
    private static List<string> UseKeywords(JsonObject vendor) =>
        vendor.Select(pair => pair.Key)
            .Where(key => key == "default" || (key == "nullable" && JsonValues.AsBool(vendor[key]) == true))
            .ToList();

    private static bool IsNamedKind(JsonObject schema) =>
        schema["enum"] is JsonArray || schema["properties"] is JsonObject { Count: > 0 };

    private static string PropertyLabel(SyncContext context) => $"{context.ParentSchema ?? context.Label}.{context.Property}";

    /// <summary>
    /// The name of our schema for <paramref name="vendor"/>: the conventional name when that schema exists
    /// and is identical, else any identical schema not named after another resource, else a new schema.
    /// </summary>
    private string NameOrReuse(JsonObject vendor, SyncContext context)
    {
        var key = ShapeKey.Schema(vendor, _vendorRefs);
        var schemas = Section("schemas");
        var ourRefs = OurRefs;
        var conventional = context.ConventionalName();
        bool Same(string name) => ShapeKey.Schema(JsonOrder.Ref(SchemaPrefix + name), ourRefs) == key;

        if (schemas.ContainsKey(conventional) && Same(conventional))
        {
            return conventional;
        }

        foreach (var (name, _) in schemas)
        {
            var owner = Placement.Owner(name, _resources);
            if ((owner is null || owner == context.Resource) && Same(name))
            {
                _report.Edit($"= {context.Label} reuses schema {name}");
                return name;
            }
        }

        foreach (var (name, _) in schemas.ToList())
        {
            if (vendor["enum"] is JsonArray && SharedName(name, context) is { } shared && Same(name))
            {
                RenameSchema(name, shared);
                _report.Edit($"~ schema {name} renamed to {shared}: {context.Label} has the same {context.Property}");
                return shared;
            }
        }

        var newName = !schemas.ContainsKey(conventional) ? conventional
            : !schemas.ContainsKey(context.FallbackName()) ? context.FallbackName()
            : Naming.Unique(conventional, schemas.ContainsKey);

        // Reserve the name before building, so nested schemas cannot take it.
        Placement.InsertSchema(_ours, newName, new JsonObject(), context.Resource, context.ProjectKind, _resources);
        var inside = context.IsListItem ? context.ForSchema(newName) with { Resource = newName } : context.ForSchema(newName);
        schemas[newName] = BuildSchema(vendor, inside, describe: newName, definition: true);
        _touchedSchemas.Add(newName);
        _report.Edit($"+ schema {newName}");
        return newName;
    }

    /// <summary>Copies the vendor schema's structure (no prose, no x-* marks), converting nested schemas.</summary>
    private JsonObject BuildSchema(JsonObject vendor, SyncContext context, string? describe, bool definition = false)
    {
        var result = new JsonObject();
        if (FileMarks.IsFileInput(context, vendor))
        {
            result[FileMarks.Key] = true;
        }

        foreach (var (key, value) in vendor.OrderBy(pair => KeywordRank(pair.Key, definition)))
        {
            if (!IsStructural(key))
            {
                continue;
            }

            result[key] = key switch
            {
                "properties" => BuildProperties(value as JsonObject ?? [], context),
                "items" when value is JsonObject => NewSchema(value, context.ForItems()),
                "not" or "additionalProperties" when value is JsonObject => NewSchema(value, context.ForKeyword(key)),
                "oneOf" or "anyOf" or "allOf" or "prefixItems" when value is JsonArray list =>
                    new JsonArray(list.Select((item, i) => NewSchema(item ?? JsonValue.Create(true), context.ForKeyword($"{key}[{i}]"))).ToArray()),
                _ => value?.DeepClone(),
            };
        }

        if (describe is not null)
        {
            // Named schemas carry their description after the type, property schemas at the end.
            var index = definition ? (result.IndexOf("type") is var type and >= 0 ? type + 1 : 0) : result.Count;
            JsonOrder.InsertAt(result, index, "description", _report.Placeholder(describe));
        }

        return result;
    }

    /// <summary>The spec's keyword order: type and format first, required and properties of an object last.</summary>
    private static int KeywordRank(string keyword, bool definition) => keyword switch
    {
        "type" => 0,
        "format" => 1,
        "required" when definition => 8,
        "properties" => 9,
        _ => 5,
    };

    private JsonObject BuildProperties(JsonObject vendorProperties, SyncContext context)
    {
        var properties = new JsonObject();
        foreach (var (name, schema) in vendorProperties)
        {
            properties[name] = NewSchema(schema ?? JsonValue.Create(true), context.ForProperty(name));
        }

        return properties;
    }
}
