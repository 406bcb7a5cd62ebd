using OpenMcf.Cli.Reports;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Cli.Reports;

/// <summary>Entries the report tests share: plain ones, and ones built to break a writer that escapes too little.</summary>
internal static class ReportSamples
{
    /// <summary>A repository checked out where GitHub Actions puts it; the tests run from its root.</summary>
    public const string Workspace = "/home/runner/work/repo/repo";

    /// <summary>
    /// Every character some format treats specially: '%' ':' ',' (workflow commands), CR and LF (all of them), '&lt;'
    /// '&amp;' quotes "]]&gt;" (XML), '|' '\' '*' '_' '`' (Markdown), "::" and a command of its own (workflow command
    /// injection), a delimiter-like line (GITHUB_OUTPUT), and text beyond ASCII and beyond the BMP.
    /// </summary>
    public const string Hostile =
        "50% of 'port', \"name\": <gateway-name> & co ]]> a|b \\| *x* _y_ `z`\r\nline two\n::error::injected\nEOF\n"
        + "ghadelimiter_0\n日本語 ünïcödé 🚀 end";

    /// <summary>A message of 100,000 characters with the hostile ones spread through it.</summary>
    public static readonly string Huge = string.Concat(Enumerable.Repeat("x%:,<&|\n\u00e9" + new string('y', 91), 1000));

    public static ReportPaths Paths { get; } = new(Workspace, Workspace);

    public static ReportEntry Valid(string name = "app/postgres", string file = "routes/postgres.yaml") => new()
    {
        Command = "validate",
        Name = name,
        File = file,
        Line = 1,
        Column = 1,
        Action = "valid",
    };

    /// <summary>Two errors and a warning, one of the errors under a rule of its own.</summary>
    public static ReportEntry Invalid() => new()
    {
        Command = "validate",
        Name = "routes/bad.yaml#2",
        File = "routes/bad.yaml",
        Line = 12,
        Column = 1,
        Action = "invalid",
        Findings =
        [
            new(Severity.Error, "must be between 1 and 65535") { Path = "spec.rules[0].backendRefs[0].port", Line = 20, Column = 15 },
            new(Severity.Warning, "weight 0 sends no traffic") { Path = "spec.rules[0].backendRefs[0].weight", Line = 21, Column = 17 },
            new(Severity.Error, "must be a DNS-1035 label") { Path = "spec.rules[0].backendRefs[0].name", Rule = "service-name" },
        ],
    };

    public static ReportEntry Warned() => new()
    {
        Command = "check",
        Name = "redis",
        Namespace = "cache",
        Context = "kind-dev",
        File = "routes/redis.yaml",
        Line = 1,
        Action = "ok",
        Findings = [new(Severity.Warning, "Service cache/redis does not exist yet") { Path = "spec.rules[0].backendRefs[0]" }],
    };

    /// <summary>The sets every format is validated against its schema with.</summary>
    public static TheoryData<string> SetNames() =>
        new("empty", "valid", "mixed", "hostile", "huge", "unusual paths", "several commands", "unknown places");

    public static IReadOnlyList<ReportEntry> Set(string name) => name switch
    {
        "empty" => [],
        "valid" => [Valid(), Valid("app/mysql", "routes/mysql.yaml")],
        "mixed" => [Valid(), Invalid(), Warned()],
        "hostile" =>
        [
            Valid(Hostile, Hostile) with { Namespace = Hostile, Context = Hostile, Action = Hostile },
            Invalid() with
            {
                Name = Hostile,
                Findings =
                [
                    new(Severity.Error, Hostile) { Path = Hostile, Rule = Hostile, File = Hostile },
                    new(Severity.Warning, Hostile),
                ],
            },
        ],
        "huge" => [Invalid() with { Findings = [new(Severity.Error, Huge), new(Severity.Warning, Huge) { Path = Huge }] }],
        "unusual paths" =>
        [
            Valid("stdin#1", "-"),
            Valid("outside", "/etc/openmcf/route.yaml"),
            Valid("spaces", "my routes/a b.yaml"),
            Valid("up", "../other/route.yaml"),
            Invalid() with { File = "-" },
        ],
        "several commands" => [Valid(), Warned(), Warned() with { Command = "apply", Action = "created" }],
        "unknown places" =>
        [
            Valid() with { Line = null, Column = null },
            Valid() with { Line = 0, Column = 0 },
            Invalid() with { Line = null, Findings = [new(Severity.Error, "no place") { Column = 4 }] },
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
