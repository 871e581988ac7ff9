using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MagicHour.SpecSync;

/// <summary>A node of a YAML document with where it is in the text (character offsets).</summary>
public abstract class YamlSpan
{
    /// <summary>Offset of the node's first character.</summary>
    public int Start { get; init; }

    /// <summary>Offset just after the node's last character (for block collections: after their last child).</summary>
    public int End { get; set; }

    /// <summary>Whether the node is written in flow style (<c>[a, b]</c>, <c>{ k: v }</c>); scalars: not a block scalar.</summary>
    public bool Flow { get; init; }
}

/// <summary>A scalar and its style.</summary>
public sealed class YamlScalarSpan : YamlSpan
{
    /// <summary>The scalar's value.</summary>
    public required string Value { get; init; }
}

/// <summary>A sequence and its items.</summary>
public sealed class YamlSequenceSpan : YamlSpan
{
    /// <summary>The items in order.</summary>
    public List<YamlSpan> Items { get; } = [];
}

/// <summary>A mapping and its entries.</summary>
public sealed class YamlMappingSpan : YamlSpan
{
    /// <summary>The entries in order.</summary>
    public List<(YamlScalarSpan Key, YamlSpan Value)> Entries { get; } = [];

    /// <summary>The value node of <paramref name="key"/>, or null.</summary>
    public YamlSpan? this[string key] => Entries.FirstOrDefault(entry => entry.Key.Value == key).Value;
}

/// <summary>Parses YAML text into <see cref="YamlSpan"/> nodes, keeping the text position of each.</summary>
public static class YamlNodeMap
{
    /// <summary>Parses the first document of <paramref name="text"/>.</summary>
    /// <exception cref="YamlException">The text is not valid YAML.</exception>
    public static YamlSpan Parse(string text)
    {
        var recorder = Recording(text);
        recorder.Consume<StreamStart>();
        recorder.Consume<DocumentStart>();
        while (!recorder.Done)
        {
            if (!recorder.MoveNext())
            {
                throw new YamlException("the document ended inside a node");
            }
        }

        return recorder.Root;
    }

    /// <summary>
    /// A parser over <paramref name="text"/> that maps the first document's nodes while its events are read by
    /// someone else (the spec loader), so that one pass over the text gives both the model and the map.
    /// </summary>
    public static YamlSpanRecorder Recording(string text) => new(new Parser(new StringReader(text)));
}

/// <summary>
/// Passes a parser's events on unchanged and builds the <see cref="YamlSpan"/> map of the first document's
/// root node from them. A construct the map cannot hold (an alias, a key that is not a scalar) does not stop
/// the reader of the events; <see cref="Root"/> throws it instead.
/// </summary>
public sealed class YamlSpanRecorder : IParser
{
    private readonly IParser _inner;
    private readonly Stack<(YamlSpan Node, YamlScalarSpan? PendingKey)> _open = new();
    private YamlSpan? _root;
    private YamlException? _error;

    internal YamlSpanRecorder(IParser inner) => _inner = inner;

    /// <inheritdoc/>
    public ParsingEvent? Current => _inner.Current;

    /// <summary>Whether the root node has ended (or the map failed).</summary>
    public bool Done => _root is not null || _error is not null;

    /// <summary>The root node's map.</summary>
    /// <exception cref="YamlException">The document uses a construct the map does not support, or was not read to the end of its root.</exception>
    public YamlSpan Root =>
        _error is not null ? throw _error
        : _root ?? throw new YamlException("the document was not read to the end of its root node");

    /// <inheritdoc/>
    public bool MoveNext()
    {
        if (!_inner.MoveNext())
        {
            return false;
        }

        if (!Done && _inner.Current is { } current)
        {
            Record(current);
        }

        return true;
    }

    private void Record(ParsingEvent current)
    {
        switch (current)
        {
            case StreamStart or DocumentStart when _open.Count == 0:
                return;
            case Scalar scalar:
                Close(new YamlScalarSpan
                {
                    Value = scalar.Value,
                    Start = (int)scalar.Start.Index,
                    End = (int)scalar.End.Index,
                    Flow = scalar.Style is not (ScalarStyle.Literal or ScalarStyle.Folded),
                });
                return;
            case SequenceStart start:
                var sequence = new YamlSequenceSpan { Start = (int)start.Start.Index, Flow = start.Style == SequenceStyle.Flow };
                sequence.End = sequence.Start;
                _open.Push((sequence, null));
                return;
            case MappingStart start:
                var mapping = new YamlMappingSpan { Start = (int)start.Start.Index, Flow = start.Style == MappingStyle.Flow };
                mapping.End = mapping.Start;
                _open.Push((mapping, null));
                return;
            case SequenceEnd or MappingEnd when _open.Count > 0:
                var (node, _) = _open.Pop();

                // A block collection's end event is where the next token starts, past comments; a flow one ends at its bracket.
                if (node.Flow)
                {
                    node.End = ClosingBracketEnd(current);
                }

                Close(node);
                return;
            default:
                _error = new YamlException(current.Start, current.End, $"unsupported YAML construct {current.GetType().Name}");
                return;
        }
    }

    /// <summary>A node is complete: it becomes the root, a sequence item, a mapping key or a mapping value.</summary>
    private void Close(YamlSpan node)
    {
        if (_open.Count == 0)
        {
            _root = node;
            return;
        }

        var (parent, pendingKey) = _open.Pop();
        switch (parent)
        {
            case YamlSequenceSpan sequence:
                sequence.Items.Add(node);
                sequence.End = node.End;
                _open.Push((sequence, null));
                break;
            case YamlMappingSpan mapping when pendingKey is null:
                if (node is not YamlScalarSpan key)
                {
                    _error = new YamlException("only scalar keys are supported");
                    return;
                }

                _open.Push((mapping, key));
                break;
            case YamlMappingSpan mapping:
                mapping.Entries.Add((pendingKey, node));
                mapping.End = node.End;
                _open.Push((mapping, null));
                break;
        }
    }

    /// <summary>The offset after a flow collection's closing bracket (the parser marks the bracket itself).</summary>
    private static int ClosingBracketEnd(ParsingEvent end) =>
        end.End.Index > end.Start.Index ? (int)end.End.Index : (int)end.Start.Index + 1;
}
