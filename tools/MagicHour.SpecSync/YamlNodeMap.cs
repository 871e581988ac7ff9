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
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        return Read(parser);
    }

    private static YamlSpan Read(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return new YamlScalarSpan
            {
                Value = scalar.Value,
                Start = (int)scalar.Start.Index,
                End = (int)scalar.End.Index,
                Flow = scalar.Style is not (ScalarStyle.Literal or ScalarStyle.Folded),
            };
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var sequence = new YamlSequenceSpan { Start = (int)sequenceStart.Start.Index, Flow = sequenceStart.Style == SequenceStyle.Flow };
            sequence.End = sequence.Start;
            SequenceEnd sequenceEnd;
            while (!parser.TryConsume<SequenceEnd>(out sequenceEnd!))
            {
                sequence.Items.Add(Read(parser));
                sequence.End = sequence.Items[^1].End;
            }

            // A block collection's end event is where the next token starts, past comments; a flow one ends at its bracket.
            if (sequence.Flow)
            {
                sequence.End = ClosingBracketEnd(sequenceEnd);
            }

            return sequence;
        }

        if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            var mapping = new YamlMappingSpan { Start = (int)mappingStart.Start.Index, Flow = mappingStart.Style == MappingStyle.Flow };
            mapping.End = mapping.Start;
            MappingEnd mappingEnd;
            while (!parser.TryConsume<MappingEnd>(out mappingEnd!))
            {
                var key = Read(parser) as YamlScalarSpan ?? throw new YamlException("only scalar keys are supported");
                var value = Read(parser);
                mapping.Entries.Add((key, value));
                mapping.End = value.End;
            }

            if (mapping.Flow)
            {
                mapping.End = ClosingBracketEnd(mappingEnd);
            }

            return mapping;
        }

        var current = parser.Current;
        throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty, $"unsupported YAML construct {current?.GetType().Name}");
    }

    /// <summary>The offset after a flow collection's closing bracket (the parser marks the bracket itself).</summary>
    private static int ClosingBracketEnd(ParsingEvent end) =>
        end.End.Index > end.Start.Index ? (int)end.End.Index : (int)end.Start.Index + 1;
}
