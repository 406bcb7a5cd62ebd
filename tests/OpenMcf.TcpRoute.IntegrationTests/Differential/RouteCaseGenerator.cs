using System.Globalization;
using static OpenMcf.TcpRoute.IntegrationTests.Differential.GeneratedRoute;

namespace OpenMcf.TcpRoute.IntegrationTests.Differential;

/// <summary>One generated case: a label that says what it probes, and the route.</summary>
internal sealed record RouteCase(string Label, GeneratedRoute Route);

/// <summary>
/// A seeded generator of routes for the differential test: random routes that are mostly valid,
/// and mutations of them that probe every rule of the TCPRoute schema at its boundary (names and
/// their lengths and patterns, counts, ports, weights, groups and kinds, namespaces on references,
/// duplicate rule names, Service backends without a port, parentRefs to one parent, number forms).
/// Whether a case is valid is not decided here: openmcf and the API server each give a verdict.
/// </summary>
internal sealed class RouteCaseGenerator(int seed, IReadOnlyList<string> namespaces, bool v1)
{
    private const string Emoji = "\U0001F600";
    private readonly Random _random = new(seed);

    public IEnumerable<RouteCase> Generate(int randomRoutes, int mutationRounds)
    {
        for (var i = 0; i < randomRoutes; i++)
        {
            yield return new RouteCase("random", RandomRoute());
        }

        var mutations = Mutations().ToList();
        for (var round = 0; round < mutationRounds; round++)
        {
            foreach (var (label, mutate) in mutations)
            {
                var route = RandomRoute();
                mutate(route);
                yield return new RouteCase(label, route);
            }
        }
    }

    private GeneratedRoute RandomRoute()
    {
        var route = new GeneratedRoute
        {
            Name = DnsName(_random.Next(4) == 0 ? _random.Next(1, 254) : _random.Next(1, 30)),
            Namespace = Pick(namespaces),
        };
        if (_random.Next(4) != 0)
        {
            route.ParentRefs = Enumerable.Range(0, _random.Next(1, 4)).Select(i => RandomParent(i)).ToList();
        }

        if (!v1 && _random.Next(6) == 0)
        {
            route.UseDefaultGateways = Pick(["All", "None"]);
        }

        var ruleCount = v1 ? 1 : _random.Next(1, 4);
        route.Rules = Enumerable.Range(0, ruleCount).Select(i => new Rule
        {
            Name = _random.Next(2) == 0 ? Quote($"rule-{i}") : null,
            BackendRefs = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => RandomBackend()).ToList(),
        }).ToList();
        return route;
    }

    private Fields RandomParent(int index)
    {
        var parent = new Fields { ["name"] = Quote(Pick(["gw-a", "gw-b", DnsName(_random.Next(1, 60))])) };
        switch (_random.Next(4))
        {
            case 0:
                parent["sectionName"] = Quote($"listener-{index}");
                break;
            case 1:
                parent["port"] = Int(1000 + index);
                break;
            case 2:
                parent["sectionName"] = Quote($"listener-{index}");
                parent["port"] = Int(2000 + index);
                break;
        }

        if (_random.Next(5) == 0)
        {
            parent["namespace"] = Quote(Pick(["infra", "gateways", DnsLabel(_random.Next(1, 64))]));
        }

        if (_random.Next(8) == 0)
        {
            parent["group"] = Quote("gateway.networking.k8s.io");
            parent["kind"] = Quote("Gateway");
        }

        return parent;
    }

    private Fields RandomBackend()
    {
        if (_random.Next(6) == 0)
        {
            var other = new Fields
            {
                ["group"] = Quote("example.com"),
                ["kind"] = Quote("Broker"),
                ["name"] = Quote(AnyName(_random.Next(1, 40))),
            };
            if (_random.Next(2) == 0)
            {
                other["port"] = Int(_random.Next(1, 65536));
            }

            return other;
        }

        var service = new Fields { ["name"] = Quote(ServiceName(_random.Next(1, 30))), ["port"] = Int(_random.Next(1, 65536)) };
        if (_random.Next(3) == 0)
        {
            service["weight"] = Int(_random.Next(0, 1_000_001));
        }

        if (_random.Next(6) == 0)
        {
            service["namespace"] = Quote(DnsLabel(_random.Next(1, 20)));
        }

        return service;
    }

    /// <summary>Each mutation changes one thing, most of them to a value just inside or just outside a limit.</summary>
    private IEnumerable<(string Label, Action<GeneratedRoute> Mutate)> Mutations()
    {
        // metadata.name
        foreach (var (label, name) in Names("name", subdomain: true))
        {
            yield return (label, r => r.Name = name);
        }

        // the route's namespace: only existing namespaces can be accepted; invalid names never exist.
        var badNamespaces = new[]
        {
            ("ns upper", "App-ns"), ("ns underscore", "team_x"), ("ns dot", "team.x"), ("ns 64", new string('n', 64)),
            ("ns trailing newline", namespaces[0] + "\n"), ("ns leading dash", "-ns"),
        };
        foreach (var (label, ns) in badNamespaces)
        {
            yield return (label, r => r.Namespace = ns);
        }

        yield return ("ns 63 existing", r => r.Namespace = namespaces.First(n => n.Length == 63));

        // parentRefs: counts, then each field
        foreach (var count in new[] { 0, 1, 32, 33 })
        {
            yield return ($"parentRefs {count}", r => r.ParentRefs = Enumerable.Range(0, count)
                .Select(i => new Fields { ["name"] = Quote("gw"), ["sectionName"] = Quote($"l{i}") })
                .ToList());
        }

        foreach (var (field, values) in ParentFieldValues())
        {
            foreach (var (label, literal) in values)
            {
                yield return ($"parent {field} {label}", r => FirstParent(r)[field] = literal);
            }
        }

        // parentRefs to one parent in every combination of shapes, with and without namespaces.
        var shapes = new (string Label, string? Section, string? Port)[]
        {
            ("s", Quote("tcp"), null), ("s2", Quote("tls"), null), ("p", null, "80"), ("p2", null, "81"),
            ("sp", Quote("tcp"), "80"), ("sp2", Quote("tcp"), "81"), ("none", null, null),
        };
        foreach (var a in shapes)
        {
            foreach (var b in shapes)
            {
                yield return ($"same parent {a.Label}+{b.Label}",
                    r => r.ParentRefs = [Parent("gw", a.Section, a.Port), Parent("gw", b.Section, b.Port)]);
            }
        }

        yield return ("same parent, one with namespace",
            r => r.ParentRefs = [Parent("gw", null, null), Parent("gw", null, null, ns: r.Namespace)]);
        yield return ("same parent, both with namespace",
            r => r.ParentRefs = [Parent("gw", null, null, ns: "infra"), Parent("gw", null, null, ns: "infra")]);
        yield return ("same parent, explicit defaults",
            r => r.ParentRefs = [Parent("gw", Quote("tcp"), null), Parent("gw", null, "80", explicitDefaults: true)]);
        yield return ("same name, other kinds",
            r => r.ParentRefs = [Parent("gw", null, null), Parent("gw", null, null, kind: "Mesh", group: "example.com")]);
        yield return ("same parent three times",
            r => r.ParentRefs = [Parent("gw", Quote("a"), null), Parent("gw", Quote("b"), null), Parent("gw", Quote("a"), null)]);

        // useDefaultGateways
        foreach (var value in new[] { "All", "None", "all", Quote(string.Empty), "Some" })
        {
            yield return ($"useDefaultGateways {value}", r => r.UseDefaultGateways = value);
        }

        // rules: counts, names, duplicates
        foreach (var count in new[] { 0, 1, 2, 16, 17 })
        {
            yield return ($"rules {count}", r => r.Rules = Enumerable.Range(0, count)
                .Select(i => new Rule { BackendRefs = [Service($"s{i}", "80")] })
                .ToList());
        }

        yield return ("rules absent", r => r.Rules = null);
        foreach (var (label, name) in Names("rule name", subdomain: true))
        {
            yield return (label, r => r.Rules![0].Name = Quote(name));
        }

        yield return ("rule names duplicate", r => r.Rules =
        [
            new Rule { Name = Quote("a"), BackendRefs = [Service("x", "1")] },
            new Rule { Name = Quote("a"), BackendRefs = [Service("y", "2")] }
        ]);
        yield return ("rule names distinct", r => r.Rules =
        [
            new Rule { Name = Quote("a"), BackendRefs = [Service("x", "1")] },
            new Rule { Name = Quote("b"), BackendRefs = [Service("y", "2")] }
        ]);
        yield return ("rule names unnamed twice",
            r => r.Rules = [new Rule { BackendRefs = [Service("x", "1")] }, new Rule { BackendRefs = [Service("y", "2")] }]);
        yield return ("rule names one named", r => r.Rules =
        [
            new Rule { Name = Quote("a"), BackendRefs = [Service("x", "1")] },
            new Rule { BackendRefs = [Service("y", "2")] }
        ]);

        // backendRefs: counts, then each field
        foreach (var count in new[] { 0, 1, 16, 17 })
        {
            yield return ($"backendRefs {count}",
                r => r.Rules![0].BackendRefs = Enumerable.Range(0, count).Select(i => Service($"s{i}", "80")).ToList());
        }

        yield return ("backendRefs absent", r => r.Rules![0].BackendRefs = null);
        foreach (var (field, values) in BackendFieldValues())
        {
            foreach (var (label, literal) in values)
            {
                yield return ($"backend {field} {label}", r => r.Rules![0].BackendRefs![0][field] = literal);
            }
        }

        yield return ("Service backend without port", r => r.Rules![0].BackendRefs![0] = new Fields { ["name"] = Quote("svc") });
        yield return ("explicit Service backend without port", r => r.Rules![0].BackendRefs![0] = new Fields
        {
            ["group"] = Quote(string.Empty),
            ["kind"] = Quote("Service"),
            ["name"] = Quote("svc"),
        });
        yield return ("other backend without port", r => r.Rules![0].BackendRefs![0] = new Fields
        {
            ["group"] = Quote("example.com"),
            ["kind"] = Quote("Broker"),
            ["name"] = Quote("b"),
        });
        yield return ("core non-Service backend without port",
            r => r.Rules![0].BackendRefs![0] = new Fields { ["kind"] = Quote("ConfigMap"), ["name"] = Quote("b") });
        yield return ("Service in a group without port", r => r.Rules![0].BackendRefs![0] = new Fields
        {
            ["group"] = Quote("example.com"),
            ["kind"] = Quote("Service"),
            ["name"] = Quote("b"),
        });

        // fields the schema does not have
        yield return ("unknown spec field", r => r.Extra["bogusField"] = "1");
        yield return ("unknown rule field", r => r.Rules![0].Extra["matches"] = "[]");
        yield return ("unknown backend field", r => r.Rules![0].BackendRefs![0]["filters"] = "[]");
        yield return ("unknown parent field", r => FirstParent(r)["hostname"] = Quote("x"));
    }

    /// <summary>Every boundary name of <see cref="Names"/> as a quoted literal, and the empty string.</summary>
    private static (string Label, string Literal)[] NameValues(bool subdomain) =>
        [.. Names(string.Empty, subdomain).Select(n => (n.Label.Trim(), Quote(n.Value))), ("empty", Quote(string.Empty))];

    private static IEnumerable<(string Field, (string Label, string Literal)[] Values)> ParentFieldValues()
    {
        yield return ("name", NameValues(subdomain: true));
        yield return ("group", Groups());
        yield return ("kind", Kinds());
        yield return ("namespace", NamespaceRefs());
        yield return ("sectionName", NameValues(subdomain: true));
        yield return ("port", Ports());
    }

    private static IEnumerable<(string Field, (string Label, string Literal)[] Values)> BackendFieldValues()
    {
        yield return ("name", NameValues(subdomain: false));
        yield return ("group", Groups());
        yield return ("kind", Kinds());
        yield return ("namespace", NamespaceRefs());
        yield return ("port", Ports());
        yield return ("weight",
        [
            ("0", "0"), ("1000000", "1000000"), ("1000001", "1000001"), ("-1", "-1"), ("0x10", "0x10"), ("1e6", "1e6"), ("010", "010"),
            ("quoted", Quote("5"))
        ]);
    }

    /// <summary>Names at and past their limits, in and out of the DNS patterns, and with characters outside ASCII.</summary>
    private static IEnumerable<(string Label, string Value)> Names(string what, bool subdomain)
    {
        yield return ($"{what} 1", "a");
        yield return ($"{what} 63", new string('a', 63));
        yield return ($"{what} 64", new string('a', 64));
        yield return ($"{what} 253", Dotted(253));
        yield return ($"{what} 254", Dotted(254));
        yield return ($"{what} upper", "Route");
        yield return ($"{what} underscore", "my_route");
        yield return ($"{what} leading dash", "-route");
        yield return ($"{what} trailing dash", "route-");
        yield return ($"{what} leading digit", "1route");
        yield return ($"{what} dotted", "a.b.c");
        yield return ($"{what} double dot", "a..b");
        yield return ($"{what} trailing newline", "route\n");
        yield return ($"{what} space", "my route");
        yield return ($"{what} emoji", "db-" + Emoji);
        yield return ($"{what} 253 emoji", string.Concat(Enumerable.Repeat(Emoji, 253)));
        yield return ($"{what} 254 emoji", string.Concat(Enumerable.Repeat(Emoji, 254)));
        yield return ($"{what} accented", "r\u00E9seau");
        if (!subdomain)
        {
            yield return ($"{what} 63 with digits", "s" + new string('1', 62));
        }
    }

    private static (string, string)[] Groups() =>
    [
        ("empty", Quote(string.Empty)), ("core", Quote("core")), ("dns", Quote("example.com")), ("upper", Quote("Example.com")),
        ("253", Quote(Dotted(253))), ("254", Quote(Dotted(254))), ("underscore", Quote("bad_group")), ("newline", Quote("example.com\n")),
    ];

    private static (string, string)[] Kinds() =>
    [
        ("Service", Quote("Service")), ("Gateway", Quote("Gateway")), ("1", Quote("K")), ("63", Quote("K" + new string('k', 62))),
        ("64", Quote("K" + new string('k', 63))), ("empty", Quote(string.Empty)), ("slash", Quote("bad/kind")),
        ("digit first", Quote("1Kind")), ("dash end", Quote("Kind-")), ("newline", Quote("Kind\n")),
    ];

    private static (string, string)[] NamespaceRefs() =>
    [
        ("63", Quote(new string('n', 63))), ("64", Quote(new string('n', 64))), ("empty", Quote(string.Empty)), ("upper", Quote("Infra")),
        ("dot", Quote("in.fra")), ("newline", Quote("infra\n")), ("valid", Quote("infra")),
    ];

    private static (string, string)[] Ports() =>
    [
        ("0", "0"), ("1", "1"), ("65535", "65535"), ("65536", "65536"), ("-1", "-1"), ("hex", "0x50"), ("octal 0o", "0o120"),
        ("float", "80.0"), ("exponent", "1e3"), ("leading zero", "0120"), ("fraction", "80.5"), ("quoted", Quote("80")),
        ("2^31", "2147483648"),
    ];

    private static Fields FirstParent(GeneratedRoute route)
    {
        if (route.ParentRefs is not { Count: > 0 })
        {
            route.ParentRefs = [new Fields { ["name"] = Quote("gw") }];
        }

        return route.ParentRefs[0];
    }

    private static Fields Parent(
        string name,
        string? section,
        string? port,
        string? ns = null,
        string? kind = null,
        string? group = null,
        bool explicitDefaults = false)
    {
        var parent = new Fields();
        parent["group"] = group is not null ? Quote(group) : explicitDefaults ? Quote("gateway.networking.k8s.io") : null;
        parent["kind"] = kind is not null ? Quote(kind) : explicitDefaults ? Quote("Gateway") : null;
        parent["namespace"] = ns is null ? null : Quote(ns);
        parent["name"] = Quote(name);
        parent["sectionName"] = section;
        parent["port"] = port;
        return parent;
    }

    private static Fields Service(string name, string port) => new() { ["name"] = Quote(name), ["port"] = port };

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A DNS-1123 subdomain of exactly <paramref name="length"/> characters: labels of up to 63 joined by dots.</summary>
    private static string Dotted(int length)
    {
        var text = string.Concat(Enumerable.Range(0, (length / 64) + 1).Select(_ => new string('a', 63) + ".")).TrimEnd('.');
        text = text.Length >= length ? text[..length] : text;
        return text.EndsWith('.') ? text[..^1] + "b" : text;
    }

    private string DnsLabel(int length) => new(Enumerable.Range(0, length)
        .Select(i => i == 0 || i == length - 1 ? Pick<char>("abcxyz019".ToCharArray()) : Pick<char>("abc-019".ToCharArray()))
        .ToArray());

    private string DnsName(int length) => length <= 63 ? DnsLabel(length) : DnsLabel(60) + "." + DnsName(length - 61);

    private string ServiceName(int length) => "s" + (length > 1 ? DnsLabel(length - 1) : string.Empty);

    private string AnyName(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => Pick(["a", "Z", "_", "-", ".", Emoji, "\u00E9", "9"])));
}
