using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using MagicHour.Generated;

namespace MagicHour.PackageTests;

/// <summary>
/// Every public type and member has an XML doc entry in the MagicHour.Generated.xml that ships in the package.
/// The compiler enforces this for hand-written code (CS1591 is an error in the library); the generated files
/// disable CS1591, so this test is what holds the templates to the same rule.
/// </summary>
public class XmlDocTests
{
    [Test]
    public void EveryPublicMember_HasDocs_GeneratedCodeIncluded()
    {
        var assembly = typeof(MagicHourClient).Assembly;
        var xmlPath = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.That(File.Exists(xmlPath), $"{xmlPath} exists");
        var documented = XDocument.Load(xmlPath).Descendants("member")
            .Where(m => m.Elements().Any(e => e.Name != "param" && e.Name != "typeparam" || !string.IsNullOrWhiteSpace(e.Value)))
            .Select(m => (string)m.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

        var missing = new List<string>();
        var checkedCount = 0;
        foreach (var type in assembly.GetExportedTypes())
        {
            checkedCount++;
            if (!documented.Contains(DocId.Of(type))) missing.Add(DocId.Of(type));
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!IsVisible(member) || IsImplicit(type, member)) continue;
                checkedCount++;
                var id = DocId.Of(member);
                if (!documented.Contains(id)) missing.Add(id);
            }
        }

        Assert.That(checkedCount, Is.GreaterThan(500), "the whole generated surface was checked");
        Assert.That(missing, Is.Empty, "public members without XML docs:\n" + string.Join("\n", missing));
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsSpecialName || m is ConstructorInfo { IsPublic: true } || (m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal) && m.IsPublic),
        PropertyInfo p => (p.GetMethod ?? p.SetMethod) is { } accessor && (accessor.IsPublic || accessor.IsFamily || accessor.IsFamilyOrAssembly),
        FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName,
        EventInfo e => e.AddMethod is { IsPublic: true },
        Type t => t.IsNestedPublic || t.IsNestedFamily,
        _ => false,
    };

    /// <summary>Members the compiler writes without source, which CS1591 does not ask docs for.</summary>
    private static bool IsImplicit(Type type, MemberInfo member)
    {
        if (member.IsDefined(typeof(CompilerGeneratedAttribute))) return true;
        if (member is Type) return false; // nested types are listed by GetExportedTypes
        // A class without a declared constructor gets an implicit public parameterless one, with no docs (reflection
        // cannot tell it from a declared one, so parameterless constructors are not checked).
        if (member is ConstructorInfo { IsStatic: false } ctor && ctor.GetParameters().Length == 0) return true;
        var isRecord = type.GetMethod("<Clone>$") is not null || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);
        if (isRecord && member is MethodInfo m && m.Name is "ToString" or "GetHashCode" or "Equals" or "op_Equality" or "op_Inequality" or "Deconstruct" or "PrintMembers") return true;
        if (isRecord && member is ConstructorInfo c && c.GetParameters() is [var p] && p.ParameterType == type) return true; // copy constructor
        if (type.IsEnum && member.Name == "value__") return true;
        return false;
    }

}

/// <summary>XML documentation ids (ECMA-334 annex D), as the C# compiler writes them.</summary>
public static class DocId
{
    public static string Of(MemberInfo member) => member switch
    {
        Type t => "T:" + TypeName(t, forDefinition: true),
        ConstructorInfo c => $"M:{TypeName(c.DeclaringType!, true)}.{(c.IsStatic ? "#cctor" : "#ctor")}{Parameters(c.GetParameters())}",
        MethodInfo m => $"M:{TypeName(m.DeclaringType!, true)}.{m.Name.Replace('.', '#')}{(m.IsGenericMethodDefinition ? "``" + m.GetGenericArguments().Length : "")}{Parameters(m.GetParameters())}{(m.Name is "op_Implicit" or "op_Explicit" ? "~" + TypeName(m.ReturnType, false) : "")}",
        PropertyInfo p => $"P:{TypeName(p.DeclaringType!, true)}.{p.Name.Replace('.', '#')}{Parameters(p.GetIndexParameters())}",
        FieldInfo f => $"F:{TypeName(f.DeclaringType!, true)}.{f.Name}",
        EventInfo e => $"E:{TypeName(e.DeclaringType!, true)}.{e.Name}",
        _ => throw new NotSupportedException(member.GetType().Name),
    };

    private static string Parameters(ParameterInfo[] parameters)
        => parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => TypeName(p.ParameterType, false))) + ")";

    private static string TypeName(Type type, bool forDefinition)
    {
        if (type.IsByRef) return TypeName(type.GetElementType()!, false) + "@";
        if (type.IsArray) return TypeName(type.GetElementType()!, false) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (type.IsPointer) return TypeName(type.GetElementType()!, false) + "*";
        if (type.IsGenericParameter) return type.DeclaringMethod is not null ? "``" + type.GenericParameterPosition : "`" + type.GenericParameterPosition;

        var outer = type.IsNested ? TypeName(type.DeclaringType!, forDefinition) + "." : (type.Namespace is { } ns ? ns + "." : "");
        var name = type.Name;
        if (!type.IsGenericType) return outer + name;

        var tick = name.IndexOf('`');
        var bare = tick < 0 ? name : name[..tick];
        if (forDefinition || type.IsGenericTypeDefinition) return outer + name;
        // Only this type's own arguments (the nested type's Name counts its own, not its parent's).
        var own = tick < 0 ? 0 : int.Parse(name[(tick + 1)..]);
        var args = type.GetGenericArguments();
        return outer + bare + "{" + string.Join(",", args.Skip(args.Length - own).Select(a => TypeName(a, false))) + "}";
    }
}
