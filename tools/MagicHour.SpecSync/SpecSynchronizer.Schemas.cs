using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>Schemas: a slot of ours brought to the vendor's schema, keyword by keyword.</summary>
public sealed partial class SpecSynchronizer
{
    /// <summary>Keywords that read as false when absent.</summary>
    private static readonly HashSet<string> FalseByDefault = new(StringComparer.Ordinal)
    {
        "nullable", "uniqueItems", "readOnly", "writeOnly", "deprecated",
    };

    private static readonly HashSet<string> NotStructure = new(StringComparer.Ordinal)
    {
        "description", "summary", "title", "example", "examples", "externalDocs", "$comment", "xml", "$ref",
    };

    private static bool IsStructural(string key) => !NotStructure.Contains(key) && !key.StartsWith("x-", StringComparison.Ordinal);

    /// <summary>
    /// Syncs the schema in <paramref name="slot"/>. A reference to one of our schemas becomes a use of it
    /// (changed later, once for all users); <c>allOf: [$ref]</c> + <c>nullable</c> keeps its wrapper keys
    /// here and passes the rest on; an inline schema is synced keyword by keyword.
    /// </summary>
    private void SyncSlot(Slot slot, JsonNode? vendorNode, SyncContext context)
    {
        var vendor = _vendorRefs.Resolve(vendorNode).Node ?? JsonValue.Create(true);
        var ours = slot.Get();
        if (RefResolver.IsRef(ours, out var pointer) && pointer.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            var definition = OurRefs.Resolve(ours).Node as JsonObject ?? [];
            var newUseKeys = context.Role == SlotRole.Property && vendor is JsonObject vendorSchema
                ? UseKeywords(vendorSchema).Where(key => !definition.ContainsKey(key)).ToList()
                : [];
            if (newUseKeys.Count == 0)
            {
                RecordUse(pointer, vendor, context, target => slot.Set(JsonOrder.Ref(target)));
                return;
            }

            // The vendor gave this use a default (or made it nullable): wrap the reference to hold it.
            ours = new JsonObject { ["allOf"] = new JsonArray(JsonOrder.Ref(pointer)) };
            foreach (var key in newUseKeys)
            {
                ours[key] = JsonValue.Create(false);
            }

            slot.Set(ours);
        }

        if (ours is JsonObject wrapper && wrapper["allOf"] is JsonArray { Count: 1 } allOf
            && RefResolver.IsRef(allOf[0], out var wrapped) && wrapped.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            var vendorObject = vendor as JsonObject ?? [];
            var wrapperKeys = wrapper.Select(pair => pair.Key).Where(key => key != "allOf" && IsStructural(key)).Append("nullable").ToHashSet();
            foreach (var key in wrapperKeys)
            {
                SyncValue(wrapper, vendorObject, key, context.Label, FalseByDefault.Contains(key));
            }

            var core = new JsonObject();
            foreach (var (key, value) in vendorObject.Where(pair => !wrapperKeys.Contains(pair.Key)))
            {
                core[key] = value?.DeepClone();
            }

            RecordUse(wrapped, core, context, target => allOf[0] = JsonOrder.Ref(target));
            return;
        }

        if (ours is JsonObject inline)
        {
            SyncInline(inline, vendor as JsonObject ?? [], context);
            return;
        }

        if (ShapeKey.Schema(ours, OurRefs) != ShapeKey.Schema(vendor, _vendorRefs))
        {
            slot.Set(NewSchema(vendor, context));
            _report.Edit($"~ {context.Label}");
        }
    }

    private void SyncInline(JsonObject ours, JsonObject vendor, SyncContext context)
    {
        var keys = vendor.Select(pair => pair.Key).Concat(ours.Select(pair => pair.Key)).Where(IsStructural).Distinct().ToList();
        foreach (var key in keys)
        {
            switch (key)
            {
                case "properties":
                    SyncProperties(ours, vendor, context);
                    break;
                case "items" when vendor[key] is not JsonArray && ours[key] is not JsonArray:
                    SyncSubschema(ours, key, vendor[key], context.ForItems());
                    break;
                case "not":
                    SyncSubschema(ours, key, vendor[key], context.ForKeyword(key));
                    break;
                case "additionalProperties" when vendor[key] is JsonObject && ours[key] is JsonObject:
                    SyncSubschema(ours, key, vendor[key], context.ForKeyword(key));
                    break;
                case "additionalProperties":
                    if (ShapeKey.Schema(new JsonObject { [key] = ours[key]?.DeepClone() }, OurRefs)
                        != ShapeKey.Schema(new JsonObject { [key] = vendor[key]?.DeepClone() }, _vendorRefs))
                    {
                        SetOrRemove(ours, key, vendor.ContainsKey(key) ? NewSchema(vendor[key]!, context.ForKeyword(key)) : null, context.Label);
                    }

                    break;
                case "oneOf" or "anyOf" or "allOf" or "prefixItems":
                    SyncPositional(ours, vendor, key, context);
                    break;
                case "enum" or "required":
                    SyncSet(ours, vendor, key, context.Label);
                    break;
                case "discriminator":
                    if (!JsonValues.DeepEquals((ours[key] as JsonObject)?["propertyName"], (vendor[key] as JsonObject)?["propertyName"]))
                    {
                        SetOrRemove(ours, key, vendor[key]?.DeepClone(), context.Label);
                    }

                    break;
                default:
                    SyncValue(ours, vendor, key, context.Label, FalseByDefault.Contains(key) || IsBooleanExclusive(key, ours, vendor));
                    break;
            }
        }
    }

    private static bool IsBooleanExclusive(string key, JsonObject ours, JsonObject vendor) =>
        key is "exclusiveMinimum" or "exclusiveMaximum" && (JsonValues.AsBool(ours[key]) is not null || JsonValues.AsBool(vendor[key]) is not null);

    /// <summary>A keyword holding one schema (<c>items</c>, <c>not</c>, <c>schema</c>): added, removed or synced.</summary>
    private void SyncSubschema(JsonObject ours, string key, JsonNode? vendor, SyncContext context)
    {
        if (vendor is null)
        {
            if (ours.Remove(key))
            {
                _report.Edit($"- {context.Label}");
            }

            return;
        }

        if (!ours.ContainsKey(key))
        {
            JsonOrder.InsertKeyword(ours, key, NewSchema(vendor, context));
            _report.Edit($"+ {context.Label}");
            return;
        }

        SyncSlot(Slot.Of(ours, key), vendor, context);
    }

    /// <summary>A plain keyword: set to the vendor's value, or removed when the vendor has none.</summary>
    private void SyncValue(JsonObject ours, JsonObject vendor, string key, string label, bool falseByDefault)
    {
        var ourValue = ours.ContainsKey(key) ? ours[key] : falseByDefault ? JsonValue.Create(false) : null;
        var vendorValue = vendor.ContainsKey(key) ? vendor[key] : falseByDefault ? JsonValue.Create(false) : null;
        var ourKnown = ours.ContainsKey(key) || falseByDefault;
        var vendorKnown = vendor.ContainsKey(key) || falseByDefault;
        if (ourKnown == vendorKnown && (!ourKnown || JsonValues.DeepEquals(ourValue, vendorValue)))
        {
            return;
        }

        var keepAbsent = !vendor.ContainsKey(key) || (falseByDefault && JsonValues.AsBool(vendorValue) == false && !ours.ContainsKey(key));
        SetOrRemove(ours, key, keepAbsent ? null : vendorValue?.DeepClone() ?? JsonValue.Create((string?)null), label);
    }

    private void SetOrRemove(JsonObject ours, string key, JsonNode? value, string label)
    {
        if (value is null)
        {
            ours.Remove(key);
            _report.Edit($"- {label}.{key}");
            return;
        }

        var before = ours.ContainsKey(key) ? JsonValues.Render(ours[key]) : JsonValues.Absent;
        if (ours.ContainsKey(key))
        {
            ours[key] = value;
        }
        else
        {
            JsonOrder.InsertKeyword(ours, key, value);
        }

        _report.Edit($"~ {label}.{key}: {before} -> {JsonValues.Render(value)}");
    }

    /// <summary><c>enum</c> and <c>required</c>: compared as sets; our order is kept and new members go at the end.</summary>
    private void SyncSet(JsonObject ours, JsonObject vendor, string key, string label)
    {
        var ourList = ours[key] as JsonArray ?? [];
        var vendorList = vendor[key] as JsonArray ?? [];
        var ourSet = new JsonValueSet(ourList);
        var vendorSet = new JsonValueSet(vendorList);
        var removed = ourList.Where(item => !vendorSet.Contains(item)).ToList();
        var added = vendorList.Where(item => !ourSet.Contains(item)).ToList();
        if (removed.Count == 0 && added.Count == 0 && ours.ContainsKey(key) == vendor.ContainsKey(key))
        {
            return;
        }

        if (!vendor.ContainsKey(key) || (key == "required" && vendorList.Count == 0))
        {
            if (ours.Remove(key))
            {
                _report.Edit($"- {label}.{key}");
            }

            return;
        }

        var merged = new JsonArray();
        foreach (var item in ourList.Where(item => !removed.Contains(item)).Concat(added))
        {
            merged.Add(item?.DeepClone());
        }

        if (ours.ContainsKey(key))
        {
            ours[key] = merged;
        }
        else if (key == "required" && ours.ContainsKey("properties"))
        {
            JsonOrder.InsertBefore(ours, key, merged, "properties");
        }
        else
        {
            JsonOrder.InsertKeyword(ours, key, merged);
        }

        var changes = added.Select(item => "+" + JsonValues.Render(item)).Concat(removed.Select(item => "-" + JsonValues.Render(item)));
        _report.Edit($"~ {label}.{key}: {string.Join(' ', changes)}");
    }

    private void SyncProperties(JsonObject ours, JsonObject vendor, SyncContext context)
    {
        if (vendor["properties"] is not JsonObject vendorProperties)
        {
            if (ours.Remove("properties"))
            {
                _report.Edit($"- {context.Label}.properties");
            }

            return;
        }

        if (ours["properties"] is not JsonObject ourProperties)
        {
            ourProperties = [];
            JsonOrder.InsertKeyword(ours, "properties", ourProperties);
        }

        foreach (var (name, _) in ourProperties.ToList())
        {
            if (!vendorProperties.ContainsKey(name))
            {
                ourProperties.Remove(name);
                _report.Edit($"- property {context.Label}.{name}");
            }
        }

        var position = 0;
        foreach (var (name, vendorProperty) in vendorProperties)
        {
            var propertyContext = context.ForProperty(name);
            if (ourProperties.ContainsKey(name))
            {
                position = ourProperties.IndexOf(name) + 1;
                SyncSlot(Slot.Of(ourProperties, name), vendorProperty, propertyContext);
                continue;
            }

            JsonOrder.InsertAt(ourProperties, position++, name, NewSchema(vendorProperty ?? JsonValue.Create(true), propertyContext));
            _report.Edit($"+ property {context.Label}.{name}");
        }
    }

    private void SyncPositional(JsonObject ours, JsonObject vendor, string key, SyncContext context)
    {
        var vendorList = vendor[key] as JsonArray;
        if (vendorList is null)
        {
            if (ours.Remove(key))
            {
                _report.Edit($"- {context.Label}.{key}");
            }

            return;
        }

        if (ours[key] is not JsonArray ourList)
        {
            ourList = [];
            JsonOrder.InsertKeyword(ours, key, ourList);
        }

        for (var i = 0; i < vendorList.Count; i++)
        {
            var itemContext = context.ForKeyword($"{key}[{i}]");
            if (i < ourList.Count)
            {
                SyncSlot(Slot.Of(ourList, i), vendorList[i], itemContext);
            }
            else
            {
                ourList.Add(NewSchema(vendorList[i] ?? JsonValue.Create(true), itemContext));
                _report.Edit($"+ {itemContext.Label}");
            }
        }

        while (ourList.Count > vendorList.Count)
        {
            ourList.RemoveAt(ourList.Count - 1);
            _report.Edit($"- {context.Label}.{key}[{ourList.Count}]");
        }
    }
}
