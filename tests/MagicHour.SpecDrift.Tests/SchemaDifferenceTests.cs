using static MagicHour.SpecDrift.Tests.Specs;

namespace MagicHour.SpecDrift.Tests;

/// <summary>One test per kind of schema difference, on the request body of POST /v1/thing.</summary>
public class SchemaDifferenceTests
{
    [Test]
    public void MissingProperty_IsOneLine()
    {
        var upstream = WithBody("{type: object, properties: {name: {type: string}, size: {type: integer, format: int32}}}");
        var ours = WithBody("{type: object, properties: {name: {type: string}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            $"{Body}.properties.size  upstream=integer(int32)  ours=<absent>",
        }));
    }

    [Test]
    public void ExtraProperty_IsOneLine()
    {
        var upstream = WithBody("{type: object, properties: {name: {type: string}}}");
        var ours = WithBody("{type: object, properties: {name: {type: string}, tags: {type: array, items: {type: string}}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            $"{Body}.properties.tags  upstream=<absent>  ours=array<string>",
        }));
    }

    [Test]
    public void TypeChanged()
    {
        var upstream = WithBody("{type: object, properties: {size: {type: integer}}}");
        var ours = WithBody("{type: object, properties: {size: {type: number}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.properties.size.type  upstream=integer  ours=number" }));
    }

    [Test]
    public void FormatChanged()
    {
        var upstream = WithBody("{type: object, properties: {at: {type: string, format: date-time}}}");
        var ours = WithBody("{type: object, properties: {at: {type: string, format: date}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.properties.at.format  upstream=date-time  ours=date" }));
    }

    [Test]
    public void FormatRemoved_ShowsAbsent()
    {
        var upstream = WithBody("{type: string, format: uri}");
        var ours = WithBody("{type: string}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.format  upstream=uri  ours=<absent>" }));
    }

    [Test]
    public void EnumValueAddedUpstream_IsOneLinePerValue()
    {
        var upstream = WithBody("{type: string, enum: [video, audio, image, gif]}");
        var ours = WithBody("{type: string, enum: [video, audio, image]}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.enum  upstream=[gif]  ours=[]" }));
    }

    [Test]
    public void EnumValueRemovedUpstream_IsOneLinePerValue()
    {
        var upstream = WithBody("{type: string, enum: [video, image]}");
        var ours = WithBody("{type: string, enum: [video, audio, image, gif]}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            $"{Body}.enum  upstream=[]  ours=[audio]",
            $"{Body}.enum  upstream=[]  ours=[gif]",
        }));
    }

    [Test]
    public void EnumOrder_IsIgnored()
    {
        var upstream = WithBody("{type: string, enum: [a, b, c]}");
        var ours = WithBody("{type: string, enum: [c, a, b]}");

        Assert.That(Lines(upstream, ours), Is.Empty);
    }

    [Test]
    public void EnumOnOneSideOnly_IsOneLineWithTheList()
    {
        var upstream = WithBody("{type: string, enum: [a, b]}");
        var ours = WithBody("{type: string}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.enum  upstream=[a, b]  ours=<absent>" }));
    }

    [Test]
    public void RequiredAddedUpstream()
    {
        var upstream = WithBody("{type: object, required: [assets, name], properties: {assets: {type: string}, name: {type: string}}}");
        var ours = WithBody("{type: object, required: [assets], properties: {assets: {type: string}, name: {type: string}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.required  upstream=[name]  ours=[]" }));
    }

    [Test]
    public void RequiredRemovedUpstream_AbsentListIsEmptySet()
    {
        var upstream = WithBody("{type: object, properties: {assets: {type: string}}}");
        var ours = WithBody("{type: object, required: [assets], properties: {assets: {type: string}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.required  upstream=[]  ours=[assets]" }));
    }

    [Test]
    public void RequiredOrder_IsIgnored()
    {
        var upstream = WithBody("{type: object, required: [a, b], properties: {a: {type: string}, b: {type: string}}}");
        var ours = WithBody("{type: object, required: [b, a], properties: {a: {type: string}, b: {type: string}}}");

        Assert.That(Lines(upstream, ours), Is.Empty);
    }

    [Test]
    public void NullableChanged_AbsentMeansFalse()
    {
        var upstream = WithBody("{type: object, properties: {name: {type: string, nullable: true}, code: {type: string, nullable: false}}}");
        var ours = WithBody("{type: object, properties: {name: {type: string}, code: {type: string}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.properties.name.nullable  upstream=true  ours=false" }));
    }

    [TestCase("minimum", "0", "1")]
    [TestCase("maximum", "100", "99.5")]
    [TestCase("multipleOf", "0.5", "1")]
    public void NumericLimitChanged(string keyword, string upstreamValue, string ourValue)
    {
        var upstream = WithBody($"{{type: number, {keyword}: {upstreamValue}}}");
        var ours = WithBody($"{{type: number, {keyword}: {ourValue}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.{keyword}  upstream={upstreamValue}  ours={ourValue}" }));
    }

    [Test]
    public void NumericLimitMissing_ShowsAbsent()
    {
        var upstream = WithBody("{type: integer, minimum: 1, maximum: 4}");
        var ours = WithBody("{type: integer, minimum: 1}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.maximum  upstream=4  ours=<absent>" }));
    }

    [Test]
    public void NumbersCompareByValue()
    {
        var upstream = Json("""{"openapi":"3.0.2","paths":{"/v1/thing":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"number","minimum":1.0,"maximum":2}}}},"responses":{"200":{"description":"x"}}}}}}""");
        var ours = WithBody("{type: number, minimum: 1, maximum: 2.00}");

        Assert.That(Lines(upstream, ours).Where(line => !line.Contains("requestBody.required")), Is.Empty);
    }

    [TestCase("exclusiveMinimum")]
    [TestCase("exclusiveMaximum")]
    public void ExclusiveLimitChanged_AbsentMeansFalse(string keyword)
    {
        var upstream = WithBody($"{{type: number, minimum: 0, maximum: 1, {keyword}: true}}");
        var ours = WithBody("{type: number, minimum: 0, maximum: 1}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.{keyword}  upstream=true  ours=false" }));
    }

    [TestCase("minLength", "1", "2")]
    [TestCase("maxLength", "500", "1000")]
    public void StringLengthChanged(string keyword, string upstreamValue, string ourValue)
    {
        var upstream = WithBody($"{{type: string, {keyword}: {upstreamValue}}}");
        var ours = WithBody($"{{type: string, {keyword}: {ourValue}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.{keyword}  upstream={upstreamValue}  ours={ourValue}" }));
    }

    [Test]
    public void PatternChanged()
    {
        var upstream = WithBody("{type: string, pattern: '^[a-z0-9]+$'}");
        var ours = WithBody("{type: string, pattern: '^[a-z]+$'}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.pattern  upstream=^[a-z0-9]+$  ours=^[a-z]+$" }));
    }

    [TestCase("minItems", "1", "0")]
    [TestCase("maxItems", "10", "5")]
    public void ArrayLengthChanged(string keyword, string upstreamValue, string ourValue)
    {
        var upstream = WithBody($"{{type: array, items: {{type: string}}, {keyword}: {upstreamValue}}}");
        var ours = WithBody($"{{type: array, items: {{type: string}}, {keyword}: {ourValue}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.{keyword}  upstream={upstreamValue}  ours={ourValue}" }));
    }

    [Test]
    public void UniqueItemsChanged_AbsentMeansFalse()
    {
        var upstream = WithBody("{type: array, items: {type: string}, uniqueItems: true}");
        var ours = WithBody("{type: array, items: {type: string}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.uniqueItems  upstream=true  ours=false" }));
    }

    [Test]
    public void ArrayItemTypeChanged()
    {
        var upstream = WithBody("{type: object, properties: {paths: {type: array, items: {type: string}}}}");
        var ours = WithBody("{type: object, properties: {paths: {type: array, items: {type: integer}}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.properties.paths.items.type  upstream=string  ours=integer" }));
    }

    [Test]
    public void DefaultChanged()
    {
        var upstream = WithBody("{type: object, properties: {mode: {type: string, default: auto}, on: {type: boolean, default: false}}}");
        var ours = WithBody("{type: object, properties: {mode: {type: string, default: manual}, on: {type: boolean}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            $"{Body}.properties.mode.default  upstream=auto  ours=manual",
            $"{Body}.properties.on.default  upstream=false  ours=<absent>",
        }));
    }

    [Test]
    public void AdditionalPropertiesChanged_AbsentTrueAndEmptySchemaAreEqual()
    {
        var upstream = WithBody("{type: object, properties: {a: {type: object, additionalProperties: false}, b: {type: object}, c: {type: object, additionalProperties: {}}}}");
        var ours = WithBody("{type: object, properties: {a: {type: object}, b: {type: object, additionalProperties: true}, c: {type: object}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.properties.a.additionalProperties  upstream=false  ours=true" }));
    }

    [Test]
    public void AdditionalPropertiesSchema_IsComparedRecursively()
    {
        var upstream = WithBody("{type: object, additionalProperties: {type: integer}}");
        var ours = WithBody("{type: object, additionalProperties: {type: string}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.additionalProperties.type  upstream=integer  ours=string" }));
    }

    [Test]
    public void OneOf_IsComparedByPosition()
    {
        var upstream = WithBody("{oneOf: [{type: string}, {type: integer}]}");
        var ours = WithBody("{oneOf: [{type: string}, {type: number}, {type: boolean}]}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            $"{Body}.oneOf[1].type  upstream=integer  ours=number",
            $"{Body}.oneOf[2]  upstream=<absent>  ours=boolean",
        }));
    }

    [Test]
    public void NestedDifferences_CarryTheFullPath()
    {
        var upstream = WithBody("{type: object, properties: {assets: {type: object, required: [image_file_path], properties: {image_file_path: {type: string}}}}}");
        var ours = WithBody("{type: object, properties: {assets: {type: object, properties: {image_file_path: {type: string}}}}}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[] { $"{Body}.properties.assets.required  upstream=[image_file_path]  ours=[]" }));
    }

    [Test]
    public void KeywordsWithoutADedicatedRule_AreStillCompared()
    {
        var upstream = WithBody("{type: string, readOnly: true, contentEncoding: base64, x-vendor: 1, example: abc}");
        var ours = WithBody("{type: string, example: xyz}");

        Assert.That(Lines(upstream, ours), Is.EqualTo(new[]
        {
            $"{Body}.contentEncoding  upstream=base64  ours=<absent>",
            $"{Body}.readOnly  upstream=true  ours=false",
        }));
    }
}
