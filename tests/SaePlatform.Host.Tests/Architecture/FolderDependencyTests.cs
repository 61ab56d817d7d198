using System.Reflection;
using System.Reflection.Emit;
using System.Text;
using Xunit.Abstractions;

namespace SaePlatform.Host.Tests.Architecture;

/// <summary>
/// The top-level folders of the host (one namespace each: <c>SaePlatform.Host.&lt;Folder&gt;</c>) depend on each other
/// in one direction only, the data flow read bottom-up: configuration → plugins → plan → run files → rendering →
/// visualization → training → command line. The graph is derived from the compiled host (signatures, attributes,
/// locals and every type, method and field a method body names), so a <c>using</c> cannot hide an edge.
/// </summary>
public sealed class FolderDependencyTests(ITestOutputHelper output)
{
    /// <summary>
    /// The allowed direction, top to bottom: a folder may depend only on folders below it. The root namespace holds
    /// <c>ExitCodes</c>, the one vocabulary every layer shares.
    /// </summary>
    private static readonly string[] Layers =
    [
        "Cli",            // commands, the generic host, `sae bench`
        "Training",       // the loop, data, metrics, checkpoints; runs the visualizers after a run
        "Visualization",  // which visualizers, guarded in-process or in a worker process (Visualization/Worker)
        "Rendering",      // figures to PNG/SVG/PDF
        "Dashboard",      // `sae dashboard`: a web page over the run files (reads only)
        "Runs",           // the on-disk layout of a run: paths, history, evaluation, SAELens files, saved SAE
        "Plan",           // the validated run plan, its YAML writer, the config reference
        "Plugins",        // plugin loading and the registered components
        "Engine",         // the engine device (training.device, --device), per-step transfer counts, the backend conformance suite
        "Configuration",  // YAML tree, binding, host sections
        "Logging",
        Root,
    ];

    private const string Prefix = "SaePlatform.Host";
    private const string Root = "(root)";

    [Fact]
    public void HostFolders_Graph_HasNoCycle()
    {
        var graph = FolderGraph();
        output.WriteLine(Describe(graph));

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"Host folders depend on each other in a cycle: {string.Join(" -> ", cycle ?? [])}\n{Describe(graph)}");
    }

    [Fact]
    public void HostFolders_EveryEdge_PointsDownTheLayers()
    {
        var graph = FolderGraph();
        var wrong = new List<string>();
        foreach (var (from, targets) in graph)
            foreach (var (to, example) in targets)
            {
                int a = Array.IndexOf(Layers, from), b = Array.IndexOf(Layers, to);
                if (a < 0 || b < 0 || b <= a) wrong.Add($"{from} -> {to} (e.g. {example})");
            }

        Assert.True(wrong.Count == 0,
            $"Allowed direction (a folder depends only on those after it): {string.Join(" > ", Layers)}\n" +
            $"Edges against it or from an unlisted folder:\n  {string.Join("\n  ", wrong)}");
    }

    private static string Describe(SortedDictionary<string, SortedDictionary<string, string>> graph)
    {
        var text = new StringBuilder("Host folder dependencies (from -> to, one example reference):\n");
        foreach (var (from, targets) in graph)
            foreach (var (to, example) in targets)
                text.Append("  ").Append(from).Append(" -> ").Append(to).Append("   (").Append(example).Append(")\n");
        return text.ToString();
    }

    private static List<string>? FindCycle(SortedDictionary<string, SortedDictionary<string, string>> graph)
    {
        var state = new Dictionary<string, int>();   // 1: on the current path, 2: done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            if (graph.TryGetValue(node, out var targets))
                foreach (var next in targets.Keys)
                {
                    int s = state.GetValueOrDefault(next);
                    if (s == 1) return [.. path.Skip(path.IndexOf(next)), next];
                    if (s == 0 && Visit(next) is { } found) return found;
                }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys)
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle) return cycle;
        return null;
    }

    /// <summary>Folder → (folder it uses → one "Type -> Type" example).</summary>
    private static SortedDictionary<string, SortedDictionary<string, string>> FolderGraph()
    {
        var graph = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        var assembly = typeof(ExitCodes).Assembly;
        foreach (var type in assembly.GetTypes())
        {
            var from = FolderOf(type);
            if (from is null) continue;
            foreach (var used in ReferencedTypes(type))
            {
                var to = FolderOf(used);
                if (to is null || to == from) continue;
                var targets = graph.TryGetValue(from, out var t) ? t : graph[from] = new(StringComparer.Ordinal);
                targets.TryAdd(to, $"{Outer(type).FullName} -> {Outer(used).FullName}");
            }
        }
        return graph;
    }

    private static Type Outer(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    private static string? FolderOf(Type type)
    {
        var ns = Outer(type).Namespace;
        if (ns is null || type.Assembly != typeof(ExitCodes).Assembly) return null;
        if (ns == Prefix) return Root;
        if (!ns.StartsWith(Prefix + ".", StringComparison.Ordinal)) return null;
        var rest = ns[(Prefix.Length + 1)..];
        int dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                     BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t)) return;
            if (t.HasElementType) Add(t.GetElementType());
            if (t.IsGenericType)
                foreach (var arg in t.GetGenericArguments()) Add(arg);
        }
        void AddAttributes(IEnumerable<CustomAttributeData> attributes)
        {
            foreach (var a in attributes) Add(a.AttributeType);
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        AddAttributes(type.CustomAttributes);
        foreach (var f in type.GetFields(All)) { Add(f.FieldType); AddAttributes(f.CustomAttributes); }
        foreach (var p in type.GetProperties(All)) { Add(p.PropertyType); AddAttributes(p.CustomAttributes); }
        foreach (var e in type.GetEvents(All)) Add(e.EventHandlerType);
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            AddAttributes(m.CustomAttributes);
            var body = m.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var t in TypesNamedInIl(m, body.GetILAsByteArray() ?? [])) Add(t);
        }
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The declaring types of the methods and fields, and the types, that an IL body names by token.</summary>
    private static IEnumerable<Type> TypesNamedInIl(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    int token = BitConverter.ToInt32(il, i);
                    MemberInfo? member = null;
                    try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    if (member is Type t) yield return t;
                    else if (member?.DeclaringType is { } declaring) yield return declaring;
                    if (member is MethodInfo { IsGenericMethod: true } generic)
                        foreach (var arg in generic.GetGenericArguments()) yield return arg;
                    i += 4;
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8:
                case OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                default: i += 4; break;   // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
            }
        }
    }
}
