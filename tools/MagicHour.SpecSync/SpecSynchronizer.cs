using System.Text.Json.Nodes;
using MagicHour.SpecDrift;

namespace MagicHour.SpecSync;

/// <summary>The outcome of <see cref="SpecSynchronizer.Sync"/>: our spec's new model and what was done.</summary>
/// <param name="Spec">Our spec with the vendor's structure (a changed copy; the input is not touched).</param>
/// <param name="Report">The edits, placeholders and decisions.</param>
public sealed record SyncResult(JsonObject Spec, SyncReport Report);

/// <summary>
/// Brings the JSON model of our spec to the structure of the vendor's, operation by operation, editing
/// our named schemas in place. A named schema is changed once for all its users; when the vendor changed
/// its users differently the sync records a decision (or, with split-shared, gives the changed users a
/// schema of their own). New items are named by <see cref="Naming"/> and described by placeholders.
/// </summary>
public sealed partial class SpecSynchronizer
{
    private const string SchemaPrefix = "#/components/schemas/";
    private const string ResponsePrefix = "#/components/responses/";
    private const string ParameterPrefix = "#/components/parameters/";

    private readonly JsonObject _ours;
    private readonly JsonObject _vendor;
    private readonly RefResolver _vendorRefs;
    private readonly bool _splitShared;
    private readonly SyncReport _report = new();
    private readonly Dictionary<string, List<ComponentUse>> _uses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resources;
    private readonly HashSet<string> _touchedSchemas = new(StringComparer.Ordinal);
    private readonly List<(JsonObject Operation, string Kind)> _projectCreates = [];

    private SpecSynchronizer(JsonObject ours, JsonObject vendor, bool splitShared)
    {
        _ours = ours;
        _vendor = vendor;
        _vendorRefs = new RefResolver(vendor);
        _splitShared = splitShared;
        _resources = Placement.Resources(ours);
    }

    /// <summary>One place a named component of ours is used, with the vendor's node for that place.</summary>
    private sealed record ComponentUse(JsonNode Vendor, SyncContext Context, Action<string> Retarget);

    /// <summary>Syncs a copy of <paramref name="ours"/> to the structure of <paramref name="vendor"/>.</summary>
    /// <param name="ours">Our spec's JSON model.</param>
    /// <param name="vendor">The vendor's spec.</param>
    /// <param name="splitShared">Split a shared schema whose users the vendor changed differently instead of stopping.</param>
    public static SyncResult Sync(JsonObject ours, JsonObject vendor, bool splitShared)
    {
        var copy = (JsonObject)ours.DeepClone();
        var synchronizer = new SpecSynchronizer(copy, vendor, splitShared);
        var usedBefore = UnusedComponents.Reachable(copy);
        var tagsBefore = UnusedComponents.UsedTags(copy);
        synchronizer.SyncOperations();
        synchronizer.ProcessUses();
        synchronizer.ShareIdenticalToolEnums();
        synchronizer.RejoinProjectCreateResponses();
        foreach (var removed in UnusedComponents.RemoveNoLongerUsed(copy, usedBefore, tagsBefore))
        {
            synchronizer._report.Edit($"- {removed} (no longer used)");
        }

        return new SyncResult(copy, synchronizer._report);
    }

    private RefResolver OurRefs => new(_ours);

    private JsonObject Components => Child(_ours, "components");

    private JsonObject Section(string name) => Child(Components, name);

    private static JsonObject Child(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    private void RecordUse(string pointer, JsonNode vendor, SyncContext context, Action<string> retarget)
    {
        if (!_uses.TryGetValue(pointer, out var uses))
        {
            _uses[pointer] = uses = [];
        }

        uses.Add(new ComponentUse(vendor, context, retarget));
    }

    /// <summary>
    /// Applies the vendor's version of each used component once, parents before the components they
    /// reference, so that every use of a component is known before it is changed.
    /// </summary>
    private void ProcessUses()
    {
        foreach (var pointer in UnusedComponents.TopologicalOrder(_ours))
        {
            if (_uses.Remove(pointer, out var uses))
            {
                ProcessComponent(pointer, uses);
            }
        }

        // Uses recorded under a pointer not in the order above: a schema renamed during this pass.
        while (_uses.Count > 0)
        {
            var (pointer, uses) = _uses.First();
            _uses.Remove(pointer);
            ProcessComponent(pointer, uses);
        }
    }

    private void ProcessComponent(string pointer, List<ComponentUse> uses)
    {
        var current = Shape(JsonOrder.Ref(pointer), pointer, OurRefs);
        var groups = uses.GroupBy(use => Shape(use.Vendor, pointer, _vendorRefs)).ToList();
        if (groups.Count == 1)
        {
            if (groups[0].Key != current)
            {
                SyncComponent(pointer, groups[0].First().Vendor, groups[0].First().Context);
            }

            return;
        }

        var name = pointer[(pointer.LastIndexOf('/') + 1)..];
        if (!_splitShared)
        {
            var who = groups.Select(group =>
                $"{(group.Key == current ? "unchanged" : "changed")} for {string.Join(", ", group.Select(use => use.Context.Label).Distinct())}");
            _report.Decision($"{KindWord(pointer)} {name} is shared and the vendor changed its users differently: {string.Join("; ", who)}");
            return;
        }

        var keeper = groups.FirstOrDefault(group => group.Key == current) ?? groups.OrderByDescending(group => group.Count()).First();
        if (keeper.Key != current)
        {
            SyncComponent(pointer, keeper.First().Vendor, keeper.First().Context);
        }

        foreach (var group in groups.Where(group => group != keeper))
        {
            var context = group.First().Context;
            var copy = SplitComponent(pointer, context);
            foreach (var use in group)
            {
                use.Retarget(copy);
            }

            SyncComponent(copy, group.First().Vendor, context);
        }
    }

    private static string KindWord(string pointer) =>
        pointer.StartsWith(ResponsePrefix, StringComparison.Ordinal) ? "response"
        : pointer.StartsWith(ParameterPrefix, StringComparison.Ordinal) ? "parameter"
        : "schema";

    private static string Shape(JsonNode node, string pointer, RefResolver refs) =>
        pointer.StartsWith(ResponsePrefix, StringComparison.Ordinal) ? ShapeKey.Response(node, refs)
        : pointer.StartsWith(ParameterPrefix, StringComparison.Ordinal) ? ShapeKey.Parameter(node, refs)
        : ShapeKey.Schema(node, refs);

    /// <summary>Copies a shared component under a new name for the users the vendor changed; returns the new pointer.</summary>
    private string SplitComponent(string pointer, SyncContext context)
    {
        var slash = pointer.LastIndexOf('/');
        var sectionName = pointer["#/components/".Length..slash];
        var name = pointer[(slash + 1)..];
        var section = Section(sectionName);
        var preferred = sectionName == "schemas" ? context.ConventionalName(forSplit: true) : context.Resource + name;
        if (preferred == name || section.ContainsKey(preferred))
        {
            preferred = sectionName == "schemas" ? context.FallbackName() : context.Resource + context.Verb + name;
        }

        var newName = Naming.Unique(preferred == name ? name + context.Resource : preferred, section.ContainsKey);
        var copy = section[name]!.DeepClone().AsObject();
        copy["description"] = _report.Placeholder(newName);
        JsonOrder.InsertAt(section, section.IndexOf(name) + 1, newName, copy);
        _report.Edit($"+ {KindWord(pointer)} {newName} (split from {name} for {context.Label})");
        return $"#/components/{sectionName}/{newName}";
    }

    private void SyncComponent(string pointer, JsonNode vendor, SyncContext context)
    {
        var slash = pointer.LastIndexOf('/');
        var section = Section(pointer["#/components/".Length..slash]);
        var name = pointer[(slash + 1)..];
        var inside = context.ForSchema(name);
        if (pointer.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            _touchedSchemas.Add(name);
            SyncSlot(Slot.Of(section, name), vendor, inside);
        }
        else if (section[name] is JsonObject definition && pointer.StartsWith(ResponsePrefix, StringComparison.Ordinal))
        {
            SyncResponse(definition, vendor, inside);
        }
        else if (section[name] is JsonObject parameter)
        {
            SyncParameter(parameter, vendor, inside);
        }
    }
}
