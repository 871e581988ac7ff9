namespace MagicHour.Generated;

/// <summary>How to read one kind of project (image, video, audio): its name and its GET call.</summary>
/// <typeparam name="TProject">The generated project model.</typeparam>
internal sealed class ProjectKind<TProject>
    where TProject : IMagicHourProject
{
    internal ProjectKind(string name, Func<string, CancellationToken, Task<TProject>> get)
    {
        Name = name;
        GetAsync = get;
    }

    /// <summary><c>image</c>, <c>video</c> or <c>audio</c>.</summary>
    public string Name { get; }

    internal Func<string, CancellationToken, Task<TProject>> GetAsync { get; }
}
