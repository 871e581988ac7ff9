namespace MagicHour.Generated;

/// <summary>
/// Marks a model property that holds file input(s): an http(s) URL, a storage path from the upload API, or,
/// in the Generate methods, a local file path that is uploaded first. Emitted by the code generator for every
/// property the spec marks with <c>x-magichour-file</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class FileInputAttribute : Attribute;
