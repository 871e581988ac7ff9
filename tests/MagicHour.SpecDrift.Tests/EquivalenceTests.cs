using static MagicHour.SpecDrift.Tests.Specs;

namespace MagicHour.SpecDrift.Tests;

/// <summary>What must NOT count as a difference: wording, naming, and refs versus inline schemas.</summary>
public class EquivalenceTests
{
    /// <summary>The vendor's style: JSON, everything inline, its own tags, ids and descriptions.</summary>
    private const string VendorStyle =
        """
        {
          "openapi": "3.0.2",
          "info": {"title": "Vendor API", "version": "1.0"},
          "tags": [{"name": "Image Projects"}],
          "paths": {
            "/v1/image-projects/{id}": {
              "get": {
                "operationId": "imageProjects.get",
                "summary": "Get image details",
                "description": "Vendor words.",
                "tags": ["Image Projects"],
                "security": [{"bearerAuth": []}],
                "x-codeSamples": [{"lang": "js", "source": "get()"}],
                "parameters": [{"name": "id", "in": "path", "required": true, "description": "Vendor id words", "schema": {"type": "string", "example": "cuid-example"}}],
                "responses": {
                  "200": {
                    "description": "Success",
                    "content": {"application/json": {"schema": {
                      "type": "object",
                      "title": "ImageProjectResponse",
                      "required": ["id", "error"],
                      "properties": {
                        "id": {"type": "string", "description": "Vendor", "example": "abc"},
                        "error": {
                          "type": "object", "nullable": true, "description": "Vendor error words",
                          "required": ["message"],
                          "properties": {"message": {"type": "string", "example": "oops"}}
                        }
                      }
                    }}}
                  },
                  "404": {"description": "Not Found", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["message"], "properties": {"message": {"type": "string", "enum": ["Not Found"]}}
                  }}}}
                }
              }
            }
          }
        }
        """;

    /// <summary>Our style: YAML, named components, shared responses and parameters, nullable as allOf + nullable.</summary>
    private const string OurStyle =
        """
        openapi: 3.0.3
        info: {title: Ours, version: v1}
        tags: [{name: ImageProjects, description: Our words}]
        paths:
          /v1/image-projects/{id}:
            get:
              operationId: ImageProjects_Get
              summary: Our summary
              description: Our description.
              tags: [ImageProjects]
              parameters:
                - $ref: '#/components/parameters/ProjectId'
              responses:
                '200':
                  description: The image project
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/ImageProject'
                '404': {$ref: '#/components/responses/NotFound'}
        components:
          parameters:
            ProjectId: {name: id, in: path, required: true, description: Ours, schema: {type: string}}
          responses:
            NotFound:
              description: Nothing there
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/NotFoundError'}
          schemas:
            ImageProject:
              type: object
              title: Something else
              description: Ours.
              required: [error, id]
              properties:
                id: {type: string, description: Ours}
                error:
                  allOf:
                    - $ref: '#/components/schemas/ProjectError'
                  nullable: true
                  description: Set when the status is error.
            ProjectError:
              type: object
              required: [message]
              properties:
                message: {type: string, description: Ours}
            NotFoundError:
              type: object
              required: [message]
              properties:
                message: {$ref: '#/components/schemas/NotFoundMessage'}
            NotFoundMessage: {type: string, enum: [Not Found]}
        """;

    [Test]
    public void SameStructure_DifferentWordsNamesAndRefs_HasNoDifferences()
    {
        Assert.That(Lines(Json(VendorStyle), Yaml(OurStyle)), Is.Empty);
    }

    [Test]
    public void Comparison_IsSymmetric()
    {
        Assert.That(Lines(Yaml(OurStyle), Json(VendorStyle)), Is.Empty);
    }

    [Test]
    public void AllOfRefWithNullable_EqualsInlineNullableObject()
    {
        var upstream = WithBody("{type: object, properties: {error: {type: object, nullable: true, required: [code], properties: {code: {type: string}}}}}");
        var ours = WithBody(
            "{type: object, properties: {error: {allOf: [{$ref: '#/components/schemas/E'}], nullable: true, description: why}}}",
            "E: {type: object, required: [code], properties: {code: {type: string}}}");

        Assert.That(Lines(upstream, ours), Is.Empty);
    }

    [Test]
    public void AllOfRefWithoutNullable_DiffersFromNullableInline()
    {
        var upstream = WithBody("{type: object, properties: {error: {type: object, nullable: true, properties: {code: {type: string}}}}}");
        var ours = WithBody(
            "{type: object, properties: {error: {allOf: [{$ref: '#/components/schemas/E'}], description: why}}}",
            "E: {type: object, properties: {code: {type: string}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.properties.error.nullable  upstream=true  ours=false" }));
    }

    [Test]
    public void SiblingsOfARef_AreIgnoredAsOpenApi30Says()
    {
        // Only allOf carries nullable onto a reference; a sibling of $ref is not part of the schema.
        var upstream = WithBody("{type: object, properties: {e: {type: object, nullable: true}}}");
        var ours = WithBody("{type: object, properties: {e: {$ref: '#/components/schemas/E', nullable: true}}}", "E: {type: object}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.properties.e.nullable  upstream=true  ours=false" }));
    }

    [Test]
    public void RefChains_AreFollowed()
    {
        var upstream = WithBody("{type: string, enum: [a, b]}");
        var ours = WithBody("{$ref: '#/components/schemas/A'}", "A: {$ref: '#/components/schemas/B'}\nB: {type: string, enum: [b, a]}");

        Assert.That(Lines(upstream, ours), Is.Empty);
    }

    [Test]
    public void RecursiveSchemas_Terminate()
    {
        const string node = "Node: {type: object, properties: {name: {type: string}, children: {type: array, items: {$ref: '#/components/schemas/Node'}}}}";
        var upstream = WithBody("{$ref: '#/components/schemas/Node'}", node);
        var ours = WithBody("{$ref: '#/components/schemas/Tree'}", node.Replace("Node", "Tree"));

        Assert.That(Lines(upstream, ours), Is.Empty);
    }

    [Test]
    public void RecursiveSchemaAgainstInline_ComparesAsDeepAsTheInlineSide()
    {
        var upstream = WithBody("{type: object, properties: {child: {type: object, properties: {child: {type: integer}}}}}");
        var ours = WithBody("{$ref: '#/components/schemas/N'}", "N: {type: object, properties: {child: {$ref: '#/components/schemas/N'}}}");

        // The inline side ends after two levels; the recursive side goes on, which shows as one extra property.
        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            $"{Body}.properties.child.properties.child.properties.child  upstream=<absent>  ours=object",
            $"{Body}.properties.child.properties.child.type  upstream=integer  ours=object",
        }));
    }

    [Test]
    public void CyclicRefChain_IsReportedNotLooped()
    {
        var upstream = WithBody("{type: string}");
        var ours = WithBody("{$ref: '#/components/schemas/A'}", "A: {$ref: '#/components/schemas/B'}\nB: {$ref: '#/components/schemas/A'}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}  upstream=string  ours=<cyclic $ref '#/components/schemas/A'>" }));
    }

    [Test]
    public void DanglingRef_IsADifference()
    {
        var upstream = WithBody("{type: string}");
        var ours = WithBody("{$ref: '#/components/schemas/Missing'}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}  upstream=string  ours=<unresolved $ref '#/components/schemas/Missing'>" }));
    }

    [Test]
    public void YamlAnchorsAndMergeKeys_AreExpanded()
    {
        var upstream = WithBody("{type: object, properties: {a: {type: string, minLength: 1}, b: {type: string, minLength: 1, maxLength: 5}}}");
        var ours = Yaml(
            """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            x-shared: &text {type: string, minLength: 1}
            paths:
              /v1/thing:
                post:
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            a: *text
                            b: {<<: *text, maxLength: 5}
                  responses: {'200': {description: ok}}
            """);

        Assert.That(Lines(upstream, ours), Is.Empty);
    }
}
