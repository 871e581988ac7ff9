using static MagicHour.SpecDrift.Tests.Specs;

namespace MagicHour.SpecDrift.Tests;

/// <summary>One test per kind of operation-level difference: operations, parameters, bodies, responses.</summary>
public class OperationDifferenceTests
{
    private const string TwoOperations =
        """
        /v1/items:
          get:
            responses: {'200': {description: ok}}
          post:
            responses: {'200': {description: ok}}
        """;

    private const string GetOnly =
        """
        /v1/items:
          get:
            responses: {'200': {description: ok}}
        """;

    [Test]
    public void MissingOperation_IsOneLine()
    {
        Assert.That(Lines(WithPaths(TwoOperations), WithPaths(GetOnly)), Is.EqualTo(new[]
        {
            "POST /v1/items  operation  upstream=present  ours=<absent>",
        }));
    }

    [Test]
    public void ExtraOperation_IsOneLine()
    {
        var ours = WithPaths(GetOnly + "\n/v1/other:\n  delete:\n    responses: {'204': {description: gone}}");

        Assert.That(Lines(WithPaths(GetOnly), ours), Is.EqualTo(new[]
        {
            "DELETE /v1/other  operation  upstream=<absent>  ours=present",
        }));
    }

    [Test]
    public void MissingParameter_IsOneLine()
    {
        var upstream = WithPaths(
            """
            /v1/items:
              get:
                parameters:
                  - {name: limit, in: query, schema: {type: integer}}
                responses: {'200': {description: ok}}
            """);

        Assert.That(Lines(upstream, WithPaths(GetOnly)), Is.EqualTo(new[]
        {
            "GET /v1/items  parameters[query:limit]  upstream=present  ours=<absent>",
        }));
    }

    [Test]
    public void ParameterRequiredChanged_AbsentMeansFalse()
    {
        const string template =
            """
            /v1/items:
              get:
                parameters:
                  - {name: limit, in: query, REQUIRED schema: {type: integer}}
                responses: {'200': {description: ok}}
            """;
        var upstream = WithPaths(template.Replace("REQUIRED", "required: true,"));
        var ours = WithPaths(template.Replace("REQUIRED", string.Empty));

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            "GET /v1/items  parameters[query:limit].required  upstream=true  ours=false",
        }));
    }

    [Test]
    public void ParameterSchemaChanged()
    {
        const string template =
            """
            /v1/items/{id}:
              get:
                parameters:
                  - {name: id, in: path, required: true, schema: {type: TYPE}}
                responses: {'200': {description: ok}}
            """;

        Assert.That(Lines(WithPaths(template.Replace("TYPE", "string")), WithPaths(template.Replace("TYPE", "integer"))), Is.EqualTo(new[]
        {
            "GET /v1/items/{id}  parameters[path:id].schema.type  upstream=string  ours=integer",
        }));
    }

    [Test]
    public void RenamedPathParameter_PairsTheRouteAndShowsTheNames()
    {
        var upstream = WithPaths("/v1/items/{id}:\n  get:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    responses: {'200': {description: ok}}");
        var ours = WithPaths("/v1/items/{item_id}:\n  get:\n    parameters: [{name: item_id, in: path, required: true, schema: {type: string}}]\n    responses: {'200': {description: ok}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            "GET /v1/items/{id}  parameters[path:id]  upstream=present  ours=<absent>",
            "GET /v1/items/{id}  parameters[path:item_id]  upstream=<absent>  ours=present",
            "GET /v1/items/{id}  path  upstream=/v1/items/{id}  ours=/v1/items/{item_id}",
        }));
    }

    [Test]
    public void PathLevelParameters_ApplyToEveryOperation()
    {
        var upstream = WithPaths("/v1/items/{id}:\n  parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n  get:\n    responses: {'200': {description: ok}}");
        var ours = WithPaths("/v1/items/{id}:\n  get:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    responses: {'200': {description: ok}}");

        Assert.That(Lines(upstream, ours), Is.Empty);
    }

    [Test]
    public void StatusCodeAddedUpstream()
    {
        var upstream = WithPaths("/v1/items:\n  get:\n    responses: {'200': {description: ok}, '429': {description: slow down}}");

        Assert.That(Lines(upstream, WithPaths(GetOnly)), Is.EqualTo(new[]
        {
            "GET /v1/items  responses[429]  upstream=present  ours=<absent>",
        }));
    }

    [Test]
    public void StatusCodeRemovedUpstream()
    {
        var ours = WithPaths("/v1/items:\n  get:\n    responses: {'200': {description: ok}, '404': {description: not found}}");

        Assert.That(Lines(WithPaths(GetOnly), ours), Is.EqualTo(new[]
        {
            "GET /v1/items  responses[404]  upstream=<absent>  ours=present",
        }));
    }

    [Test]
    public void ResponseSchemaChanged()
    {
        const string template = "/v1/items:\n  get:\n    responses:\n      '200':\n        description: ok\n        content:\n          application/json:\n            schema: {type: object, properties: {count: {type: TYPE}}}";

        Assert.That(Lines(WithPaths(template.Replace("TYPE", "integer")), WithPaths(template.Replace("TYPE", "string"))), Is.EqualTo(new[]
        {
            "GET /v1/items  responses[200].content[application/json].schema.properties.count.type  upstream=integer  ours=string",
        }));
    }

    [Test]
    public void MediaTypeChanged()
    {
        const string template = "/v1/items:\n  get:\n    responses:\n      '200':\n        description: ok\n        content:\n          MEDIA:\n            schema: {type: string}";

        Assert.That(Lines(WithPaths(template.Replace("MEDIA", "application/json")), WithPaths(template.Replace("MEDIA", "text/plain"))), Is.EqualTo(new[]
        {
            "GET /v1/items  responses[200].content[application/json]  upstream=present  ours=<absent>",
            "GET /v1/items  responses[200].content[text/plain]  upstream=<absent>  ours=present",
        }));
    }

    [Test]
    public void RequestBodyRequiredChanged_AbsentMeansFalse()
    {
        const string template = "/v1/items:\n  post:\n    requestBody:\n      REQUIRED\n      content:\n        application/json:\n          schema: {type: object}\n    responses: {'200': {description: ok}}";
        var upstream = WithPaths(template.Replace("REQUIRED", "required: true"));
        var ours = WithPaths(template.Replace("REQUIRED", "description: no required flag"));

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            "POST /v1/items  requestBody.required  upstream=true  ours=false",
        }));
    }

    [Test]
    public void RequestBodyMissing_IsOneLine()
    {
        var upstream = WithPaths("/v1/items:\n  post:\n    requestBody: {content: {application/json: {schema: {type: object}}}}\n    responses: {'200': {description: ok}}");
        var ours = WithPaths("/v1/items:\n  post:\n    responses: {'200': {description: ok}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            "POST /v1/items  requestBody  upstream=present  ours=<absent>",
        }));
    }

    [Test]
    public void Output_IsSortedByPathThenMethodThenLocation()
    {
        var upstream = WithPaths(
            """
            /v1/b:
              post:
                responses: {'200': {description: ok}, '400': {description: bad}}
              get:
                responses: {'200': {description: ok}}
            /v1/a:
              get:
                responses: {'200': {description: ok}}
            """);
        var ours = WithPaths("/v1/b:\n  post:\n    responses: {'200': {description: ok}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            "GET /v1/a  operation  upstream=present  ours=<absent>",
            "GET /v1/b  operation  upstream=present  ours=<absent>",
            "POST /v1/b  responses[400]  upstream=present  ours=<absent>",
        }));
    }
}
