using k8s;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>A kubeconfig for the fixture's cluster (its server and CA) with a user written by the test.</summary>
internal static class UserKubeconfig
{
    /// <param name="user">The YAML of users[0].user, unindented.</param>
    /// <param name="server">Another server address, for failure cases.</param>
    public static string Write(string fixtureKubeconfig, string user, string? server = null)
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(fixtureKubeconfig);
        var context = config.Contexts.First(c => c.Name == config.CurrentContext);
        var endpoint = config.Clusters.First(c => c.Name == context.ContextDetails.Cluster).ClusterEndpoint;
        var trust = endpoint.CertificateAuthorityData is { Length: > 0 } data
            ? $"certificate-authority-data: {data}"
            : "certificate-authority: "
                + Path.Combine(Path.GetDirectoryName(Path.GetFullPath(fixtureKubeconfig))!, endpoint.CertificateAuthority!);
        var indented = string.Join('\n', user.Trim('\n').Split('\n').Select(l => "    " + l));
        var path = Path.Combine(Path.GetTempPath(), $"openmcf-it-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server ?? endpoint.Server}
                {trust}
            users:
            - name: test-user
              user:
            {indented}
            contexts:
            - name: test
              context:
                cluster: test
                user: test-user
            current-context: test

            """);
        return path;
    }

    /// <summary>An exec credential plugin: a shell script with the given body, made executable.</summary>
    public static string Plugin(string body)
    {
        var path = Path.Combine(Path.GetTempPath(), $"openmcf-it-plugin-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>The bearer token of the fixture kubeconfig's current user, or null when it authenticates otherwise.</summary>
    public static string? AdminToken(string fixtureKubeconfig)
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(fixtureKubeconfig);
        var context = config.Contexts.First(c => c.Name == config.CurrentContext);
        return config.Users.First(u => u.Name == context.ContextDetails.User).UserCredentials?.Token;
    }
}
