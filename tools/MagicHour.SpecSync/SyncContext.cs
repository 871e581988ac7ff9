namespace MagicHour.SpecSync;

/// <summary>What a schema slot is for, which decides the name a new schema there gets.</summary>
public enum SlotRole
{
    /// <summary>Anything without a naming rule of its own (oneOf entries, additionalProperties, ...).</summary>
    Other,

    /// <summary>An operation's request body schema.</summary>
    RequestBody,

    /// <summary>A success response's schema.</summary>
    Response,

    /// <summary>An error response's schema.</summary>
    ErrorResponse,

    /// <summary>A property of an object schema.</summary>
    Property,

    /// <summary>The items of an array property.</summary>
    Items,

    /// <summary>A parameter's schema.</summary>
    Parameter,
}

/// <summary>Where the sync is: which operation and resource, which slot, and a label for messages.</summary>
/// <param name="Operation">The operation the walk started from (<c>POST /v1/ai-video-translator</c>).</param>
/// <param name="Resource">Our resource name for naming (<c>AiVideoTranslator</c>).</param>
/// <param name="Verb">The operation's verb (<c>Create</c>).</param>
/// <param name="ProjectKind"><c>image</c>, <c>video</c> or <c>audio</c> for an operation that creates a project; else null.</param>
/// <param name="Label">Where in our spec, for messages (<c>AiVideoTranslatorAssets.properties.video_file_path</c>).</param>
/// <param name="Role">What the slot is for.</param>
/// <param name="Property">The property, parameter or status code the slot belongs to.</param>
/// <param name="ParentSchema">The nearest of our named schemas around the slot.</param>
public sealed record SyncContext(
    string Operation,
    string Resource,
    string Verb,
    string? ProjectKind,
    string Label,
    SlotRole Role,
    string? Property = null,
    string? ParentSchema = null)
{
    /// <summary>The slot of property <paramref name="name"/> of the schema here.</summary>
    public SyncContext ForProperty(string name) =>
        this with { Label = $"{Label}.properties.{name}", Role = SlotRole.Property, Property = name };

    /// <summary>The items slot of the array here.</summary>
    public SyncContext ForItems() => this with { Label = Label + ".items", Role = SlotRole.Items };

    /// <summary>A nested slot without a naming rule (<paramref name="keyword"/> such as <c>oneOf[0]</c>).</summary>
    public SyncContext ForKeyword(string keyword) => this with { Label = $"{Label}.{keyword}", Role = SlotRole.Other };

    /// <summary>Inside our named schema <paramref name="name"/>.</summary>
    public SyncContext ForSchema(string name) => this with { Label = name, ParentSchema = name };

    /// <summary>
    /// The items of a list operation's <c>items</c> (<c>GET /v1/saved-items</c>): named after the resource in the
    /// singular (<c>SavedItem</c>), and the names inside build on that name (<c>SavedItemType</c>).
    /// </summary>
    public bool IsListItem => Role == SlotRole.Items && Verb == "List" && Property == "items" && ParentSchema == $"{Resource}ListResponse";

    /// <summary>A GET of a resource that has no id in its path (<c>GET /v1/account</c>): its answer is the resource itself.</summary>
    private bool IsSingletonGet => Verb == "Get" && !Operation.TrimEnd('/').EndsWith('}');

    /// <summary>The name a new schema in this slot gets by the conventions.</summary>
    public string ConventionalName(bool forSplit = false) => Role switch
    {
        SlotRole.RequestBody => $"{Resource}{Verb}Request",
        SlotRole.Response when ProjectKind is not null && !forSplit => $"{Naming.Pascal(ProjectKind)}ProjectCreateResponse",
        SlotRole.Response when IsSingletonGet && !forSplit => Resource,
        SlotRole.Response => $"{Resource}{Verb}Response",
        SlotRole.Items when IsListItem => Naming.Singular(Resource),
        // A list's query filter is on a field of its items (GET /v1/saved-items?type= → SavedItemType).
        SlotRole.Parameter when Verb == "List" => Naming.Singular(Resource) + Naming.Pascal(Property ?? "Value"),
        SlotRole.ErrorResponse => $"{Property}ErrorResponse",
        SlotRole.Property when Property == "assets" => $"{Resource}Assets",
        SlotRole.Property or SlotRole.Parameter => Resource + Naming.Pascal(Property ?? "Value"),
        SlotRole.Items => Resource + Naming.Singular(Naming.Pascal(Property ?? "Value")),
        _ => (ParentSchema ?? Resource) + "Value",
    };

    /// <summary>The name to fall back on when the conventional one is taken: prefixed with the parent schema instead.</summary>
    public string FallbackName() => Role switch
    {
        SlotRole.Property or SlotRole.Parameter => (ParentSchema ?? Resource + Verb) + Naming.Pascal(Property ?? "Value"),
        SlotRole.Items => (ParentSchema ?? Resource + Verb) + Naming.Singular(Naming.Pascal(Property ?? "Value")),
        _ => ConventionalName(forSplit: true),
    };
}
