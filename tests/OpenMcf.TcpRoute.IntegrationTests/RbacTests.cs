using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Tests.Cli;
using OpenMcf.TcpRoute.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>
/// The Role in samples/rbac/openmcf-role.yaml, bound to a service account that has nothing else,
/// is enough for every command openmcf has; and each of its verbs is needed by one of them.
/// </summary>
public class RbacTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    /// <summary>The sample Role and RoleBinding, moved to this test's namespace and bound to the service account.</summary>
    private Task<string> KubeconfigForSampleRole(Func<string, bool> keepVerb, string account = "deployer") =>
        KubeconfigForSampleRole((_, verb) => keepVerb(verb), account);

    /// <param name="keepVerb">Whether to keep a verb (the second argument) of the rule on a resource (the first).</param>
    private async Task<string> KubeconfigForSampleRole(Func<string, string, bool> keepVerb, string account = "deployer")
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(await File.ReadAllTextAsync(TestPaths.Sample("rbac/openmcf-role.yaml"), Token)));
        var documents = stream.Documents.Select(d => new YamlStream(d)).Select(s =>
        {
            using var text = new StringWriter();
            s.Save(text, assignAnchors: false);
            return YamlJson.ToJson(text.ToString().Replace("\n...", string.Empty, StringComparison.Ordinal))!.AsObject();
        }).ToList();
        var role = KubernetesJson.Deserialize<V1Role>(documents.Single(d => (string?)d["kind"] == "Role").ToJsonString());
        var binding = KubernetesJson.Deserialize<V1RoleBinding>(documents.Single(d => (string?)d["kind"] == "RoleBinding").ToJsonString());
        role.Metadata.NamespaceProperty = Namespace;
        role.Metadata.Name += $"-{account}";
        foreach (var rule in role.Rules)
        {
            rule.Verbs = [.. rule.Verbs.Where(v => keepVerb(rule.Resources[0], v))];
        }

        role.Rules = [.. role.Rules.Where(r => r.Verbs.Count > 0)];

        binding.Metadata.NamespaceProperty = Namespace;
        binding.Metadata.Name += $"-{account}";
        binding.RoleRef.Name = role.Metadata.Name;
        binding.Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = account, NamespaceProperty = Namespace }];

        await Admin.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = account } }, Namespace, cancellationToken: Token);
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, Namespace, cancellationToken: Token);
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, Namespace, cancellationToken: Token);
        var token = await Admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600, Audiences = [] } },
            account,
            Namespace,
            cancellationToken: Token);

        // RBAC is read from the API server's cache: wait until it grants what the Role grants.
        var granted = role.Rules.SelectMany(r => r.Verbs).First();
        await Eventually.TrueAsync(
            async () => (await Admin.AuthorizationV1.CreateSubjectAccessReviewAsync(
                new V1SubjectAccessReview
                {
                    Spec = new V1SubjectAccessReviewSpec
                    {
                        User = $"system:serviceaccount:{Namespace}:{account}",
                        ResourceAttributes = new V1ResourceAttributes
                        {
                            Group = GatewayApiCrds.Group,
                            Resource = "tcproutes",
                            Verb = granted,
                            NamespaceProperty = Namespace,
                        },
                    },
                },
                cancellationToken: Token)).Status.Allowed,
            TimeSpan.FromSeconds(20),
            "the RoleBinding to take effect",
            Token);
        return UserKubeconfig.Write(Cluster.Kubeconfig, $"token: {token.Status.Token}");
    }

    private string Routes(params string[] names) => Manifest(string.Join("\n---\n", names.Select(n => File.ReadAllText(Route(n)))));

    [Fact]
    public async Task The_sample_role_is_enough_for_every_command()
    {
        var kubeconfig = await KubeconfigForSampleRole(_ => true);
        string[] As(params string[] args) => [.. args, "--kubeconfig", kubeconfig];

        // Preflight may not read Gateways, Services or the namespace: warnings, not failures.
        var apply = (await Openmcf(As("apply", "-f", Route("db")))).Exits(0);
        Assert.Contains("created", apply.Stdout, StringComparison.Ordinal);
        // "403 Forbidden", not a bare 403: temporary file names are random hex and may hold "403".
        Assert.DoesNotContain("403 Forbidden", apply.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", apply.Stderr, StringComparison.Ordinal);
        (await Openmcf(As("apply", "-f", Route("db")))).Exits(0);
        (await Openmcf(As("apply", "-f", Route("db"), "--dry-run=server"))).Exits(0);
        (await Openmcf(As("plan", "-f", Route("db")))).Exits(0);
        (await Openmcf(As("check", "-f", Route("db")))).Exits(0);

        // Several routes in one namespace are read with one LIST.
        var bulk = (await Openmcf(As("apply", "-f", Routes("bulk-a", "bulk-b", "bulk-c")))).Exits(0);
        Assert.Contains("3 routes: 3 created", bulk.Stdout, StringComparison.Ordinal);

        // --wait may watch: with no controller here it times out (exit 5), it is not refused.
        var wait = (await Openmcf(As("apply", "-f", Route("db"), "--wait", "--timeout", "2s"))).Exits(5);
        Assert.Contains("timed out", wait.Stdout + wait.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("may not", wait.Stderr, StringComparison.Ordinal);

        (await Openmcf(As("destroy", "-f", Route("db")))).Exits(0);
        Assert.Null(await LiveRoute("db"));

        // A set: its parent Secret made, read and patched; members listed and pruned; then all destroyed.
        string[] Set(params string[] args) => As([.. args, "--applyset", "routes", "--applyset-namespace", Namespace]);
        (await Openmcf(Set("apply", "-f", Routes("set-a", "set-b"), "--prune"))).Exits(0);
        var pruned = (await Openmcf(Set("apply", "-f", Routes("set-a"), "--prune"))).Exits(0);
        Assert.Contains("1 pruned", pruned.Stdout, StringComparison.Ordinal);
        (await Openmcf(Set("plan", "-f", Routes("set-a"), "--prune"))).Exits(0);
        (await Openmcf(Set("destroy"))).Exits(0);
        Assert.Null(await LiveRoute("set-a"));
    }

    [Theory]
    [InlineData("tcproutes", "list", "prune", "list tcproutes.gateway.networking.k8s.io")]
    [InlineData("tcproutes", "delete", "prune", "delete tcproutes.gateway.networking.k8s.io")]
    [InlineData("secrets", "get", "first", "get secrets")]
    [InlineData("secrets", "create", "first", "create secrets")]
    [InlineData("secrets", "patch", "prune", "patch secrets")]
    [InlineData("secrets", "delete", "destroy", "delete secrets")]
    public async Task Each_verb_a_set_needs_is_named_when_it_is_missing(string resource, string verb, string step, string refusal)
    {
        var kubeconfig = await KubeconfigForSampleRole((r, v) => r != resource || v != verb, $"no-{resource}-{verb}");
        string[] Set(params string[] args) => [.. args, "--applyset", "routes", "--applyset-namespace", Namespace];
        if (step != "first")
        {
            (await Openmcf(Set("apply", "-f", Routes("set-a", "set-b"), "--prune"))).Exits(0);
        }

        string[] args = step switch
        {
            "destroy" => Set("destroy"),
            _ => Set("apply", "-f", Routes("set-a"), "--prune"),
        };
        var run = await Openmcf([.. args, "--kubeconfig", kubeconfig]);

        Assert.True(
            run.ExitCode == 3 && run.Stderr.Contains($"may not {refusal}", StringComparison.Ordinal),
            $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        if (step == "prune")
        {
            // The declared route is never lost to a refusal; the undeclared one stays when its deletion is refused.
            Assert.NotNull(await LiveRoute("set-a"));
            Assert.NotNull(await LiveRoute("set-b"));
        }
    }

    [Theory]
    [InlineData("get", "apply", "may not get")]
    // Kubernetes 1.20 names patch for a server-side apply that creates, 1.36 names create: either way the
    // sentence names create, the verb the Role lacks.
    [InlineData("create", "apply", "may not create( and patch)?")]
    [InlineData("patch", "apply-existing", "may not patch")]
    [InlineData("watch", "apply-wait", "may not watch")]
    [InlineData("delete", "destroy", "may not delete")]
    public async Task Each_verb_of_the_sample_role_is_needed(string verb, string command, string refusal)
    {
        var kubeconfig = await KubeconfigForSampleRole(v => v != verb);
        if (command is "apply-existing" or "destroy")
        {
            (await Openmcf("apply", "-f", Route("db"))).Exits(0);
        }

        string[] args = command switch
        {
            "apply" => ["apply", "-f", Route("db")],

            // Changed: an unchanged route is not sent at all, and needs no patch.
            "apply-existing" => ["apply", "-f", Route("db", DefaultRules.Replace("5432", "5433", StringComparison.Ordinal))],
            "apply-wait" => ["apply", "-f", Route("db"), "--wait", "--timeout", "5s"],
            _ => ["destroy", "-f", Route("db")],
        };

        var run = await Openmcf([.. args, "--kubeconfig", kubeconfig]);

        Assert.True(
            run.ExitCode != 0
                && System.Text.RegularExpressions.Regex.IsMatch(run.Stderr, $@"{refusal} tcproutes\.gateway\.networking\.k8s\.io"),
            $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
    }

    [Fact]
    public async Task List_is_not_required_but_saves_a_read_per_route_in_a_bulk_apply()
    {
        var withList = await KubeconfigForSampleRole(_ => true, "with-list");
        var withoutList = await KubeconfigForSampleRole(v => v != "list", "without-list");
        static int RouteReads(CliRun run) => run.Stderr.Split('\n').Count(l =>
            l.StartsWith("verbose: GET ", StringComparison.Ordinal) && l.Contains("/tcproutes/bulk-", StringComparison.Ordinal));

        var listed = (await Openmcf("apply", "-f", Routes("bulk-a", "bulk-b", "bulk-c"), "--verbose", "--kubeconfig", withList)).Exits(0);
        var read = (await Openmcf("apply", "-f", Routes("bulk-a", "bulk-b", "bulk-c"), "--verbose", "--kubeconfig", withoutList)).Exits(0);

        Assert.Equal(0, RouteReads(listed));
        Assert.Equal(3, RouteReads(read));
    }
}
