using System.Text.Json.Serialization.Metadata;
using MagicHour.Generated;

namespace MagicHour.Cli.Tools;

/// <summary>One create endpoint of the API, as the CLI sees it (entries are generated, see <see cref="ToolCatalog"/>).</summary>
/// <param name="Name">The resource's URL segment, e.g. <c>ai-headshot-generator</c>: the command name.</param>
/// <param name="Kind">The project kind it creates: <c>image</c>, <c>video</c> or <c>audio</c>.</param>
/// <param name="Summary">The operation's summary from the spec.</param>
/// <param name="Remarks">The operation's description from the spec (cost, limits).</param>
/// <param name="GetRequestType">
/// Source-generated JSON metadata of the request model (see <see cref="RequestType"/>): read on first use, because
/// building the metadata of all the request models costs about half a second of CPU and a run uses one of them.
/// </param>
/// <param name="GenerateAsync">Upload, create, wait and download through the SDK.</param>
/// <param name="ResumeAsync">Wait for (and download) a project that already exists.</param>
/// <param name="Fields">The request's fields, flattened to dotted JSON paths.</param>
internal sealed record GenerationTool(
    string Name,
    string Kind,
    string Summary,
    string Remarks,
    Func<JsonTypeInfo> GetRequestType,
    Func<MagicHourClient, object, GenerateOptions, CancellationToken, Task<GenerationOutcome>> GenerateAsync,
    Func<MagicHourClient, string, GenerateOptions, CancellationToken, Task<GenerationOutcome>> ResumeAsync,
    IReadOnlyList<RequestField> Fields)
{
    /// <summary>Source-generated JSON metadata of the request model (the JSON context keeps it once built).</summary>
    public JsonTypeInfo RequestType => GetRequestType();

    /// <summary>The create request's path, e.g. <c>/v1/ai-headshot-generator</c>.</summary>
    public string Path => "/v1/" + Name;
}

/// <summary>How a request field's flag value is read.</summary>
internal enum RequestFieldType
{
    /// <summary>Text (also URLs and file inputs).</summary>
    String,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A number, with a decimal point or not.</summary>
    Number,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>One of the spec's values (others are passed through: the enums are extensible).</summary>
    Enum,
    /// <summary>A list or object with no flat form: the flag takes JSON.</summary>
    Json,
}

/// <summary>One leaf field of a create request.</summary>
/// <param name="JsonPath">Dotted JSON path, e.g. <c>style.prompt</c>.</param>
/// <param name="Type">How the flag's value is read.</param>
/// <param name="Required">The spec requires it.</param>
/// <param name="FileInput">A file input: a local path (uploaded first), a URL or an <c>api-assets/</c> path.</param>
/// <param name="Deprecated">The spec marks it deprecated.</param>
/// <param name="Description">The field's documentation and limits.</param>
/// <param name="KnownValues">For enums, the values the spec lists.</param>
internal sealed record RequestField(
    string JsonPath,
    RequestFieldType Type,
    bool Required,
    bool FileInput,
    bool Deprecated,
    string Description,
    IReadOnlyList<string>? KnownValues);

/// <summary>What a generation or resume produced, whatever the project kind.</summary>
/// <param name="ProjectId">The project's id.</param>
/// <param name="CreditsCharged">Credits charged (net of refunds once the project is read).</param>
/// <param name="Project">The final project, when waited for.</param>
/// <param name="DownloadedPaths">Files written.</param>
internal sealed record GenerationOutcome(string ProjectId, int CreditsCharged, IMagicHourProject? Project, IReadOnlyList<string> DownloadedPaths)
{
    /// <summary>Wraps the SDK's typed result.</summary>
    public static GenerationOutcome From<TProject>(GenerateResult<TProject> result)
        where TProject : class, IMagicHourProject
        => new(result.ProjectId, result.CreditsCharged, result.Project, result.DownloadedPaths);
}
