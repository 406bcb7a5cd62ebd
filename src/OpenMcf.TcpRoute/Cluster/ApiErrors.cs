using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Autorest;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>What was being done when a request failed, so the error sentence can name it.</summary>
/// <param name="Verb">
/// The Kubernetes verb: get, patch, delete, list; create for an apply that creates the object.
/// </param>
public sealed record RequestContext(string Verb, string Resource, string? Namespace, string? Name);

/// <summary>Turns whatever the client threw into one <see cref="ClusterError"/> sentence that says what to do.</summary>
public static partial class ApiErrors
{
    public static ClusterError Translate(Exception exception, ClusterConnection connection, RequestContext request)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        return exception switch
        {
            ClusterException c => c.Error,
            HttpOperationException h => FromStatus(h, connection, request),
            // Raw requests (watch streams) report a refusal as a status code, not a Status body.
            HttpRequestException { StatusCode: HttpStatusCode.Forbidden } => Forbidden(null, connection, request),
            HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } => Unauthorized(connection),
            HttpRequestException r => FromTransport(r, connection),
            TaskCanceledException or TimeoutException or OperationCanceledException => new ClusterError(
                ClusterErrorKind.Timeout,
                $"the API server at {connection.Server} did not answer within {Seconds(connection.RequestTimeout)}; "
                    + "check that the cluster is healthy, or raise --request-timeout"),
            AuthenticationException a => new ClusterError(ClusterErrorKind.Tls, TlsMessage(a, connection)),
            k8s.Exceptions.KubeConfigException k => new ClusterError(
                ClusterErrorKind.BadKubeconfig,
                $"the kubeconfig for context \"{connection.Context}\" cannot be used: {Condensed(k.Message)}"),
            _ => new ClusterError(
                ClusterErrorKind.Other,
                $"{request.Verb} {request.Resource} failed: {exception.GetType().Name}: {FirstLine(exception.Message)}"),
        };
    }

    private static ClusterError FromStatus(HttpOperationException e, ClusterConnection connection, RequestContext request)
    {
        var code = (int)e.Response.StatusCode;
        var status = ParseStatus(e.Response.Content);
        var where = request.Namespace is null ? string.Empty : $" in namespace \"{request.Namespace}\"";
        var target = request.Name is null ? request.Resource : $"{request.Resource} \"{request.Name}\"";
        switch (e.Response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                return Unauthorized(connection);
            case HttpStatusCode.Forbidden:
                return Forbidden(status.Message, connection, request);
            case HttpStatusCode.NotFound when status.DetailsKind == "namespaces":
                return new ClusterError(
                    ClusterErrorKind.NamespaceNotFound,
                    $"namespace \"{status.DetailsName ?? request.Namespace}\" does not exist; "
                        + $"create it first (kubectl create namespace {status.DetailsName ?? request.Namespace}) or fix spec.namespace");
            case HttpStatusCode.NotFound:
                return new ClusterError(
                    ClusterErrorKind.CrdMissing,
                    $"the cluster does not serve {request.Resource}; install the Gateway API experimental-channel CRDs "
                        + "(TCPRoute is only in the experimental channel before v1.6)");
            case HttpStatusCode.Conflict
                when status.Causes.Count > 0 || (status.Message?.Contains("conflict", StringComparison.OrdinalIgnoreCase) ?? false):
                return ConflictError(target, status);
            case HttpStatusCode.UnprocessableEntity:
                var causes = status.Causes.Count > 0
                    ? string.Join("; ", status.Causes.Select(c => $"{c.Field}: {Plain(c.Message)}"))
                    : status.Message;
                return new ClusterError(
                    ClusterErrorKind.Rejected,
                    $"the API server rejected {target}: {causes}; the cluster's TCPRoute schema refused what openmcf validated "
                        + "(older or edited CRDs, or a rule openmcf does not check), so change the route to fit it")
                {
                    Causes = status.Causes,
                };
            case HttpStatusCode.InternalServerError or HttpStatusCode.BadRequest when UnknownField(status.Message) is var (field, said):
                // Server-side apply reports a field the CRD lacks as 500 "field not declared in schema"; a
                // strict create as 400 "unknown field". Both mean the cluster's CRDs are older or of another channel.
                return new ClusterError(
                    ClusterErrorKind.Rejected,
                    $"the cluster's TCPRoute schema has no field {field} ({code}: {said}), "
                        + $"so {target} cannot be applied as written; "
                        + "remove the field, or install Gateway API CRDs that have it (the experimental channel)")
                {
                    Causes = [new FieldCause(field, said)],
                };
            default:
                return new ClusterError(
                    ClusterErrorKind.Other,
                    $"{request.Verb} {target}{where} failed: {code} {e.Response.ReasonPhrase}"
                        + $"{(status.Message is null ? string.Empty : ": " + status.Message)}");
        }
    }

    /// <summary>
    /// The field a strict server refused as unknown: ".spec.bogus: field not declared in schema" or unknown field "spec.bogus".
    /// </summary>
    /// <returns>The field and the server's own words for it, or null.</returns>
    private static (string Field, string Said)? UnknownField(string? message)
    {
        var match = message is null ? null : UnknownFieldPattern().Match(message);
        if (match is not { Success: true })
        {
            return null;
        }

        return match.Groups["ssa"].Success
            ? (match.Groups["ssa"].Value.TrimStart('.'), "field not declared in schema")
            : (match.Groups["strict"].Value, "unknown field");
    }

    [GeneratedRegex(@"(?<ssa>\.?[A-Za-z0-9_.\[\]]+): field not declared in schema|unknown field ""(?<strict>[^""]+)""")]
    private static partial Regex UnknownFieldPattern();

    // CEL and schema causes read: Invalid value: "object": Must have port for Service reference.
    private static string Plain(string message) => CauseValuePrefix().Replace(message, string.Empty);

    [GeneratedRegex(@"^Invalid value: ""(object|array|string|integer)"": ")]
    private static partial Regex CauseValuePrefix();

    private static ClusterError Unauthorized(ClusterConnection connection) => new(
        ClusterErrorKind.Unauthorized,
        connection.Context == Kubeconfig.InClusterContext
            ? $"the API server at {connection.Server} did not accept the pod's service account token: 401 Unauthorized; "
                + "check that the service account still exists and that its token is mounted"
            : $"the API server at {connection.Server} did not accept the credentials of user \"{connection.User}\" "
                + $"(context \"{connection.Context}\"): 401 Unauthorized; renew the token or certificate in the kubeconfig");

    /// <summary>
    /// RBAC denials read: User "u" cannot get resource "tcproutes" in API group "g" in the namespace "n".
    /// The sentence names the user, verb, resource and namespace the server named, falling back to what we asked.
    /// </summary>
    private static ClusterError Forbidden(string? message, ClusterConnection connection, RequestContext request)
    {
        var match = message is null ? null : ForbiddenPattern().Match(message);
        string user = connection.User, verb = request.Verb, resource = request.Resource;
        var ns = request.Namespace;
        var matched = match is { Success: true };
        if (matched)
        {
            user = match!.Groups["user"].Value;
            verb = match.Groups["verb"].Value;
            resource = match.Groups["group"].Value.Length == 0
                ? match.Groups["resource"].Value
                : $"{match.Groups["resource"].Value}.{match.Groups["group"].Value}";
            ns = match.Groups["ns"].Success ? match.Groups["ns"].Value : null;
        }

        // A server-side apply of a new object needs create as well as patch, and the server may name
        // either or neither: name both, so that one grant fixes it.
        if (request.Verb == "create" && (!matched || verb == "patch"))
        {
            verb = "create and patch";
        }

        var where = ns is null ? " at cluster scope" : $" in namespace \"{ns}\"";
        return new ClusterError(
            ClusterErrorKind.Forbidden,
            $"user \"{user}\" may not {verb} {resource}{where} (403 Forbidden); "
                + "ask a cluster admin to grant it, for example with the Role in samples/rbac/openmcf-role.yaml");
    }

    [GeneratedRegex(
        "User \"(?<user>[^\"]*)\" cannot (?<verb>[a-z]+) resource \"(?<resource>[^\"]*)\" in API group \"(?<group>[^\"]*)\""
            + "( in the namespace \"(?<ns>[^\"]*)\")?")]
    private static partial Regex ForbiddenPattern();

    /// <summary>Server-side apply conflicts: which fields, and which manager owns each.</summary>
    private static ClusterError ConflictError(string target, StatusBody status)
    {
        var owned = status.Causes
            .Select(c => (Field: c.Field.Length > 0 ? c.Field : "?", Owner: OwnerOf(c.Message)))
            .Select(c => $"{c.Field} (owned by \"{c.Owner}\")")
            .ToList();
        var fields = owned.Count > 0 ? string.Join(", ", owned) : status.Message ?? "unknown fields";
        return new ClusterError(
            ClusterErrorKind.Conflict,
            $"{target}: {(owned.Count == 1 ? "a field is" : $"{owned.Count} fields are")} managed by another field manager: {fields}; "
                + "re-run with --force-conflicts to take them over")
        {
            Causes = status.Causes,
        };
    }

    // Cause messages read: conflict with "kubectl" using gateway.networking.k8s.io/v1
    private static string OwnerOf(string message)
    {
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start >= 0 ? message.IndexOf('"', start + 1) : -1;
        return start >= 0 && end > start ? message[(start + 1)..end] : message;
    }

    private static ClusterError FromTransport(HttpRequestException e, ClusterConnection connection)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationException a:
                    return new ClusterError(ClusterErrorKind.Tls, TlsMessage(a, connection));
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return new ClusterError(
                        ClusterErrorKind.Unreachable,
                        $"cannot reach the API server at {connection.Server}: connection refused; "
                            + $"is the cluster running, and is context \"{connection.Context}\" the right one?");
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return new ClusterError(
                        ClusterErrorKind.Unreachable,
                        $"the API server at {connection.Server} reset the connection, also on {RetryHandler.MaxAttempts - 1} retries; "
                            + $"check the network or proxy between here and the server, and context \"{connection.Context}\"");
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return new ClusterError(
                        ClusterErrorKind.Unreachable,
                        $"cannot resolve the API server host of {connection.Server}; "
                            + $"check the server address of context \"{connection.Context}\" and your DNS");
                case SocketException s:
                    return new ClusterError(
                        ClusterErrorKind.Unreachable,
                        $"cannot reach the API server at {connection.Server}: {s.SocketErrorCode}; "
                            + $"check the network and context \"{connection.Context}\"");
            }
        }

        return new ClusterError(
            ClusterErrorKind.Unreachable,
            $"cannot talk to the API server at {connection.Server}: {FirstLine(e.Message)}; "
                + $"check the network and context \"{connection.Context}\"");
    }

    private static string TlsMessage(AuthenticationException e, ClusterConnection connection) =>
        connection.CertificateRefusal is { } refusal
            ? $"the TLS connection to {connection.Server} was refused: the server {refusal}; "
                + $"check the server address and certificate-authority of context \"{connection.Context}\" in the kubeconfig"
            : $"the TLS connection to {connection.Server} failed ({FirstLine(e.Message)}); "
                + "check certificate-authority of the cluster in the kubeconfig (the server's certificate must match its address)";

    private static string Seconds(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#} s" : $"{t.TotalMilliseconds:0} ms";

    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();

    // The client's exec-plugin errors span lines: the plugin's stderr, sometimes a whole exception
    // with its stack. One line of the meaningful part, without the stack, bounded in length.
    internal static string Condensed(string message)
    {
        var lines = message.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("at ", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal));
        var text = string.Join(" ", lines);
        return text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "...");
    }

    private sealed record StatusBody(string? Message, string? DetailsKind, string? DetailsName, IReadOnlyList<FieldCause> Causes);

    private static StatusBody ParseStatus(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return new StatusBody(null, null, null, []);
        }

        try
        {
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            string? kind = null, name = null;
            var causes = new List<FieldCause>();
            if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object)
            {
                kind = details.TryGetProperty("kind", out var k) ? k.GetString() : null;
                name = details.TryGetProperty("name", out var n) ? n.GetString() : null;
                if (details.TryGetProperty("causes", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var cause in list.EnumerateArray())
                    {
                        var field = cause.TryGetProperty("field", out var f) ? f.GetString() ?? string.Empty : string.Empty;
                        var text = cause.TryGetProperty("message", out var t) ? t.GetString() ?? string.Empty : string.Empty;
                        causes.Add(new FieldCause(field, text));
                    }
                }
            }

            return new StatusBody(message, kind, name, causes);
        }
        catch (JsonException)
        {
            return new StatusBody(FirstLine(content), null, null, []);
        }
    }
}
