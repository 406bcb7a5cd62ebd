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

    public TcpRouteValidator()
    {
        RuleFor(m => m.Metadata).NotNull().WithMessage("required: metadata with a name");
        RuleFor(m => m.Metadata!).SetValidator(new MetadataValidator()).When(m => m.Metadata is not null);
        RuleFor(m => m.Spec).NotNull().WithMessage("required: spec with namespace and rules");
        RuleFor(m => m.Spec!).SetValidator(new SpecValidator()).When(m => m.Spec is not null);
    }

    private sealed class MetadataValidator : AbstractValidator<ManifestMetadata>
    {
        public MetadataValidator()
        {
            RuleFor(m => m.Name).NotEmpty().WithMessage("required: the name of the TCPRoute")
                .DependentRules(() => RuleFor(m => m.Name!).ObjectName());
            RuleFor(m => m.Labels).Must(l => !l.TryGetValue(ManifestMetadata.ContextLabel, out var context) || context.Length > 0)
                .WithMessage($"label {ManifestMetadata.ContextLabel} must name a kube context, not be empty");
        }
    }

    private sealed class SpecValidator : AbstractValidator<TcpRouteSpec>
    {
        public SpecValidator()
        {
            RuleFor(s => s.Namespace).NotNull().WithMessage("required: set namespace.value (or namespace.valueFrom)");
            RuleFor(s => s.Namespace!).SetValidator(new NamespaceValidator()).When(s => s.Namespace is not null);

            RuleFor(s => s.ParentRefs).Must(p => p is null || p.Count <= MaxParentRefs)
                .WithMessage(s => $"at most {MaxParentRefs} parentRefs are allowed (found {s.ParentRefs!.Count})");
            RuleForEach(s => s.ParentRefs).SetValidator(new ParentReferenceValidator());
            RuleFor(s => s).Custom(ParentRefRules.Check).When(s => s.ParentRefs is { Count: > 1 });

            RuleFor(s => s.UseDefaultGateways).Must(u => u is null or "All" or "None")
                .WithMessage(s => $"must be All or None (found \"{s.UseDefaultGateways}\")");

            RuleFor(s => s.Rules).NotNull().WithMessage($"required: 1 to {MaxRules} rules");
            RuleFor(s => s.Rules).Must(r => r!.Count is >= 1 and <= MaxRules).When(s => s.Rules is not null)
                .WithMessage(s => $"must have 1 to {MaxRules} rules (found {s.Rules!.Count})");
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
                    context.AddFailure(new ValidationFailure($"Spec.Rules[{i}].Name", $"rule name \"{name}\" is already used by spec.rules[{first}]; rule names must be unique within the route"));
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
                .DependentRules(() => RuleFor(p => p.Name!).MaximumLength(253).WithMessage(LengthMessage(1, 253)));

            // A Gateway is a Kubernetes object: its name is a DNS subdomain, whatever the route schema allows.
            RuleFor(p => p.Name!).ObjectName().When(p => p.Name is { Length: > 0 and <= 253 } && (p.Group ?? "gateway.networking.k8s.io") == "gateway.networking.k8s.io" && (p.Kind ?? "Gateway") == "Gateway");
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
                .DependentRules(() => RuleFor(b => b.Name!).MaximumLength(253).WithMessage(LengthMessage(1, 253)));

            // A Service's name is a DNS-1035 label; no Service could match anything else.
            RuleFor(b => b.Name!).ServiceName().When(b => b.Name is { Length: > 0 and <= 253 } && (b.Group ?? string.Empty).Length == 0 && (b.Kind ?? "Service") == "Service");
            RuleFor(b => b.Group!).Group().When(b => b.Group is not null);
            RuleFor(b => b.Kind!).Kind().When(b => b.Kind is not null);
            RuleFor(b => b.Namespace!).NamespaceName().When(b => b.Namespace is not null);
            RuleFor(b => b.Port).Port();

            // Gateway API CEL: "Must have port for Service reference" (upstream OpenMCF misses it).
            RuleFor(b => b.Port).NotNull().When(b => (b.Group ?? string.Empty).Length == 0 && (b.Kind ?? "Service") == "Service")
                .WithMessage("required for a Service backend: the Service port to send traffic to");
            RuleFor(b => b.Weight).InclusiveBetween(0, MaxWeight).When(b => b.Weight is not null)
                .WithMessage(b => $"must be between 0 and {MaxWeight} (found {b.Weight})");
        }
    }

    internal static string LengthMessage(int min, int max) => $"must be {min} to {max} characters long";
}

/// <summary>Gateway API CEL rules for several parentRefs that point at the same parent.</summary>
internal static class ParentRefRules
{
    public static void Check(TcpRouteSpec spec, ValidationContext<TcpRouteSpec> context)
    {
        var refs = spec.ParentRefs!;
        var groups = Enumerable.Range(0, refs.Count).GroupBy(i => ParentKey(refs[i]));
        foreach (var group in groups)
        {
            var indexes = group.ToList();
            if (indexes.Count < 2)
            {
                continue;
            }

            var seen = new Dictionary<(string?, long?), int>();
            foreach (var i in indexes)
            {
                var p = refs[i];
                if (string.IsNullOrEmpty(p.SectionName) && p.Port is null or 0)
                {
                    context.AddFailure(new ValidationFailure($"Spec.ParentRefs[{i}]", $"sectionName or port must be set: {indexes.Count} parentRefs point at the same parent {Describe(p)}"));
                    continue;
                }

                var key = (string.IsNullOrEmpty(p.SectionName) ? null : p.SectionName, p.Port);
                if (seen.TryGetValue(key, out var first))
                {
                    context.AddFailure(new ValidationFailure($"Spec.ParentRefs[{i}]", $"duplicates spec.parentRefs[{first}]: parentRefs to the same parent {Describe(p)} need distinct sectionName/port"));
                }
                else
                {
                    seen[key] = i;
                }
            }
        }
    }

    // An empty namespace means the route's own namespace, so it is kept as "" and compared as such.
    private static (string Group, string Kind, string Name, string Namespace) ParentKey(ParentReference p) =>
        (p.Group ?? "gateway.networking.k8s.io", p.Kind ?? "Gateway", p.Name ?? string.Empty, p.Namespace ?? string.Empty);

    private static string Describe(ParentReference p) => $"{p.Kind ?? "Gateway"} {(string.IsNullOrEmpty(p.Namespace) ? string.Empty : p.Namespace + "/")}{p.Name}";
}
