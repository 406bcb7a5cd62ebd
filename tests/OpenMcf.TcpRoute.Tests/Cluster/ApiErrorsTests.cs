using System.Net;
using k8s.Autorest;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>Answers only a current API server gives, turned into sentences (no request is made: the answers are built here).</summary>
public sealed class ApiErrorsTests : IDisposable
{
    private readonly KubeconfigFolder _folder = new();

    private ClusterConnection Connection()
    {
        var path = _folder.Write("config", KubeconfigFolder.Config("prod", "prod"));
        var loaded = Kubeconfig.Load(_folder.Sources(explicitPath: path), null);
        return ClusterConnection.FromKubeconfig(loaded.Kubeconfig!, new ConnectionSettings(path, null, TimeSpan.FromSeconds(5)));
    }

    private static HttpOperationException Answer(HttpStatusCode code, string body) => new()
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), body),
    };

    private static readonly RequestContext Patch = new("patch", "tcproutes.gateway.networking.k8s.io", "app-ns", "db");

    [Fact]
    public void A_field_the_schema_lacks_via_server_side_apply_is_a_sentence_with_the_field()
    {
        using var connection = Connection();
        var body = """
            {"kind":"Status","status":"Failure","code":500,"message":"failed to create typed patch object
             (app-ns/db; gateway.networking.k8s.io/v1alpha2, Kind=TCPRoute): .spec.useDefaultGateways: field not declared in schema"}
            """.Replace("\n", string.Empty, StringComparison.Ordinal);
        var error = ApiErrors.Translate(Answer(HttpStatusCode.InternalServerError, body), connection, Patch);

        Assert.Equal(ClusterErrorKind.Rejected, error.Kind);
        Assert.StartsWith(
            "the cluster's TCPRoute schema has no field spec.useDefaultGateways (500: field not declared in schema)",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal("spec.useDefaultGateways", Assert.Single(error.Causes).Field);
    }

    [Fact]
    public void A_strict_decoding_error_names_the_field_too()
    {
        using var connection = Connection();
        var body = """{"kind":"Status","code":400,"message":"strict decoding error: unknown field \"spec.bogusField\""}""";
        var error = ApiErrors.Translate(Answer(HttpStatusCode.BadRequest, body), connection, Patch);
        Assert.Contains("has no field spec.bogusField (400: unknown field)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CEL_refusal_reads_without_the_value_type_prefix()
    {
        using var connection = Connection();
        var body = """
            {"kind":"Status","code":422,"message":"TCPRoute.gateway.networking.k8s.io \"db\" is invalid",
             "details":{"causes":[{"field":"spec.rules[0].backendRefs[0]",
             "message":"Invalid value: \"object\": Must have port for Service reference"}]}}
            """.Replace("\n", string.Empty, StringComparison.Ordinal);
        var error = ApiErrors.Translate(Answer(HttpStatusCode.UnprocessableEntity, body), connection, Patch);

        Assert.Equal(ClusterErrorKind.Rejected, error.Kind);
        Assert.Contains("spec.rules[0].backendRefs[0]: Must have port for Service reference;", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Invalid value: \"object\"", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
