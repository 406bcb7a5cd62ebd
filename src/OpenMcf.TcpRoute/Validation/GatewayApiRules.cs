using FluentValidation;

namespace OpenMcf.TcpRoute.Validation;

/// <summary>Field rules shared by parentRefs, backendRefs and rules, worded once.</summary>
internal static class GatewayApiRules
{
    public static IRuleBuilderOptions<T, string> ObjectName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length <= 253 && GatewayApiPatterns.DnsSubdomain().IsMatch(v))
            .WithMessage((_, v) => $"\"{Shorten(v)}\" is not a valid Kubernetes object name: "
                + "use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");

    /// <summary>Deliberately stricter than the server (<see cref="StricterRules.ServiceName"/>).</summary>
    public static IRuleBuilderOptions<T, string> ServiceName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length <= 63 && GatewayApiPatterns.Dns1035Label().IsMatch(v))
            .WithMessage((_, v) => $"\"{Shorten(v)}\" cannot be a Service name: "
                + "use at most 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or digit")
            .WithErrorCode(StricterRules.ServiceName);

    /// <summary>Deliberately stricter than the server (<see cref="StricterRules.GatewayName"/>).</summary>
    public static IRuleBuilderOptions<T, string> GatewayName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length <= 253 && GatewayApiPatterns.DnsSubdomain().IsMatch(v))
            .WithMessage((_, v) => $"\"{Shorten(v)}\" cannot be a Gateway name: "
                + "use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit")
            .WithErrorCode(StricterRules.GatewayName);

    /// <summary>A name without a pattern of its own: 1 to 253 characters, counted as the server counts them.</summary>
    public static IRuleBuilderOptions<T, string> AnyName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => Characters(v) <= 253).WithMessage((_, v) => $"must be 1 to 253 characters long (found {Characters(v)})");

    /// <summary>
    /// The API server counts a string's length in Unicode characters (Go runes), not in .NET's
    /// UTF-16 units: an emoji is one character there and two chars here.
    /// </summary>
    public static int Characters(string value) => value.EnumerateRunes().Count();

    public static IRuleBuilderOptions<T, string> NamespaceName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length is >= 1 and <= 63 && GatewayApiPatterns.DnsLabel().IsMatch(v))
            .WithMessage((_, v) => $"\"{Shorten(v)}\" is not a valid namespace: "
                + "use 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit");

    public static IRuleBuilderOptions<T, string> SectionName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length is >= 1 and <= 253 && GatewayApiPatterns.DnsSubdomain().IsMatch(v))
            .WithMessage((_, v) => $"\"{Shorten(v)}\" is not a valid name: "
                + "use 1 to 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");

    public static IRuleBuilderOptions<T, string> Group<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length == 0 || (v.Length <= 253 && GatewayApiPatterns.DnsSubdomain().IsMatch(v)))
            .WithMessage((_, v) => $"\"{Shorten(v)}\" is not a valid API group: "
                + "use empty (core) or a DNS name of at most 253 lower-case letters, digits, '-' and '.'");

    public static IRuleBuilderOptions<T, string> Kind<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length is >= 1 and <= 63 && GatewayApiPatterns.Kind().IsMatch(v))
            .WithMessage((_, v) => $"\"{Shorten(v)}\" is not a valid kind: use 1 to 63 letters, digits and '-', starting with a letter");

    public static IRuleBuilderOptions<T, long?> Port<T>(this IRuleBuilder<T, long?> rule) =>
        rule.Must(p => p is null or (>= 1 and <= 65535))
            .WithMessage((_, p) => $"must be between 1 and 65535 (found {p})");

    private static string Shorten(string s) => DisplayText.Shorten(s);
}
