using System.Text;

namespace MagicHour.Emulator;

internal sealed record SavedAsset(string FilePath, string MediaKind, bool IsPrimary);

internal sealed record SavedItem(string Id, string Type, string? Name, IReadOnlyList<SavedAsset> Assets);

/// <summary>
/// The account's saved items: a fixed set of <see cref="MagicHourEmulatorOptions.SavedItemCount"/> items of mixed types,
/// newest first. Their files are written (and registered as uploaded assets, so their file_path works as a create
/// input) the first time anything needs them, not at start-up: most emulator instances never list saved items.
/// </summary>
internal sealed class SavedItemStore(EmulatorState state)
{
    public const string PathPrefix = "saved-items/";
    public static readonly string[] Types = ["character", "reference", "voice", "moodboard", "brand_kit"];

    private const string CursorPrefix = "after:";

    private readonly Lazy<IReadOnlyList<SavedItem>> _items = new(() => Seed(state));

    /// <summary>All items, newest first.</summary>
    public IReadOnlyList<SavedItem> Items => _items.Value;

    public void EnsureSeeded() => _ = _items.Value;

    /// <summary>
    /// One page: up to <paramref name="limit"/> items of <paramref name="type"/> (any when null) that come after the
    /// item the cursor names. False when the cursor is not one this emulator issued.
    /// </summary>
    public bool TryPage(string? type, int limit, string? cursor, out List<SavedItem> page, out string? nextCursor)
    {
        page = [];
        nextCursor = null;
        var start = 0;
        if (cursor is not null)
        {
            var after = DecodeCursor(cursor);
            var index = after is null ? -1 : IndexOf(after);
            if (index < 0)
            {
                return false;
            }
            start = index + 1;
        }
        var matching = Items.Skip(start).Where(i => type is null || i.Type == type);
        page = matching.Take(limit + 1).ToList();
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            nextCursor = EncodeCursor(page[^1].Id);
        }
        return true;
    }

    private int IndexOf(string id)
    {
        for (var i = 0; i < Items.Count; i++)
        {
            if (Items[i].Id == id)
            {
                return i;
            }
        }
        return -1;
    }

    private static string EncodeCursor(string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(CursorPrefix + id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeCursor(string cursor)
    {
        var b64 = cursor.Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + ((4 - b64.Length % 4) % 4), '=');
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            return text.StartsWith(CursorPrefix, StringComparison.Ordinal) ? text[CursorPrefix.Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static List<SavedItem> Seed(EmulatorState state)
    {
        var portrait = SampleImages.PortraitPng(64);
        var plain = SampleImages.SingleColourPng(64, 64, 40, 90, 160);
        var voice = WavWriter.Sine(0.25, 440);
        var items = new List<SavedItem>();
        for (var i = 0; i < state.Options.SavedItemCount; i++)
        {
            var type = Types[i % Types.Length];
            // Deterministic ids keep cursors stable between runs; every seventh item has no name (the vendor allows null).
            var id = $"cmsaved{i:D4}{type.Replace("_", "", StringComparison.Ordinal)}".PadRight(25, '0');
            var name = i % 7 == 6 ? null : $"{char.ToUpperInvariant(type[0])}{type[1..].Replace('_', ' ')} {i + 1}";
            var files = type switch
            {
                "character" => new[] { ("portrait.png", "IMAGE", portrait), ("side.png", "IMAGE", portrait) },
                "voice" => [("sample.wav", "AUDIO", voice)],
                "moodboard" => [("board-1.png", "IMAGE", plain), ("board-2.png", "IMAGE", portrait), ("board-3.png", "IMAGE", plain)],
                "brand_kit" => [("logo.png", "IMAGE", plain), ("palette.png", "IMAGE", plain)],
                _ => [("reference.png", "IMAGE", portrait)],
            };
            var assets = new List<SavedAsset>();
            foreach (var (file, kind, bytes) in files)
            {
                var relative = $"{PathPrefix}{EmulatorEndpoints.AccountId}/{id}/{file}";
                var disk = state.DiskPath(relative)!;
                Directory.CreateDirectory(Path.GetDirectoryName(disk)!);
                File.WriteAllBytes(disk, bytes);
                state.RegisterGeneratedAsset(relative, kind.ToLowerInvariant(), bytes.Length);
                assets.Add(new SavedAsset(relative, kind, assets.Count == 0));
            }
            items.Add(new SavedItem(id, type, name, assets));
        }
        return items;
    }
}
