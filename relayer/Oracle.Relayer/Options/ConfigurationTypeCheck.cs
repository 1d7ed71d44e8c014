using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Oracle.Relayer.Options;

/// <summary>
/// Checks that every value under a configuration section converts to the type of the setting it binds to,
/// before the section is bound. The configuration binder silently drops a list element holding a value that
/// does not convert (a chain with <c>"ChainId": "abc"</c> vanished and the relayer said "no chain
/// configured"), and throws a bare <see cref="InvalidOperationException"/> for such a value outside a list;
/// this names each one with its key instead.
/// </summary>
public static class ConfigurationTypeCheck
{
    /// <summary>Every value under <paramref name="section"/> that <paramref name="type"/> cannot take, as "key: message".</summary>
    public static List<string> Check(IConfigurationSection section, Type type)
    {
        var failures = new List<string>();
        Visit(section, type, failures);
        return failures;
    }

    private static void Visit(IConfigurationSection s, Type type, List<string> failures)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var children = s.GetChildren().ToList();
        bool value = !string.IsNullOrEmpty(s.Value) && children.Count == 0;
        if (TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)))
        {
            if (!value) return;
            try
            {
                s.Get(type); // the binder's own conversion
            }
            catch (InvalidOperationException)
            {
                failures.Add($"{s.Path}: '{s.Value}' is not {Describe(type)}");
            }
            return;
        }
        if (ElementType(type, typeof(IDictionary<,>), 1) is { } valueType)
        {
            if (value) failures.Add($"{s.Path}: expected a section of name: value pairs, got the value '{s.Value}'");
            foreach (var c in children) Visit(c, valueType, failures);
            return;
        }
        if (ElementType(type, typeof(IEnumerable<>), 0) is { } elementType)
        {
            if (value) failures.Add($"{s.Path}: expected a list ({s.Path}:0, {s.Path}:1, ...), got the value '{s.Value}'");
            foreach (var c in children) Visit(c, elementType, failures);
            return;
        }
        if (value) failures.Add($"{s.Path}: expected a section with settings, got the value '{s.Value}'");
        foreach (var c in children)
        {
            var p = type.GetProperty(c.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (p is not null) Visit(c, p.PropertyType, failures);
        }
    }

    private static Type? ElementType(Type type, Type generic, int argument)
    {
        var match = type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);
        return match?.GetGenericArguments()[argument];
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "an integer",
        _ when type == typeof(uint) || type == typeof(ulong) => "a non-negative integer",
        _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss, or d.hh:mm:ss)",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(Uri) => "a URL",
        _ => $"a {type.Name}",
    };
}
