namespace MagicHour.Generated;

/// <summary>A local file that was checked and is ready to upload.</summary>
internal sealed record LocalFile(string FullPath, string FileName, string Extension, FileType Type, long Length)
{
    /// <summary>
    /// Checks a local path before anything is sent: exists, is a file, is not empty, has an extension
    /// the API accepts. <paramref name="where"/> names the request field in error messages.
    /// </summary>
    public static LocalFile Inspect(string path, string? where = null, FileType? hint = null)
    {
        var label = where is null ? $"'{path}'" : $"'{path}' (in {where})";
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"The file path {label} is empty.", nameof(path));
        }
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new ArgumentException($"The file path {label} is a directory, not a file.", nameof(path));
        }
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The file {label} does not exist (looked for {full}).", full);
        }
        return FromInfo(info, label, hint);
    }

    public static LocalFile FromInfo(FileInfo info, string label, FileType? hint)
    {
        var extension = info.Extension.TrimStart('.');
        var type = CheckExtension(extension, label, hint);
        if (info.Length == 0)
        {
            throw new ArgumentException($"The file {label} is empty (0 bytes).", nameof(info));
        }
        return new LocalFile(info.FullName, info.Name, extension.ToLowerInvariant(), type, info.Length);
    }

    public static FileType CheckExtension(string extension, string label, FileType? hint)
    {
        if (extension.Length == 0)
        {
            throw new ArgumentException($"The file {label} has no extension; the API needs one to know the media type ({MediaTypes.Describe()}).", nameof(extension));
        }
        return MediaTypes.Classify(extension, hint)
            ?? throw new ArgumentException($"The file {label} has the extension '.{extension}', which the API does not accept. Supported: {MediaTypes.Describe()}.", nameof(extension));
    }
}
