using System.Globalization;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Which run holds a set while it applies and prunes: one at a time, so that one run never prunes
/// a route another run has just declared. Written on the parent with the set's own update, which
/// the API server makes conditional on the resourceVersion read (two runs cannot both take it).
/// A run that dies holding it blocks the set until it expires.
/// </summary>
/// <param name="Run">A fresh id per run.</param>
/// <param name="Holder">host/pid, for the message another run prints.</param>
public sealed record SetLease(string Run, string Holder, DateTimeOffset Expires)
{
    /// <summary>
    /// How long a lease lasts: far longer than a run takes (10,000 routes apply in about 15 s here),
    /// short enough that a run killed mid-way blocks the set for minutes, not for good.
    /// </summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);

    public static SetLease New(DateTimeOffset now) =>
        new(Guid.NewGuid().ToString("N")[..12], $"{Environment.MachineName}/{Environment.ProcessId}", now + Duration);

    /// <summary>Held: not expired, and not left by a process of this machine that no longer runs (a run killed outright).</summary>
    public bool IsLive(DateTimeOffset now) => Expires > now && !IsOrphan();

    private bool IsOrphan()
    {
        var slash = Holder.LastIndexOf('/');
        if (slash < 0 || Holder[..slash] != Environment.MachineName
            || !int.TryParse(Holder[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    public override string ToString() =>
        $"{Run} {Holder} {Expires.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";

    /// <summary>The annotation's value read back; null when it is not one (a lease nobody can hold).</summary>
    public static SetLease? Parse(string? text)
    {
        var parts = text?.Split(' ') ?? [];
        return parts.Length == 3
            && DateTimeOffset.TryParseExact(
                parts[2], "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
            ? new SetLease(parts[0], parts[1], expires)
            : null;
    }
}
