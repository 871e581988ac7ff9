using System.Text;
using System.Text.Json.Nodes;

namespace MagicHour.SpecSync;

/// <summary>The text after patching and how many lines the patch removed and added.</summary>
/// <param name="Text">The patched document.</param>
/// <param name="LinesRemoved">Lines of the old text that were removed or rewritten.</param>
/// <param name="LinesAdded">Lines of the new text that were added or rewritten.</param>
public sealed record PatchResult(string Text, int LinesRemoved, int LinesAdded);

/// <summary>
/// Turns a change of a document's JSON model into the smallest text edit of its YAML: mapping entries
/// are added, removed or rewritten one by one, scalars and flow lists are replaced where they stand and
/// <c>- item</c> lists gain or lose single lines, so every line the change does not touch stays
/// byte-identical, comments and blank lines included.
/// </summary>
public sealed class YamlPatcher
{
    private readonly string _text;
    private readonly List<Edit> _edits = [];

    private YamlPatcher(string text) => _text = text;

    private readonly record struct Edit(int Start, int End, string Replacement, int Sequence, int Indent);

    /// <summary>Patches <paramref name="text"/> (whose model is <paramref name="before"/>) into the YAML of <paramref name="after"/>.</summary>
    /// <exception cref="InvalidOperationException">The root is not a block mapping (nothing else is needed for OpenAPI files).</exception>
    public static PatchResult Apply(string text, JsonNode before, JsonNode after) => Apply(text, YamlNodeMap.Parse(text), before, after);

    /// <summary>Like <see cref="Apply(string, JsonNode, JsonNode)"/>, with the text's node map already built (<see cref="YamlNodeMap"/>).</summary>
    /// <exception cref="InvalidOperationException">The root is not a block mapping (nothing else is needed for OpenAPI files).</exception>
    public static PatchResult Apply(string text, YamlSpan root, JsonNode before, JsonNode after)
    {
        var patcher = new YamlPatcher(text);
        if (root is not YamlMappingSpan { Flow: false } mapping || before is not JsonObject oldRoot || after is not JsonObject newRoot)
        {
            throw new InvalidOperationException("the document's root must be a block mapping");
        }

        if (!patcher.DiffBlockMapping(mapping, oldRoot, newRoot))
        {
            throw new InvalidOperationException("the change could not be written as a text edit");
        }

        return patcher.Render();
    }

    private void Add(int start, int end, string replacement)
    {
        var indent = replacement.Length - replacement.TrimStart(' ').Length;
        if (start == _text.Length && start == end && _text.Length > 0 && _text[^1] != '\n')
        {
            // Appending to a last line that has no newline of its own.
            replacement = "\n" + replacement;
        }

        _edits.Add(new Edit(start, end, replacement, _edits.Count, indent));
    }

    private PatchResult Render()
    {
        var builder = new StringBuilder(_text.Length + 1024);
        var cursor = 0;
        int removed = 0, added = 0;
        // At one offset, insertions go before the rewrite of what starts there (an inserted entry follows its
        // anchor), and deeper insertions first: they end the entry above, a shallower one starts the next.
        var ordered = _edits
            .OrderBy(edit => edit.Start)
            .ThenBy(edit => edit.End > edit.Start ? 1 : 0)
            .ThenByDescending(edit => edit.End > edit.Start ? 0 : edit.Indent)
            .ThenBy(edit => edit.Sequence);
        foreach (var edit in ordered)
        {
            if (edit.Start < cursor)
            {
                throw new InvalidOperationException($"overlapping edits at offset {edit.Start}");
            }

            builder.Append(_text, cursor, edit.Start - cursor).Append(edit.Replacement);
            cursor = edit.End;
            removed += LineCount(_text.AsSpan(edit.Start, edit.End - edit.Start));
            added += LineCount(edit.Replacement);
        }

        builder.Append(_text, cursor, _text.Length - cursor);
        return new PatchResult(builder.ToString(), removed, added);
    }

    private static int LineCount(ReadOnlySpan<char> text) =>
        text.Length == 0 ? 0 : text.Count('\n') + (text[^1] == '\n' ? 0 : 1);

    /// <summary>Writes the change of one node as edits; false when it cannot and the caller must rewrite the whole entry.</summary>
    private bool Diff(YamlSpan node, JsonNode? before, JsonNode? after, int entryIndent)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return true;
        }

        switch (node)
        {
            case YamlMappingSpan { Flow: false } mapping when before is JsonObject oldObject && after is JsonObject { Count: > 0 } newObject:
                return DiffBlockMapping(mapping, oldObject, newObject);
            case YamlSequenceSpan { Flow: true } sequence when YamlEmitter.IsScalarList(after) && before is JsonArray && after is JsonArray newList:
                Add(sequence.Start, sequence.End, YamlEmitter.FlowList(newList, Column(sequence.Start), entryIndent + 2));
                return true;
            case YamlSequenceSpan { Flow: false } sequence when YamlEmitter.IsScalarList(before) && YamlEmitter.IsScalarList(after) && after is JsonArray { Count: > 0 } newList:
                return DiffBlockScalarList(sequence, (JsonArray)before!, newList);
            case YamlSequenceSpan { Flow: false } sequence when before is JsonArray oldList && after is JsonArray { Count: > 0 } newList
                && oldList.Concat(newList).All(item => item is JsonObject):
                return DiffBlockObjectList(sequence, oldList, newList);
            case YamlScalarSpan { Flow: true } scalar when before is null or JsonValue && after is null or JsonValue && scalar.End > scalar.Start:
                Add(scalar.Start, scalar.End, YamlEmitter.Scalar(after));
                return true;
            default:
                return false;
        }
    }

    private bool DiffBlockMapping(YamlMappingSpan mapping, JsonObject before, JsonObject after)
    {
        var mark = _edits.Count;
        var indent = Column(mapping.Entries[0].Key.Start);
        var spans = mapping.Entries.ToDictionary(entry => entry.Key.Value, entry => entry, StringComparer.Ordinal);

        // New keys first, so that a key inserted where a rewritten entry starts lands before it.
        string? anchor = null;
        foreach (var (key, value) in after)
        {
            if (spans.ContainsKey(key) && before.ContainsKey(key))
            {
                anchor = key;
                continue;
            }

            if (spans.ContainsKey(key))
            {
                continue;
            }

            var position = anchor is not null ? EntryEnd(spans[anchor]) : LineStart(mapping.Entries[0].Key.Start);
            if (anchor is null && StartsAfterDash(mapping.Entries[0].Key))
            {
                return Undo(mark);
            }

            Add(position, position, YamlEmitter.Entry(key, value, indent));
        }

        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            var rewrite = !after.TryGetPropertyValue(key, out var newValue)
                ? string.Empty
                : Diff(entry.Value, before[key], newValue, indent) ? null : YamlEmitter.Entry(key, newValue, indent);
            if (rewrite is null)
            {
                continue;
            }

            if (StartsAfterDash(entry.Key))
            {
                return Undo(mark);
            }

            Add(LineStart(entry.Key.Start), EntryEnd(entry), rewrite);
        }

        return true;
    }

    private bool DiffBlockScalarList(YamlSequenceSpan sequence, JsonArray before, JsonArray after)
    {
        var mark = _edits.Count;
        var dashIndent = Column(sequence.Items[0].Start) - 2;
        var kept = new List<int>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (after.Any(value => JsonNode.DeepEquals(value, before[i])))
            {
                kept.Add(i);
                continue;
            }

            Add(LineStart(sequence.Items[i].Start), LineEnd(LastContent(sequence.Items[i].End)), string.Empty);
        }

        int? anchor = null;
        foreach (var value in after)
        {
            var existing = kept.FirstOrDefault(i => JsonNode.DeepEquals(before[i], value), -1);
            if (existing >= 0)
            {
                anchor = existing;
                continue;
            }

            var position = anchor is { } index ? LineEnd(LastContent(sequence.Items[index].End)) : LineStart(sequence.Items[0].Start);
            if (anchor is null && kept.Count == 0)
            {
                return Undo(mark);
            }

            Add(position, position, YamlEmitter.SequenceItem(value, dashIndent));
        }

        return true;
    }

    /// <summary>
    /// A <c>- key: value</c> list of mappings (tags, parameters): items are paired by their identity
    /// (<c>name</c> + <c>in</c>, or <c>$ref</c>), then removed, inserted or diffed one by one.
    /// </summary>
    private bool DiffBlockObjectList(YamlSequenceSpan sequence, JsonArray before, JsonArray after)
    {
        var oldKeys = before.Select(ItemKey).ToList();
        var newKeys = after.Select(ItemKey).ToList();
        if (oldKeys.Distinct().Count() != oldKeys.Count || newKeys.Distinct().Count() != newKeys.Count)
        {
            return false;
        }

        var dashIndent = Column(sequence.Items[0].Start) - 2;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemStart = LineStart(sequence.Items[i].Start);
            var itemEnd = LineEnd(LastContent(sequence.Items[i].End));
            var newIndex = newKeys.IndexOf(oldKeys[i]);
            if (newIndex < 0)
            {
                Add(itemStart, itemEnd, string.Empty);
            }
            else if (!Diff(sequence.Items[i], before[i], after[newIndex], dashIndent + 2))
            {
                Add(itemStart, itemEnd, YamlEmitter.SequenceItem(after[newIndex], dashIndent));
            }
        }

        int? anchor = null;
        for (var j = 0; j < after.Count; j++)
        {
            var oldIndex = oldKeys.IndexOf(newKeys[j]);
            if (oldIndex >= 0)
            {
                anchor = oldIndex;
                continue;
            }

            var position = anchor is { } index ? LineEnd(LastContent(sequence.Items[index].End)) : LineStart(sequence.Items[0].Start);
            Add(position, position, YamlEmitter.SequenceItem(after[j], dashIndent));
        }

        return true;
    }

    private static string ItemKey(JsonNode? item) =>
        item is JsonObject obj && obj["$ref"] is { } reference ? "$ref " + reference.ToJsonString()
        : item is JsonObject named && named["name"] is { } name ? $"{named["in"]?.ToJsonString()} {name.ToJsonString()}"
        : item?.ToJsonString() ?? "null";

    private bool Undo(int mark)
    {
        _edits.RemoveRange(mark, _edits.Count - mark);
        return false;
    }

    /// <summary>Whether a key shares its line with a sequence dash (<c>- name: x</c>), so its line cannot be cut alone.</summary>
    private bool StartsAfterDash(YamlScalarSpan key) => !_text.AsSpan(LineStart(key.Start), key.Start - LineStart(key.Start)).IsWhiteSpace();

    /// <summary>Offset after the newline that ends an entry's last line.</summary>
    private int EntryEnd((YamlScalarSpan Key, YamlSpan Value) entry) => LineEnd(LastContent(Math.Max(entry.Value.End, entry.Key.End)));

    /// <summary>The offset of the last non-whitespace character before <paramref name="end"/>.</summary>
    private int LastContent(int end)
    {
        var index = Math.Min(end, _text.Length) - 1;
        while (index > 0 && char.IsWhiteSpace(_text[index]))
        {
            index--;
        }

        return index;
    }

    private int LineStart(int offset) => offset <= 0 ? 0 : _text.LastIndexOf('\n', offset - 1) + 1;

    private int LineEnd(int offset)
    {
        var newline = _text.IndexOf('\n', offset);
        return newline < 0 ? _text.Length : newline + 1;
    }

    private int Column(int offset) => offset - LineStart(offset);
}
