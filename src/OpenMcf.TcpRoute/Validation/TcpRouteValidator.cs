using FluentValidation;
using FluentValidation.Results;
using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.TcpRoute.Validation;

/// <summary>
/// Every rule the API server (with its CEL rules) would enforce on the resulting TCPRoute, plus
/// the manifest's own rules, so that nothing invalid is ever sent. Property paths follow the
/// model (Spec.Rules[0].Name) and are turned into manifest paths by <see cref="DocumentValidation"/>.
/// </summary>
public sealed class TcpRouteValidator : AbstractValidator<TcpRouteManifest>
{
    public const int MaxParentRefs = 32;
    public const int MaxRules = 16;
    public const int MaxBackendRefs = 16;
    public const long MaxWeight = 1_000_000;

    private static readonly TcpRouteValidator V1alpha2 = new(GatewayApi.DefaultVersion);
    private static readonly TcpRouteValidator V1 = new(GatewayApi.V1);

    /// <param name="version">
    /// The TCPRoute version the route is rendered as: v1 allows one rule and is checked against the standard channel.
    /// </param>
    public TcpRouteValidator(string version)
    {
        RuleFor(m => m.Metadata).NotNull().WithMessage("required: metadata with a name");
        RuleFor(m => m.Metadata!).SetValidator(new MetadataValidator()).When(m => m.Metadata is not null);
        RuleFor(m => m.Spec).NotNull().WithMessage("required: spec with namespace and rules");
        RuleFor(m => m.Spec!).SetValidator(new SpecValidator(version == GatewayApi.V1)).When(m => m.Spec is not null);
    }

    /// <summary>The validator for a version; versions openmcf does not know are checked as v1alpha2.</summary>
    public static TcpRouteValidator For(string? version) => version == GatewayApi.V1 ? V1 : V1alpha2;

    /// <summary>The most rules a route may have when rendered as <paramref name="version"/>.</summary>
    public static int MaxRulesOf(string? version) => version == GatewayApi.V1 ? 1 : MaxRules;

    private sealed class MetadataValidator : AbstractValidator<ManifestMetadata>
    {
        public MetadataValidator()
        {
            RuleFor(m => m.Name).NotEmpty().WithMessage("required: the name of the TCPRoute")
                .DependentRules(() => RuleFor(m => m.Name!).ObjectName());
            foreach (var label in new[] { ManifestMetadata.ContextLabel, ManifestMetadata.PlantonContextLabel })
            {
                RuleFor(m => m.Labels).Must(l => !l.TryGetValue(label, out var context) || context.Length > 0)
                    .WithMessage($"label {label} must name a kube context, not be empty");
            }

            RuleFor(m => m.Labels)
                .Must(l => !(l.TryGetValue(ManifestMetadata.ContextLabel, out var a)
                    && l.TryGetValue(ManifestMetadata.PlantonContextLabel, out var b) && a != b))
                .WithMessage($"labels {ManifestMetadata.ContextLabel} and {ManifestMetadata.PlantonContextLabel} name different "
                    + "kube contexts; keep one");
        }
    }

    private sealed class SpecValidator : AbstractValidator<TcpRouteSpec>
    {
        public SpecValidator(bool v1)
        {
            RuleFor(s => s.Namespace).NotNull().WithMessage("required: set namespace.value (or namespace.valueFrom)");
            RuleFor(s => s.Namespace!).SetValidator(new NamespaceValidator()).When(s => s.Namespace is not null);

            RuleFor(s => s.ParentRefs).Must(p => p is null || p.Count <= MaxParentRefs)
                .WithMessage(s => $"at most {MaxParentRefs} parentRefs are allowed (found {s.ParentRefs!.Count})");
            RuleForEach(s => s.ParentRefs).SetValidator(new ParentReferenceValidator());
            RuleFor(s => s).Custom((spec, context) => ParentRefRules.Check(spec, context, v1)).When(s => s.ParentRefs is { Count: > 1 });

            RuleFor(s => s.UseDefaultGateways).Must(u => u is null or "All" or "None")
                .WithMessage(s => $"must be All or None (found \"{s.UseDefaultGateways}\")");
            RuleFor(s => s.UseDefaultGateways).Null().When(_ => v1)
                .WithMessage("is not part of TCPRoute v1 on the Gateway API standard channel; "
                    + "openmcf renders v1 so that it applies on both channels: drop the field, or use --api-version v1alpha2")
                .WithErrorCode(StricterRules.V1Portable);

            var max = v1 ? 1 : MaxRules;
            var limit = v1
                ? "TCPRoute v1 allows exactly 1 rule: split the route into one route per rule, or use --api-version v1alpha2"
                : $"must have 1 to {MaxRules} rules";
            RuleFor(s => s.Rules).NotNull().WithMessage(v1 ? "required: exactly 1 rule" : $"required: 1 to {max} rules");
            RuleFor(s => s.Rules).Must(r => r!.Count is >= 1 && r.Count <= max).When(s => s.Rules is not null)
                .WithMessage(s => $"{limit} (found {s.Rules!.Count})");
            RuleForEach(s => s.Rules).SetValidator(new RuleValidator());
            RuleFor(s => s).Custom(UniqueRuleNames).When(s => s.Rules is { Count: > 1 });
        }

        /// <summary>Gateway API CEL: "Rule name must be unique within the route" (unnamed rules are exempt).</summary>
        private static void UniqueRuleNames(TcpRouteSpec spec, ValidationContext<TcpRouteSpec> context)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < spec.Rules!.Count; i++)
            {
                if (spec.Rules[i].Name is not { Length: > 0 } name)
                {
                    continue;
                }

                if (seen.TryGetValue(name, out var first))
                {
                    context.AddFailure(new ValidationFailure(
                        $"Spec.Rules[{i}].Name",
                        $"rule name \"{name}\" is already used by spec.rules[{first}]; rule names must be unique within the route"));
                }
                else
                {
                    seen[name] = i;
                }
            }
        }
    }

    private sealed class NamespaceValidator : AbstractValidator<StringValueOrRef>
    {
        public NamespaceValidator()
        {
            RuleFor(n => n).Must(n => n.Value is not null || n.ValueFrom is not null)
                .OverridePropertyName(string.Empty)
                .WithMessage("required: set namespace.value (or namespace.valueFrom)");
            RuleFor(n => n).Must(n => n.Value is null || n.ValueFrom is null)
                .OverridePropertyName(string.Empty)
                .WithMessage("set either value or valueFrom, not both");
            RuleFor(n => n.Value!).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("must not be empty: the namespace of the TCPRoute")
                .NamespaceName()
                .When(n => n.Value is not null);
            RuleFor(n => n.ValueFrom!.Name).NotEmpty().WithMessage("required: the name of the referenced resource")
                .When(n => n.ValueFrom is not null);
            RuleFor(n => n.ValueFrom!.FieldPath).NotEmpty().WithMessage("must not be empty when given (default spec.name)")
                .When(n => n.ValueFrom is { FieldPath: not null });
        }
    }

    private sealed class ParentReferenceValidator : AbstractValidator<ParentReference>
    {
        public ParentReferenceValidator()
        {
            RuleFor(p => p.Name).NotEmpty().WithMessage("required: the name of the parent Gateway")
                .DependentRules(() => RuleFor(p => p.Name!).AnyName());

            // A Gateway is a Kubernetes object: its name is a DNS subdomain, whatever the route schema allows.
            RuleFor(p => p.Name!).GatewayName()
                .When(p => p.Name is { Length: > 0 } && GatewayApiRules.Characters(p.Name) <= 253 && GatewayApi.IsGateway(p));
            RuleFor(p => p.Group!).Group().When(p => p.Group is not null);
            RuleFor(p => p.Kind!).Kind().When(p => p.Kind is not null);
            RuleFor(p => p.Namespace!).NamespaceName().When(p => p.Namespace is not null);
            RuleFor(p => p.SectionName!).SectionName().When(p => p.SectionName is not null);
            RuleFor(p => p.Port).Port();
        }
    }

    private sealed class RuleValidator : AbstractValidator<TcpRouteRule>
    {
        public RuleValidator()
        {
            RuleFor(r => r.Name!).SectionName().When(r => r.Name is not null);
            RuleFor(r => r.BackendRefs).NotNull().WithMessage($"required: 1 to {MaxBackendRefs} backendRefs");
            RuleFor(r => r.BackendRefs).Must(b => b!.Count is >= 1 and <= MaxBackendRefs).When(r => r.BackendRefs is not null)
                .WithMessage(r => $"must have 1 to {MaxBackendRefs} backendRefs (found {r.BackendRefs!.Count})");
            RuleForEach(r => r.BackendRefs).SetValidator(new BackendReferenceValidator());
        }
    }

    private sealed class BackendReferenceValidator : AbstractValidator<BackendReference>
    {
        public BackendReferenceValidator()
        {
            RuleFor(b => b.Name).NotEmpty().WithMessage("required: the name of the backend (a Service)")
                .DependentRules(() => RuleFor(b => b.Name!).AnyName());

            // A Service's name is a DNS-1035 label; no Service could match anything else.
            RuleFor(b => b.Name!).ServiceName()
                .When(b => b.Name is { Length: > 0 } && GatewayApiRules.Characters(b.Name) <= 253 && GatewayApi.IsService(b));
            RuleFor(b => b.Group!).Group().When(b => b.Group is not null);
            RuleFor(b => b.Kind!).Kind().When(b => b.Kind is not null);
            RuleFor(b => b.Namespace!).NamespaceName().When(b => b.Namespace is not null);
            RuleFor(b => b.Port).Port();

            // Gateway API CEL: "Must have port for Service reference" (upstream OpenMCF misses it).
            RuleFor(b => b.Port).NotNull().When(GatewayApi.IsService)
                .WithMessage("required for a Service backend: the Service port to send traffic to");
            RuleFor(b => b.Weight).InclusiveBetween(0, MaxWeight).When(b => b.Weight is not null)
                .WithMessage(b => $"must be between 0 and {MaxWeight} (found {b.Weight})");
        }
    }
}

/// <summary>
/// Gateway API CEL rules for several parentRefs that point at the same parent (same group, kind,
/// name and namespace after defaulting, an unset namespace differing from a set one, as CEL
/// compares them). Experimental channel: all of them set the same fields (sectionName, port, or
/// both) and no two have the same sectionName and port. Standard channel (v1 here): no two have
/// the same sectionName, so ports alone do not tell them apart.
/// </summary>
internal static class ParentRefRules
{
    public static void Check(TcpRouteSpec spec, ValidationContext<TcpRouteSpec> context, bool v1)
    {
        var refs = spec.ParentRefs!;
        foreach (var group in Enumerable.Range(0, refs.Count).GroupBy(i => ParentKey(refs[i])).Where(g => g.Count() > 1))
        {
            var indexes = group.ToList();
            var first = refs[indexes[0]];
            var seen = new Dictionary<(string?, long?), int>();
            foreach (var i in indexes)
            {
                var p = refs[i];
                var section = string.IsNullOrEmpty(p.SectionName) ? null : p.SectionName;
                var port = p.Port is null or 0 ? null : p.Port;
                if (section is null && port is null)
                {
                    // v1 tells refs to one parent apart by sectionName only (standard channel): a port would not do.
                    var needed = v1 ? "sectionName must be set" : "sectionName or port must be set";
                    context.AddFailure(Failure(i, $"{needed}: {indexes.Count} parentRefs point at the same parent {Describe(p)}"));
                    continue;
                }

                if (i != indexes[0] && (Set(first.SectionName) != (section is not null) || (Set(first.Port) != (port is not null) && !v1)))
                {
                    context.AddFailure(Failure(
                        i,
                        $"sets {Shape(p)} but spec.parentRefs[{indexes[0]}] sets {Shape(first)}: "
                            + $"parentRefs to the same parent {Describe(p)} must all set the same fields (sectionName, port, or both)"));
                    continue;
                }

                if (i != indexes[0] && v1 && Set(first.Port) != (port is not null))
                {
                    context.AddFailure(Failure(
                        i,
                        $"sets {Shape(p)} but spec.parentRefs[{indexes[0]}] sets {Shape(first)}: "
                            + $"parentRefs to the same parent {Describe(p)} must all set the same fields (sectionName, port, or both)",
                        StricterRules.V1Portable));
                    continue;
                }

                if (seen.TryGetValue((section, port), out var twin))
                {
                    context.AddFailure(Failure(
                        i,
                        $"duplicates spec.parentRefs[{twin}]: parentRefs to the same parent {Describe(p)} need distinct sectionName/port"));
                    continue;
                }

                seen[(section, port)] = i;
                if (v1 && seen.Keys.Any(k => k.Item1 == section && k.Item2 != port))
                {
                    var other = seen.First(k => k.Key.Item1 == section && k.Key.Item2 != port).Value;
                    var same = section is null
                        ? $"sets no sectionName, like spec.parentRefs[{other}]"
                        : $"has the same sectionName as spec.parentRefs[{other}]";
                    context.AddFailure(Failure(
                        i,
                        $"{same}: in TCPRoute v1 on the Gateway API standard channel, "
                            + $"parentRefs to the same parent {Describe(p)} must each set a distinct sectionName",
                        StricterRules.V1Portable));
                }
            }
        }
    }

    private static ValidationFailure Failure(int index, string message, string? rule = null) =>
        new($"Spec.ParentRefs[{index}]", message) { ErrorCode = rule };

    private static bool Set(string? section) => !string.IsNullOrEmpty(section);

    private static bool Set(long? port) => port is not null and not 0;

    private static string Shape(ParentReference p) => (Set(p.SectionName), Set(p.Port)) switch
    {
        (true, true) => "sectionName and port",
        (true, false) => "sectionName only",
        (false, true) => "port only",
        _ => "neither sectionName nor port",
    };

    // An empty namespace means the route's own namespace, so it is kept as "" and compared as such.
    private static (string Group, string Kind, string Name, string Namespace) ParentKey(ParentReference p) =>
        (GatewayApi.GroupOf(p), GatewayApi.KindOf(p), p.Name ?? string.Empty, p.Namespace ?? string.Empty);

    private static string Describe(ParentReference p) =>
        $"{GatewayApi.KindOf(p)} {(string.IsNullOrEmpty(p.Namespace) ? string.Empty : p.Namespace + "/")}{p.Name}";
}
