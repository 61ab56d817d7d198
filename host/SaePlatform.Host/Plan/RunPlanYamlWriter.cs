using System.Collections;
using System.Globalization;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Configuration.Sections;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SaePlatform.Host.Plan;

/// <summary>
/// Writes a <see cref="RunPlan"/> as a self-contained YAML config: every option with its effective value
/// (defaults included), paths absolute, no <c>extends</c>. Reading the output back gives the same plan, so
/// it serves both <c>sae train --dry-run</c> and the <c>L_config.yaml</c> saved next to each run.
/// </summary>
internal static class RunPlanYamlWriter
{
    /// <summary>The resolved config of the whole plan, or of <paramref name="only"/> (one model and layer) when given.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="only">One run of it, or null for all.</param>
    /// <param name="describe">Put each key's description above it as a YAML comment (<c>--dry-run</c>); reading it back gives the same plan.</param>
    public static string Write(RunPlan plan, RunTarget? only = null, bool describe = false)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        writer.WriteLine("# Resolved config written by sae: every option with its effective value; running it reproduces the run.");
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());

        Key(emitter, ConfigSections.Run);
        emitter.Emit(new MappingStart());
        if (only is null)
        {
            RunKey(emitter, "models", describe);
            WriteValue(emitter, plan.Run.ModelNames());
            RunKey(emitter, "layers", describe);
            WriteValue(emitter, plan.Run.LayerNames());
        }
        else
        {
            RunKey(emitter, "model", describe);
            WriteString(emitter, only.Model);
            RunKey(emitter, "layer", describe);
            WriteString(emitter, only.Layer);
        }
        RunKey(emitter, "seed", describe);
        WriteValue(emitter, plan.Run.Seed);
        RunKey(emitter, "output_dir", describe);
        WriteString(emitter, plan.Run.OutputDir);
        RunKey(emitter, "init_from", describe);
        WriteValue(emitter, plan.Run.InitFrom);
        RunKey(emitter, "tensorboard", describe);
        WriteValue(emitter, plan.Run.Tensorboard);
        emitter.Emit(new MappingEnd());

        WriteSlot(emitter, ConfigSections.Data, plan.Data, describe);
        WriteSlot(emitter, ConfigSections.Architecture, plan.Architecture, describe);
        WriteSlot(emitter, ConfigSections.Penalty, plan.Penalty, describe);
        Key(emitter, ConfigSections.Training);
        WriteObject(emitter, plan.Training, describe);
        WriteGuardedList(emitter, ConfigSections.Visualizers, plan.Visualizers, describe);
        WriteGuardedList(emitter, ConfigSections.Observers, plan.Observers, describe);
        Key(emitter, ConfigSections.Plugins);
        WriteObject(emitter, new PluginsSection { Paths = [.. plan.PluginPaths] }, describe);

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void WriteSlot(IEmitter emitter, string key, ComponentSlot? slot, bool describe)
    {
        Key(emitter, key);
        if (slot is null)
        {
            WriteValue(emitter, null);
            return;
        }
        emitter.Emit(new MappingStart());
        WriteSlotBody(emitter, slot, describe);
        emitter.Emit(new MappingEnd());
    }

    private static void WriteSlotBody(IEmitter emitter, ComponentSlot slot, bool describe)
    {
        if (describe) Describe(emitter, slot.Descriptor.Description);
        Key(emitter, ConfigSections.TypeKey);
        WriteString(emitter, slot.Descriptor.Id);
        if (slot.Options is not null) WriteProperties(emitter, slot.Options, describe);
    }

    private static void WriteGuardedList(IEmitter emitter, string key, IReadOnlyList<GuardedComponentSpec>? specs, bool describe)
    {
        Key(emitter, key);
        if (specs is null) // not configured: null keeps that meaning (the default set) when the file is read again
        {
            WriteValue(emitter, null);
            return;
        }
        emitter.Emit(new SequenceStart(null, null, false, specs.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
        foreach (var spec in specs)
        {
            emitter.Emit(new MappingStart());
            WriteSlotBody(emitter, spec.Component, describe);
            Key(emitter, ConfigSections.IsolationKey);
            WriteValue(emitter, spec.Isolation);
            Key(emitter, ConfigSections.TimeoutSecondsKey);
            WriteValue(emitter, spec.TimeoutSeconds);
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new SequenceEnd());
    }

    private static void WriteObject(IEmitter emitter, object options, bool describe = false)
    {
        emitter.Emit(new MappingStart());
        WriteProperties(emitter, options, describe);
        emitter.Emit(new MappingEnd());
    }

    private static void WriteProperties(IEmitter emitter, object options, bool describe)
    {
        foreach (var property in OptionsSchema.For(options.GetType()).Properties)
        {
            if (describe) Describe(emitter, property.Description);
            Key(emitter, property.Key);
            WriteValue(emitter, property.Property.GetValue(options));
        }
    }

    private static void WriteValue(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case string text:
                WriteString(emitter, text);
                break;
            case bool flag:
                Plain(emitter, flag ? "true" : "false");
                break;
            case Enum member:
                Plain(emitter, ConfigKeyNaming.EnumValueName(member.GetType(), member));
                break;
            case double number:
                Plain(emitter, FormatDouble(number));
                break;
            case float number:
                Plain(emitter, double.IsFinite(number) ? WithFloatMantissa(number.ToString("R", CultureInfo.InvariantCulture)) : FormatDouble(number));
                break;
            case IFormattable formattable when value.GetType().IsPrimitive:
                Plain(emitter, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            case IDictionary dictionary:
                emitter.Emit(new MappingStart(null, null, false, dictionary.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (DictionaryEntry entry in dictionary)
                {
                    Key(emitter, (string)entry.Key);
                    WriteValue(emitter, entry.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable items:
                var all = items.Cast<object?>().ToList();
                var flow = all.TrueForAll(i => i is null || i is string || i is Enum || i.GetType().IsPrimitive);
                emitter.Emit(new SequenceStart(null, null, false, flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in all) WriteValue(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            default:
                WriteObject(emitter, value);
                break;
        }
    }

    private static string FormatDouble(double number) => number switch
    {
        double.PositiveInfinity => ".inf",
        double.NegativeInfinity => "-.inf",
        double.NaN => ".nan",
        _ => WithFloatMantissa(number.ToString("R", CultureInfo.InvariantCulture)),
    };

    // "1E-08" is a string to YAML 1.1 readers such as PyYAML; "1.0e-08" is a float to every reader.
    private static string WithFloatMantissa(string text)
    {
        var e = text.IndexOf('E');
        if (e < 0) return text;
        var mantissa = text[..e];
        return (mantissa.Contains('.') ? mantissa : mantissa + ".0") + "e" + text[(e + 1)..];
    }

    // Strings that a YAML reader would take for a null, bool or number are quoted, so "8" stays a string for Python readers too.
    private static void WriteString(IEmitter emitter, string text)
    {
        var ambiguous = text.Length == 0 || text.Trim() != text
            || text is "~" or "null" or "Null" or "NULL" or "true" or "false" or "True" or "False" or "yes" or "no" or "on" or "off"
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            || text.StartsWith('.') && ScalarParsing.TryParse(text, typeof(double), out _, out _);
        emitter.Emit(new Scalar(null, null, text, ambiguous ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, true, true));
    }

    private static void RunKey(IEmitter emitter, string key, bool describe)
    {
        if (describe) Describe(emitter, OptionsSchema.For(typeof(RunSection)).Find(key)?.Description);
        Key(emitter, key);
    }

    // A comment line above the next key (sae config describe gives type, default and allowed values too).
    private static void Describe(IEmitter emitter, string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return;
        emitter.Emit(new Comment(description.ReplaceLineEndings(" "), false));
    }

    private static void Plain(IEmitter emitter, string text) => emitter.Emit(new Scalar(null, null, text, ScalarStyle.Plain, true, false));

    private static void Key(IEmitter emitter, string key) => emitter.Emit(new Scalar(key));
}
