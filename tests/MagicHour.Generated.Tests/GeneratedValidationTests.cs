using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;

namespace MagicHour.Generated.Tests;

/// <summary>
/// The request checks are generated into every model (openapi/templates/Class.liquid, no reflection, so NativeAOT-safe).
/// They must say exactly what the reflection + DataAnnotations validator they replaced said: that validator is kept
/// here as the reference and both run over many random requests of every model type.
/// </summary>
public class GeneratedValidationTests
{
    private static readonly Type[] Models = typeof(MagicHourClient).Assembly.GetTypes()
        .Where(t => t.IsClass && typeof(IValidatedModel).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Test]
    public void EveryGeneratedModelClass_ChecksItsOwnConstraints()
    {
        var generated = typeof(MagicHourClient).Assembly.GetTypes()
            .Where(t => t.IsClass && t.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>()?.Tool == "NJsonSchema")
            .Where(t => !typeof(JsonConverter).IsAssignableFrom(t))
            .ToList();
        Assert.That(generated, Has.Count.GreaterThan(50));
        Assert.That(generated.Where(t => !typeof(IValidatedModel).IsAssignableFrom(t)).Select(t => t.Name), Is.Empty);
    }

    [Test]
    public void GeneratedChecks_SayWhatTheDataAnnotationsValidatorSaid_ForRandomRequestsOfEveryModel()
    {
        var random = new Random(20240611);
        var compared = 0;
        var withProblems = 0;
        foreach (var type in Models)
        {
            for (var i = 0; i < 300; i++)
            {
                var model = RandomModel.Create(type, random, depth: 0);
                var expected = ReferenceValidator.Problems(model);
                var actual = new List<string>();
                RequestValidator.Visit(model, "$", actual, 0);
                Assert.That(actual, Is.EqualTo(expected), $"{type.Name}, case {i}");
                compared++;
                if (expected.Count > 0) withProblems++;
            }
        }
        Assert.That(withProblems, Is.GreaterThan(compared / 4), "the random requests should break constraints often");
        Assert.That(withProblems, Is.LessThan(compared), "and sometimes be valid");
    }

    [Test]
    public void EachKindOfConstraint_HasTheDataAnnotationsMessage_WithTheJsonPath()
    {
        Assert.That(Problems(new AiVoiceGeneratorCreateRequest { Style = new() { Prompt = "hi", VoiceName = default } }),
            Is.EqualTo(new[] { "$.style.voice_name is required" }), "required extensible enum left unset");
        Assert.That(Problems(new AiVoiceGeneratorCreateRequest { Style = new() { Prompt = "hi", VoiceName = new AiVoiceGeneratorVoiceName("") } }),
            Is.EqualTo(new[] { "$.style.voice_name is required" }), "required extensible enum set to \"\"");
        Assert.That(Problems(new AiVoiceGeneratorCreateRequest { Style = new() { Prompt = "hi", VoiceName = new AiVoiceGeneratorVoiceName("Someone New") } }),
            Is.Empty, "a value this build does not know is fine");
        Assert.That(Problems(new AiVoiceGeneratorCreateRequest { Style = new() { Prompt = null!, VoiceName = default } }),
            Is.EqualTo(new[] { "The $.style.prompt field is required.", "$.style.voice_name is required" }), "required members forced to null and default");
        Assert.That(Problems(new AiVoiceGeneratorCreateRequest { Style = null! }),
            Is.EqualTo(new[] { "The $.style field is required." }), "a missing object: nothing under it is checked");
        Assert.That(Problems(new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = " " } }),
            Is.EqualTo(new[] { "The $.assets.image_file_path field is required." }), "white space is not a value");
        Assert.That(Problems(new AiImageEditorCreateRequest { Style = new() { Prompt = new string('x', 15001) }, Assets = new() }),
            Is.EqualTo(new[] { "The field $.style.prompt must be a string with a minimum length of 1 and a maximum length of 15000." }));
        Assert.That(Problems(new UploadUrlsCreateRequest { Items = [new() { Type = FileType.Image, Extension = "p.ng" }] }),
            Is.EqualTo(new[] { "The field $.items[0].extension must match the regular expression '^[a-z0-9]+$'." }));
        Assert.That(Problems(new UploadUrlsCreateRequest { Items = [new() { Type = FileType.Image, Extension = "" }] }),
            Is.Empty, "[RegularExpression] lets an empty string through, and the field allows empty strings");
        Assert.That(Problems(new UploadUrlsCreateRequest { Items = [new() { Type = default, Extension = "png" }] }),
            Is.EqualTo(new[] { "$.items[0].type is required" }));
    }

    [Test]
    public void ItemCounts_AreChecked_WithTheMinLengthAndMaxLengthMessages()
    {
        Assert.That(Problems(new UploadUrlsCreateRequest { Items = [] }),
            Is.EqualTo(new[] { new MinLengthAttribute(1).FormatErrorMessage("$.items") }));
        Assert.That(Problems(new UploadUrlsCreateRequest { Items = [] }),
            Is.EqualTo(new[] { "The field $.items must be a string or array type with a minimum length of '1'." }));

        var eleven = Enumerable.Range(0, 11).Select(i => $"https://e.com/{i}.png").ToList();
        Assert.That(Problems(new AiImageEditorCreateRequest { Style = new() { Prompt = "x" }, Assets = new() { ImageFilePaths = eleven } }),
            Is.EqualTo(new[] { "The field $.assets.image_file_paths must be a string or array type with a maximum length of '10'." }));
        Assert.That(Problems(new AiImageEditorCreateRequest { Style = new() { Prompt = "x" }, Assets = new() { ImageFilePaths = eleven[..10] } }), Is.Empty);

        var six = Enumerable.Range(0, 6).Select(_ => new FaceMapping { OriginalFace = "0-0.png", NewFace = "f.png" }).ToList();
        Assert.That(Problems(new FaceSwapPhotoCreateRequest { Assets = new() { SourceFilePath = "s.png", TargetFilePath = "t.png", FaceMappings = six } }),
            Is.EqualTo(new[] { "The field $.assets.face_mappings must be a string or array type with a maximum length of '5'." }),
            "too many: reported once, and the items are not checked");
        var five = six.Take(4).Append(new FaceMapping { OriginalFace = "0-1.png", NewFace = null! }).ToList();
        Assert.That(Problems(new FaceSwapPhotoCreateRequest { Assets = new() { SourceFilePath = "s.png", TargetFilePath = "t.png", FaceMappings = five } }),
            Is.EqualTo(new[] { "The $.assets.face_mappings[4].new_face field is required." }));
    }

    [Test]
    public void ItemCountChecks_MatchTheSpecsMinItemsAndMaxItems()
    {
        var spec = SpecFile.ItemCounts();
        Assert.That(spec, Is.Not.Empty);
        foreach (var ((schema, property), (min, max)) in spec)
        {
            var type = Models.Single(t => t.Name == schema);
            var name = property;
            var tooFew = min is int m && m > 0 ? CheckList(type, name, m - 1) : [];
            var atMin = CheckList(type, name, min ?? 0);
            Assert.That(atMin, Is.Empty, $"{schema}.{property} with {min ?? 0} items");
            if (min is int least && least > 0)
                Assert.That(tooFew, Is.EqualTo(new[] { $"The field $.{name} must be a string or array type with a minimum length of '{least}'." }));
            if (max is int most)
            {
                Assert.That(CheckList(type, name, most), Is.Empty, $"{schema}.{property} with {most} items");
                Assert.That(CheckList(type, name, most + 1), Is.EqualTo(new[] { $"The field $.{name} must be a string or array type with a maximum length of '{most}'." }));
            }
        }
    }

    [Test]
    public void WorkflowValidation_ReportsEveryProblemInOneException_InPropertyOrder()
    {
        var request = new FaceSwapPhotoCreateRequest { Assets = new() { SourceFilePath = "", TargetFilePath = null!, FaceMappings = [new FaceMapping { OriginalFace = null!, NewFace = null! }] } };
        Assert.That(ReferenceValidator.Problems(request), Has.Count.EqualTo(4));

        var ex = Assert.Throws<ArgumentException>(() => RequestValidator.Validate(request));

        Assert.That(ex!.Message, Is.EqualTo("The request is not valid: "
            + "The field $.assets.source_file_path must be a string with a minimum length of 1 and a maximum length of 2147483647.; "
            + "The $.assets.face_mappings[0].original_face field is required.; "
            + "The $.assets.face_mappings[0].new_face field is required.; "
            + "The $.assets.target_file_path field is required.. (Parameter 'request')"));
        Assert.That(ex.ParamName, Is.EqualTo("request"));
        Assert.DoesNotThrow(() => RequestValidator.Validate(new FaceSwapPhotoCreateRequest { Assets = new() { SourceFilePath = "a.png", TargetFilePath = "b.png" } }));
    }

    [Test]
    public void UriField_WithALengthConstraint_IsCheckedByItsText()
    {
        // [StringLength] on a Uri property (format: uri, minLength: 1) made the old validator throw InvalidCastException
        // whenever the field was set; the generated check measures the text that is sent.
        var request = new AnimationCreateRequest { Fps = 12, Width = 512, Height = 512, EndSeconds = 5, Style = null!, Assets = new() { AudioSource = AnimationAudioSource.Youtube, YoutubeUrl = new Uri("https://www.youtube.com/watch?v=x") } };
        var problems = new List<string>();
        RequestValidator.Visit(request, "$", problems, 0);
        Assert.That(problems.Where(p => p.Contains("youtube_url", StringComparison.Ordinal)), Is.Empty);

        request.Assets.YoutubeUrl = new Uri("", UriKind.Relative);
        problems.Clear();
        RequestValidator.Visit(request, "$", problems, 0);
        Assert.That(problems, Does.Contain("The field $.assets.youtube_url must be a string with a minimum length of 1 and a maximum length of 2147483647."));
    }

    private static List<string> Problems(object model)
    {
        var problems = new List<string>();
        RequestValidator.Visit(model, "$", problems, 0);
        Assert.That(problems, Is.EqualTo(ReferenceValidator.Problems(model)), "the reference validator disagrees");
        return problems;
    }

    /// <summary>
    /// The problems about list property <paramref name="jsonName"/> of a <paramref name="type"/> when it holds
    /// <paramref name="count"/> valid items (the model's other fields are not set, so their problems are left out).
    /// </summary>
    private static List<string> CheckList(Type type, string jsonName, int count)
    {
        var model = Activator.CreateInstance(type)!;
        var property = type.GetProperties().Single(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == jsonName);
        var list = (IList)Activator.CreateInstance(property.PropertyType)!;
        var itemType = property.PropertyType.GetGenericArguments()[0];
        for (var i = 0; i < count; i++) list.Add(itemType == typeof(string) ? $"https://e.com/{i}.png" : ValidItem(itemType));
        property.SetValue(model, list);
        var problems = Problems(model);
        return problems.Where(p => p.Contains($"$.{jsonName} ", StringComparison.Ordinal) || p.Contains($"$.{jsonName}[", StringComparison.Ordinal)).ToList();
    }

    private static object ValidItem(Type type) => type.Name switch
    {
        nameof(FaceMapping) => new FaceMapping { OriginalFace = "0-0.png", NewFace = "f.png" },
        nameof(UploadUrlRequestItem) => new UploadUrlRequestItem { Type = FileType.Image, Extension = "png" },
        _ => throw new NotSupportedException(type.Name),
    };
}

/// <summary>
/// The reflection + DataAnnotations validator the generated checks replaced (Workflows/RequestValidator.cs before
/// they existed), kept as the reference they are compared with. The models no longer carry [MinLength]/[MaxLength]
/// (their constructors warn under trimming: the attributes may reflect for a Count property), so the reference
/// adds them back from the spec's minItems/maxItems, where the template used to put them (before [RegularExpression]).
/// </summary>
internal static class ReferenceValidator
{
    private static readonly Dictionary<(string Schema, string Property), (int? Min, int? Max)> ItemCounts = SpecFile.ItemCounts();

    public static List<string> Problems(object request)
    {
        var problems = new List<string>();
        Visit(request, "$", problems, 0);
        return problems;
    }

    private static IEnumerable<ValidationAttribute> WithItemCounts(IEnumerable<ValidationAttribute> attributes, (int? Min, int? Max) counts)
    {
        var all = attributes.ToList();
        var at = all.FindIndex(a => a is RegularExpressionAttribute) is var i and >= 0 ? i : all.Count;
        var added = new List<ValidationAttribute>();
        if (counts.Min is int min && min > 0) added.Add(new MinLengthAttribute(min));
        if (counts.Max is int max && max > 0) added.Add(new MaxLengthAttribute(max));
        all.InsertRange(at, added);
        return all;
    }

    // Reflection answers per type, read once: 300 random requests per model made attribute lookups most of this test's time.
    private static readonly ConcurrentDictionary<Type, PropertyFacts[]> Facts = new();
    private static readonly ConcurrentDictionary<Type, bool> IsExtensibleEnum = new();

    private sealed record PropertyFacts(PropertyInfo Property, string Name, bool Required, ValidationAttribute[] Annotations);

    private static PropertyFacts[] PropertiesOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && property.Name != "AdditionalProperties")
            .Select(property => new PropertyFacts(
                property,
                property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name,
                property.GetCustomAttribute<RequiredAttribute>() is not null,
                property.GetCustomAttributes<ValidationAttribute>().ToArray()))
            .ToArray();

    private static void Visit(object value, string path, List<string> problems, int depth)
    {
        var type = value.GetType();
        if (depth > 16 || type.Namespace != typeof(ImageProject).Namespace || !type.IsClass) return;

        foreach (var (property, name, required, annotations) in Facts.GetOrAdd(type, PropertiesOf))
        {
            var at = $"{path}.{name}";
            var child = property.GetValue(value);

            if (required && child is not null && IsExtensibleEnum.GetOrAdd(child.GetType(), t => t.IsValueType && t.GetProperty("IsKnown") is not null) && child.ToString() == string.Empty)
            {
                problems.Add($"{at} is required");
                continue;
            }

            var context = new ValidationContext(value) { MemberName = property.Name, DisplayName = at };
            var results = new List<ValidationResult>();
            // The one deliberate difference: [StringLength] on a Uri property threw InvalidCastException; now the Uri's text is measured.
            var valid = child is Uri uri
                ? Validator.TryValidateValue(uri.OriginalString, context, results, annotations)
                : ItemCounts.TryGetValue((property.DeclaringType!.Name, name), out var counts)
                    ? Validator.TryValidateValue(child, context, results, WithItemCounts(annotations, counts))
                    : Validator.TryValidateProperty(child, context, results);
            if (!valid)
                problems.AddRange(results.Select(r => r.ErrorMessage ?? $"{at} is not valid"));
            // multipleOf and numeric enums have no DataAnnotation: the generated code asks SpecConstraints (tested on its
            // own in NumericConstraintTests) for every numeric property, after the annotations' checks.
            if (child is int or long or double or float or decimal)
                SpecConstraints.Numeric(problems, at, child, property.DeclaringType!.Name + "." + name);
            if (!valid)
                continue;

            switch (child)
            {
                case null or string:
                    break;
                case IEnumerable items:
                    var i = 0;
                    foreach (var item in items)
                    {
                        if (item is not null) Visit(item, $"{at}[{i}]", problems, depth + 1);
                        i++;
                    }
                    break;
                default:
                    Visit(child, at, problems, depth + 1);
                    break;
            }
        }
    }
}

/// <summary>Random instances of the generated models, with values picked at and around the spec's bounds.</summary>
internal static class RandomModel
{
    private static readonly string[] Strings =
    [
        "", " ", "\t", "a", "png", "PNG", "p ng", "mp4", "https://e.com/a.png", "api-assets/x/1.png", "élan",
    ];
    private static readonly int[] Lengths = [0, 1, 2, 199, 200, 201, 499, 500, 501, 999, 1000, 1001, 1999, 2000, 2001, 14999, 15000, 15001];
    private static readonly int[] Ints = [int.MinValue, -1, 0, 1, 2, 9, 10, 11, 15, 16, 17, 63, 64, 65, 4096, int.MaxValue];
    private static readonly float[] Floats = [float.NaN, float.NegativeInfinity, -1f, -0f, 0f, 0.05f, 0.0999f, 0.1f, 0.5f, 1f, 30f, 60f, 60.5f, 1e30f, float.MaxValue, float.PositiveInfinity];
    private static readonly double[] Doubles = [double.NaN, double.NegativeInfinity, -1000, -100.0001, -100, -1, 0, 0.5, 1, 1.5, 100, 100.0001, 1e300, double.MaxValue, double.PositiveInfinity];
    private static readonly int[] Counts = [0, 1, 2, 3, 5, 6, 10, 11];

    public static object Create(Type type, Random random, int depth)
    {
        var model = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || property.Name == "AdditionalProperties") continue;
            if (random.Next(6) == 0) continue; // leave the constructor's value
            property.SetValue(model, Value(property.PropertyType, random, depth));
        }
        return model;
    }

    private static object? Value(Type type, Random random, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return random.Next(4) == 0 ? null : Value(underlying, random, depth);
        }
        if (type == typeof(string))
        {
            return random.Next(6) switch
            {
                0 => null,
                1 or 2 => Strings[random.Next(Strings.Length)],
                _ => new string('x', Lengths[random.Next(Lengths.Length)]),
            };
        }
        if (type == typeof(int)) return Ints[random.Next(Ints.Length)];
        if (type == typeof(long)) return (long)Ints[random.Next(Ints.Length)];
        if (type == typeof(float)) return Floats[random.Next(Floats.Length)];
        if (type == typeof(double)) return Doubles[random.Next(Doubles.Length)];
        if (type == typeof(bool)) return random.Next(2) == 0;
        if (type == typeof(DateTimeOffset)) return random.Next(2) == 0 ? default : DateTimeOffset.UnixEpoch;
        if (type == typeof(Uri)) return random.Next(3) == 0 ? null : new Uri("https://e.com/a.png");
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(random.Next(values.Length));
        }
        if (type.IsValueType && type.GetProperty("KnownValues", BindingFlags.Public | BindingFlags.Static) is { } known)
        {
            // An extensible enum: left unset, set to "", a value this build does not know, or a known one.
            var knownValues = (IList)known.GetValue(null)!;
            return random.Next(5) switch
            {
                0 => Activator.CreateInstance(type),
                1 => Activator.CreateInstance(type, ""),
                2 => Activator.CreateInstance(type, "something-new"),
                _ => knownValues[random.Next(knownValues.Count)],
            };
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (random.Next(4) == 0 || depth > 4) return null;
            var list = (IList)Activator.CreateInstance(type)!;
            var itemType = type.GetGenericArguments()[0];
            var count = Counts[random.Next(Counts.Length)];
            for (var i = 0; i < count; i++) list.Add(random.Next(8) == 0 && !itemType.IsValueType ? null : Value(itemType, random, depth + 1));
            return list;
        }
        if (type.IsClass && typeof(IValidatedModel).IsAssignableFrom(type))
        {
            return random.Next(5) == 0 || depth > 4 ? null : Create(type, random, depth + 1);
        }
        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }
}
