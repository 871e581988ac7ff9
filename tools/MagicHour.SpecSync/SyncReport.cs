namespace MagicHour.SpecSync;

/// <summary>What a sync did or plans to do: one line per edit, the placeholders it wrote and the decisions it needs.</summary>
public sealed class SyncReport
{
    private readonly List<string> _edits = [];
    private readonly List<string> _decisions = [];

    /// <summary>The edits, in the order they were made (<c>+ schema X</c>, <c>- property X.y</c>, <c>~ X.y.default</c>).</summary>
    public IReadOnlyList<string> Edits => _edits;

    /// <summary>Shared schemas whose users the vendor changed differently; each needs a decision (or <c>--split-shared</c>).</summary>
    public IReadOnlyList<string> Decisions => _decisions;

    /// <summary>How many <c>TODO(spec-sync)</c> descriptions were written.</summary>
    public int Placeholders { get; private set; }

    /// <summary>Records an edit.</summary>
    public void Edit(string line) => _edits.Add(line);

    /// <summary>Records a decision the sync cannot make alone.</summary>
    public void Decision(string message) => _decisions.Add(message);

    /// <summary>Counts a placeholder description and returns its text.</summary>
    public string Placeholder(string thing)
    {
        Placeholders++;
        return Naming.Placeholder(thing);
    }
}
