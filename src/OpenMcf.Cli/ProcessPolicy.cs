namespace OpenMcf.Cli;

/// <summary>Settings of the whole process, made by the program and not by the library it uses.</summary>
internal static class ProcessPolicy
{
    /// <summary>
    /// The client reads each response body synchronously (its typed calls deserialize straight from
    /// the network stream), so every request in flight holds a thread-pool thread until its answer
    /// arrives. The pool starts with one thread per core and adds more only about twice a second:
    /// a bulk apply with 16 or 32 in flight spent its first seconds waiting for threads (measured:
    /// 1,000 routes at 32 in flight took 8-9.6 s, 5-6 s with the threads there from the start).
    /// </summary>
    public static void ReserveThreads(int inFlight)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var needed = Math.Max(1, inFlight) + Environment.ProcessorCount;
        if (workers < needed)
        {
            ThreadPool.SetMinThreads(needed, completionPorts);
        }
    }
}
