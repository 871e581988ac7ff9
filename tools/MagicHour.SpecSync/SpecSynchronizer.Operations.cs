using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>Operations: added, removed, and their parameters, request bodies and responses synced.</summary>
public sealed partial class SpecSynchronizer
{
    private void SyncOperations()
    {
        var ourPaths = Child(_ours, "paths");
        var vendorPaths = _vendor["paths"] as JsonObject ?? [];
        foreach (var (path, item) in ourPaths.ToList())
        {
            if (item is not JsonObject ourItem)
            {
                continue;
            }

            var vendorItem = _vendorRefs.Resolve(vendorPaths[path]).Node as JsonObject;
            foreach (var method in SpecOperations.HttpMethods)
            {
                if (ourItem[method] is JsonObject operation && vendorItem?[method] is not JsonObject)
                {
                    ourItem.Remove(method);
                    _report.Edit($"- operation {method.ToUpperInvariant()} {path} ({JsonValues.AsString(operation["operationId"])})");
                }
            }

            if (!SpecOperations.HttpMethods.Any(ourItem.ContainsKey))
            {
                ourPaths.Remove(path);
            }
        }

        foreach (var (path, item) in vendorPaths)
        {
            if (_vendorRefs.Resolve(item).Node is not JsonObject vendorItem)
            {
                continue;
            }

            foreach (var method in SpecOperations.HttpMethods)
            {
                if (vendorItem[method] is not JsonObject vendorOperation)
                {
                    continue;
                }

                if ((ourPaths[path] as JsonObject)?[method] is JsonObject ourOperation)
                {
                    SyncOperation(path, method, ourOperation, vendorOperation);
                }
                else
                {
                    CreateOperation(path, method, vendorOperation);
                }
            }
        }
    }

    private SyncContext OperationContext(string path, string method, string? operationId, JsonObject vendorOperation)
    {
        var separator = operationId?.IndexOf('_') ?? -1;
        var resource = separator > 0 ? operationId![..separator] : Naming.Resource(path);
        var verb = separator > 0 ? operationId![(separator + 1)..] : Naming.Verb(method, path, ReturnsList(vendorOperation));
        var kind = IsProjectCreate(path, method, vendorOperation) ? Naming.ProjectKind(vendorOperation) : null;
        var label = $"{method.ToUpperInvariant()} {path}";
        return new SyncContext(label, resource, verb, kind, label, SlotRole.Other);
    }

    /// <summary>A POST of a tool (no path parameter) whose success answer has an id and the credits charged.</summary>
    private bool IsProjectCreate(string path, string method, JsonObject vendorOperation) =>
        method == "post" && !path.Contains('{')
        && SuccessProperties(vendorOperation) is { } properties && properties.ContainsKey("id") && properties.ContainsKey("credits_charged");

    /// <summary>Whether the success answer is a page of a collection: it has an <c>items</c> array.</summary>
    private bool ReturnsList(JsonObject vendorOperation) =>
        SuccessProperties(vendorOperation)?["items"] is JsonObject items && JsonValues.AsString(items["type"]) == "array";

    private JsonObject? SuccessProperties(JsonObject vendorOperation)
    {
        var response = _vendorRefs.Resolve((vendorOperation["responses"] as JsonObject)?["200"]).Node as JsonObject;
        var schema = _vendorRefs.Resolve((response?["content"] as JsonObject)?["application/json"]?["schema"]).Node as JsonObject;
        return schema?["properties"] as JsonObject;
    }

    private void SyncOperation(string path, string method, JsonObject ours, JsonObject vendor)
    {
        var context = OperationContext(path, method, JsonValues.AsString(ours["operationId"]), vendor);
        if (context.ProjectKind is { } kind)
        {
            _projectCreates.Add((ours, kind));
        }

        SyncParameters(ours, vendor, context);
        SyncRequestBody(ours, vendor, context);
        SyncResponses(ours, vendor, context);
        SyncValue(ours, vendor, "deprecated", context.Label, falseByDefault: true);
    }

    private void CreateOperation(string path, string method, JsonObject vendor)
    {
        var paths = Child(_ours, "paths");
        var sibling = (paths[path] as JsonObject)?.Select(pair => pair.Value).OfType<JsonObject>().FirstOrDefault();
        var siblingId = JsonValues.AsString(sibling?["operationId"]);
        var resource = siblingId?.Contains('_') == true ? siblingId[..siblingId.IndexOf('_')] : Naming.Resource(path);
        var tag = JsonValues.AsString((sibling?["tags"] as JsonArray)?.FirstOrDefault()) ?? resource;
        var operationIds = Placement.OperationIds(_ours);
        var operationId = Naming.Unique($"{resource}_{Naming.Verb(method, path, ReturnsList(vendor))}", operationIds.Contains);
        var context = OperationContext(path, method, operationId, vendor);
        _resources.Add(resource);

        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(tag),
            ["operationId"] = operationId,
            ["summary"] = _report.Placeholder(operationId),
            ["description"] = _report.Placeholder($"what {operationId} does"),
        };
        if (context.ProjectKind is { } kind)
        {
            operation["x-magichour-project-kind"] = kind;
        }

        var parameters = new JsonArray();
        foreach (var parameter in vendor["parameters"] as JsonArray ?? [])
        {
            if (_vendorRefs.Resolve(parameter).Node is JsonObject vendorParameter)
            {
                parameters.Add(NewParameter(vendorParameter, context));
            }
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (_vendorRefs.Resolve(vendor["requestBody"]).Node is JsonObject body)
        {
            operation["requestBody"] = NewRequestBody(body, context);
        }

        var responses = new JsonObject();
        foreach (var (code, response) in vendor["responses"] as JsonObject ?? [])
        {
            if (!code.StartsWith("x-", StringComparison.Ordinal) && _vendorRefs.Resolve(response).Node is JsonObject vendorResponse)
            {
                responses[code] = NewResponse(code, vendorResponse, context);
            }
        }

        operation["responses"] = responses;
        if (JsonValues.AsBool(vendor["deprecated"]) == true)
        {
            operation["deprecated"] = true;
        }

        if (paths[path] is JsonObject item)
        {
            item[method] = operation;
        }
        else
        {
            Placement.InsertPath(_ours, path, new JsonObject { [method] = operation }, tag, context.ProjectKind);
        }

        Placement.AddTag(_ours, tag, context.ProjectKind, () => _report.Placeholder($"the {tag} tag"));

        _report.Edit($"+ operation {context.Label} ({operationId})");
    }

    // ---- parameters -------------------------------------------------------------------------

    private static string ParameterKey(JsonObject parameter) =>
        $"{JsonValues.AsString(parameter["in"])}:{JsonValues.AsString(parameter["name"])}";

    private void SyncParameters(JsonObject ours, JsonObject vendor, SyncContext context)
    {
        var vendorParameters = (vendor["parameters"] as JsonArray ?? [])
            .Select(node => _vendorRefs.Resolve(node).Node).OfType<JsonObject>()
            .ToDictionary(ParameterKey, parameter => parameter, StringComparer.Ordinal);
        var list = ours["parameters"] as JsonArray;
        var ourKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = (list?.Count ?? 0) - 1; i >= 0; i--)
        {
            var entry = list![i];
            if (OurRefs.Resolve(entry).Node is not JsonObject parameter)
            {
                continue;
            }

            var key = ParameterKey(parameter);
            ourKeys.Add(key);
            if (!vendorParameters.TryGetValue(key, out var vendorParameter))
            {
                list.RemoveAt(i);
                _report.Edit($"- {context.Label} parameters[{key}]");
                continue;
            }

            var parameterContext = ParameterContext(context, parameter);
            if (RefResolver.IsRef(entry, out var pointer) && pointer.StartsWith(ParameterPrefix, StringComparison.Ordinal))
            {
                var index = i;
                RecordUse(pointer, vendorParameter, parameterContext, target => list[index] = JsonOrder.Ref(target));
            }
            else
            {
                SyncParameter(parameter, vendorParameter, parameterContext);
            }
        }

        foreach (var (key, vendorParameter) in vendorParameters.Where(pair => !ourKeys.Contains(pair.Key)))
        {
            if (list is null)
            {
                list = [];
                JsonOrder.InsertBefore(ours, "parameters", list, "requestBody", "responses");
            }

            list.Add(NewParameter(vendorParameter, context));
            _report.Edit($"+ {context.Label} parameters[{key}]");
        }

        if (list is { Count: 0 })
        {
            ours.Remove("parameters");
        }
    }

    private static SyncContext ParameterContext(SyncContext context, JsonObject parameter) => context with
    {
        Label = $"{context.Operation} parameters[{ParameterKey(parameter)}]",
        Role = SlotRole.Parameter,
        Property = JsonValues.AsString(parameter["name"]),
    };

    private void SyncParameter(JsonObject ours, JsonNode vendorNode, SyncContext context)
    {
        var vendor = vendorNode as JsonObject ?? [];
        var location = JsonValues.AsString(vendor["in"]);
        var required = JsonValues.AsBool(vendor["required"]) ?? location == "path";
        if ((JsonValues.AsBool(ours["required"]) ?? location == "path") != required)
        {
            ours["required"] = required;
            _report.Edit($"~ {context.Label}.required");
        }

        SyncValue(ours, vendor, "style", context.Label, falseByDefault: false);
        SyncValue(ours, vendor, "explode", context.Label, falseByDefault: false);
        SyncSubschema(ours, "schema", vendor["schema"], context);
    }

    private JsonNode NewParameter(JsonObject vendor, SyncContext context)
    {
        var key = ShapeKey.Parameter(vendor, _vendorRefs);
        var ourRefs = OurRefs;
        foreach (var (name, _) in Section("parameters"))
        {
            var pointer = ParameterPrefix + name;
            if (ShapeKey.Parameter(JsonOrder.Ref(pointer), ourRefs) == key)
            {
                return JsonOrder.Ref(pointer);
            }
        }

        var parameterContext = ParameterContext(context, vendor);
        var parameter = new JsonObject { ["name"] = vendor["name"]?.DeepClone(), ["in"] = vendor["in"]?.DeepClone() };
        foreach (var keyword in new[] { "required", "style", "explode", "deprecated" })
        {
            if (vendor.ContainsKey(keyword))
            {
                parameter[keyword] = vendor[keyword]?.DeepClone();
            }
        }

        parameter["description"] = _report.Placeholder($"the {JsonValues.AsString(vendor["in"])} parameter {JsonValues.AsString(vendor["name"])} of {context.Operation}");
        if (vendor["schema"] is { } schema)
        {
            parameter["schema"] = NewSchema(schema, parameterContext);
        }

        return parameter;
    }

    // ---- request bodies -------------------------------------------------------------------------

    private void SyncRequestBody(JsonObject ours, JsonObject vendor, SyncContext context)
    {
        var vendorBody = _vendorRefs.Resolve(vendor["requestBody"]).Node as JsonObject;
        var ourBody = OurRefs.Resolve(ours["requestBody"]).Node as JsonObject;
        var bodyContext = context with { Label = $"{context.Operation} requestBody", Role = SlotRole.RequestBody };
        if (vendorBody is null)
        {
            if (ours.Remove("requestBody"))
            {
                _report.Edit($"- {bodyContext.Label}");
            }

            return;
        }

        if (ourBody is null)
        {
            JsonOrder.InsertBefore(ours, "requestBody", NewRequestBody(vendorBody, context), "responses");
            _report.Edit($"+ {bodyContext.Label}");
            return;
        }

        SyncValue(ourBody, vendorBody, "required", bodyContext.Label, falseByDefault: true);
        SyncContent(ourBody, vendorBody, bodyContext);
    }

    private JsonObject NewRequestBody(JsonObject vendor, SyncContext context)
    {
        var body = new JsonObject();
        if (JsonValues.AsBool(vendor["required"]) == true)
        {
            body["required"] = true;
        }

        body["content"] = NewContent(vendor, context with { Label = $"{context.Operation} requestBody", Role = SlotRole.RequestBody });
        return body;
    }

    private void SyncContent(JsonObject ours, JsonObject vendor, SyncContext context)
    {
        var vendorContent = vendor["content"] as JsonObject;
        if (vendorContent is null)
        {
            if (ours.Remove("content"))
            {
                _report.Edit($"- {context.Label}.content");
            }

            return;
        }

        if (ours["content"] is not JsonObject ourContent)
        {
            ours["content"] = NewContent(vendor, context);
            _report.Edit($"+ {context.Label}.content");
            return;
        }

        foreach (var (mediaType, _) in ourContent.ToList())
        {
            if (!vendorContent.Any(pair => string.Equals(pair.Key, mediaType, StringComparison.OrdinalIgnoreCase)))
            {
                ourContent.Remove(mediaType);
                _report.Edit($"- {context.Label}.content[{mediaType}]");
            }
        }

        foreach (var (mediaType, vendorMedia) in vendorContent)
        {
            var ourKey = ourContent.Select(pair => pair.Key).FirstOrDefault(key => string.Equals(key, mediaType, StringComparison.OrdinalIgnoreCase));
            var vendorSchema = (vendorMedia as JsonObject)?["schema"];
            if (ourKey is null)
            {
                ourContent[mediaType] = vendorSchema is null ? new JsonObject() : new JsonObject { ["schema"] = NewSchema(vendorSchema, context) };
                _report.Edit($"+ {context.Label}.content[{mediaType}]");
                continue;
            }

            var ourMedia = ourContent[ourKey] as JsonObject ?? [];
            SyncSubschema(ourMedia, "schema", vendorSchema, context);
        }
    }

    private JsonObject NewContent(JsonObject vendor, SyncContext context)
    {
        var content = new JsonObject();
        foreach (var (mediaType, media) in vendor["content"] as JsonObject ?? [])
        {
            var schema = (media as JsonObject)?["schema"];
            content[mediaType] = schema is null ? new JsonObject() : new JsonObject { ["schema"] = NewSchema(schema, context) };
        }

        return content;
    }

    // ---- responses ------------------------------------------------------------------------------

    private SyncContext ResponseContext(SyncContext context, string code) => context with
    {
        Label = $"{context.Operation} responses[{code}]",
        Role = code.StartsWith('2') ? SlotRole.Response : SlotRole.ErrorResponse,
        Property = code.StartsWith('2') ? code : Naming.Reason(code),
    };

    private void SyncResponses(JsonObject ours, JsonObject vendor, SyncContext context)
    {
        var vendorResponses = vendor["responses"] as JsonObject ?? [];
        var ourResponses = Child(ours, "responses");
        foreach (var (code, _) in ourResponses.ToList())
        {
            if (!code.StartsWith("x-", StringComparison.Ordinal) && !vendorResponses.Any(pair => SameCode(pair.Key, code)))
            {
                ourResponses.Remove(code);
                _report.Edit($"- {context.Operation} responses[{code}]");
            }
        }

        foreach (var (code, response) in vendorResponses)
        {
            if (code.StartsWith("x-", StringComparison.Ordinal) || _vendorRefs.Resolve(response).Node is not JsonObject vendorResponse)
            {
                continue;
            }

            var responseContext = ResponseContext(context, code);
            var ourCode = ourResponses.Select(pair => pair.Key).FirstOrDefault(key => SameCode(key, code));
            if (ourCode is null)
            {
                var index = ourResponses.Select(pair => pair.Key).TakeWhile(key => string.CompareOrdinal(key, code) < 0).Count();
                JsonOrder.InsertAt(ourResponses, index, code, NewResponse(code, vendorResponse, context));
                _report.Edit($"+ {responseContext.Label}");
                continue;
            }

            var ourResponse = ourResponses[ourCode];
            if (RefResolver.IsRef(ourResponse, out var pointer) && pointer.StartsWith(ResponsePrefix, StringComparison.Ordinal))
            {
                RecordUse(pointer, vendorResponse, responseContext, target => ourResponses[ourCode] = JsonOrder.Ref(target));
            }
            else if (ourResponse is JsonObject inline)
            {
                SyncResponse(inline, vendorResponse, responseContext);
            }
        }
    }

    private static bool SameCode(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private void SyncResponse(JsonObject ours, JsonNode vendorNode, SyncContext context)
    {
        var vendor = vendorNode as JsonObject ?? [];
        SyncContent(ours, vendor, context);
        if (ShapeKey.Response(new JsonObject { ["headers"] = ours["headers"]?.DeepClone() }, OurRefs)
            != ShapeKey.Response(new JsonObject { ["headers"] = vendor["headers"]?.DeepClone() }, _vendorRefs))
        {
            ours.Remove("headers");
            if (vendor["headers"] is JsonObject headers)
            {
                ours["headers"] = headers.DeepClone();
            }

            _report.Edit($"~ {context.Label}.headers");
        }
    }

    private JsonNode NewResponse(string code, JsonObject vendor, SyncContext operationContext)
    {
        var context = ResponseContext(operationContext, code);
        if (context.Role == SlotRole.Response)
        {
            var inline = new JsonObject { ["description"] = _report.Placeholder($"the {code} response of {context.Operation}") };
            if (vendor.ContainsKey("content"))
            {
                inline["content"] = NewContent(vendor, context);
            }

            if (vendor["headers"] is JsonObject headers)
            {
                inline["headers"] = headers.DeepClone();
            }

            return inline;
        }

        // Only the response named for the status is reused: a 402 must not become a shared 400 that happens to look the same.
        var responses = Section("responses");
        var reason = Naming.Reason(code);
        var key = ShapeKey.Response(vendor, _vendorRefs);
        if (responses.ContainsKey(reason) && ShapeKey.Response(JsonOrder.Ref(ResponsePrefix + reason), OurRefs) == key)
        {
            return JsonOrder.Ref(ResponsePrefix + reason);
        }

        var newName = Naming.Unique(reason, responses.ContainsKey);
        var definition = new JsonObject { ["description"] = _report.Placeholder($"the {newName} response") };
        responses[newName] = definition;
        if (vendor.ContainsKey("content"))
        {
            definition["content"] = NewContent(vendor, context);
        }

        _report.Edit($"+ response {newName}");
        return JsonOrder.Ref(ResponsePrefix + newName);
    }
}
