namespace OpenMcf.TcpRoute.Mapping;

/// <summary>Maps a field of the TCPRoute (as the API server names it) back to the manifest field it came from.</summary>
public static class RouteFieldPaths
{
    public static string ToManifestPath(string routeField)
    {
        ArgumentNullException.ThrowIfNull(routeField);
        var path = routeField.TrimStart('.');
        return path switch
        {
            "metadata.namespace" => "spec.namespace.value",
            _ => path,
        };
    }
}
