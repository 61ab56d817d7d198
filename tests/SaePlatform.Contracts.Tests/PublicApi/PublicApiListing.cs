using System.Reflection;
using System.Text;

namespace SaePlatform.Contracts.Tests.PublicApi;

/// <summary>
/// A deterministic text listing of an assembly's public surface (types, constructors, methods, properties,
/// fields, events, enum values), one member per line, sorted: what a plugin can compile against.
/// </summary>
internal static class PublicApiListing
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                                          | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IReadOnlyList<string> Of(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            string owner = Name(type);
            lines.Add($"{Kind(type)} {owner}{Bases(type)}");
            if (type.IsEnum)
            {
                foreach (var name in Enum.GetNames(type)) lines.Add($"  {owner}.{name} = {Convert.ToInt64(Enum.Parse(type, name))}");
                continue;
            }
            var members = new List<string>();
            foreach (var member in type.GetMembers(Declared))
                if (Describe(member) is { } text) members.Add($"  {text}");
            members.Sort(StringComparer.Ordinal);
            lines.AddRange(members);
        }
        return lines;
    }

    private static string? Describe(MemberInfo member) => member switch
    {
        _ when member.Name.StartsWith('<') => null,
        ConstructorInfo c when Visible(c) => $"{Access(c)}{Name(c.DeclaringType!)}({Parameters(c)})",
        MethodInfo m when Visible(m) && !m.IsSpecialName => $"{Access(m)}{Modifiers(m)}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})",
        MethodInfo m when Visible(m) && m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal) => $"{Access(m)}static {Name(m.ReturnType)} {m.Name}({Parameters(m)})",
        PropertyInfo p when Accessors(p) is { } accessors => $"{Name(p.PropertyType)} {p.Name}{Indexer(p)} {{ {accessors} }}",
        FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly =>
            $"{(f.IsFamily ? "protected " : "")}{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}"
            + $"{Name(f.FieldType)} {f.Name}{(f.IsLiteral ? $" = {Literal(f.GetRawConstantValue())}" : "")}",
        EventInfo e when e.AddMethod is { } add && Visible(add) => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => null,
    };

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static string Access(MethodBase m) => m.IsPublic ? "" : "protected ";

    private static string Modifiers(MethodInfo m) =>
        m.IsStatic ? "static " : m.IsAbstract ? "abstract " : m.IsVirtual && !m.IsFinal && m.GetBaseDefinition() == m && !m.DeclaringType!.IsInterface ? "virtual " : "";

    private static string? Accessors(PropertyInfo p)
    {
        var parts = new List<string>();
        if (p.GetMethod is { } get && Visible(get)) parts.Add((get.IsStatic ? "static " : "") + Access(get) + "get;");
        if (p.SetMethod is { } set && Visible(set))
        {
            bool init = set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            parts.Add(Access(set) + (init ? "init;" : "set;"));
        }
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    private static string Indexer(PropertyInfo p)
    {
        var index = p.GetIndexParameters();
        return index.Length == 0 ? "" : "[" + string.Join(", ", index.Select(i => $"{Name(i.ParameterType)} {i.Name}")) + "]";
    }

    private static string Generic(MethodInfo m) =>
        m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p =>
        (p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : "")
        + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) + " " + p.Name
        + (p.HasDefaultValue ? " = " + Literal(p.DefaultValue) : "")));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Kind(Type t) =>
        t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(t) ? "delegate"
        : t.IsAbstract && t.IsSealed ? "static class" : (t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class");

    private static string Bases(Type t)
    {
        var bases = new List<string>();
        if (t.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && !typeof(Delegate).IsAssignableFrom(t))
            bases.Add(Name(b));
        bases.AddRange(t.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
    }

    /// <summary>C#-like type name: namespace-qualified, generic arguments spelled out, nullable value types as T?.</summary>
    public static string Name(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsArray) return Name(t.GetElementType()!) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
        if (t.IsPointer) return Name(t.GetElementType()!) + "*";
        if (Nullable.GetUnderlyingType(t) is { } u) return Name(u) + "?";
        var name = new StringBuilder(t.IsNested ? Name(t.DeclaringType!) + "." : t.Namespace is null ? "" : t.Namespace + ".");
        int tick = t.Name.IndexOf('`');
        name.Append(tick < 0 ? t.Name : t.Name[..tick]);
        if (t.IsGenericType)
        {
            var args = t.GetGenericArguments();
            if (t.IsNested) args = args.Skip(t.DeclaringType!.GetGenericArguments().Length).ToArray();
            if (args.Length > 0) name.Append('<').Append(string.Join(", ", args.Select(Name))).Append('>');
        }
        return name.ToString();
    }
}
