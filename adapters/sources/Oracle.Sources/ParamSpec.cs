using System.Text.RegularExpressions;

namespace Oracle.Sources;

/// <summary>One parameter of a source template.</summary>
/// <param name="Name">The key in <see cref="SourceRequest.Params"/>.</param>
/// <param name="Description">What the value means, with an example.</param>
/// <param name="Required">Whether the parameter must be given.</param>
/// <param name="Pattern">The whole value must match this regular expression (anchored); every pattern admits
/// only URL-unreserved characters, so nothing can break out of a URL path segment or query value.</param>
public sealed record ParamSpec(string Name, string Description, bool Required, string Pattern)
{
    private readonly Regex _regex = new("^(?:" + Pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Whether <paramref name="value"/> is acceptable.</summary>
    public bool IsValid(string value) => _regex.IsMatch(value);
}
