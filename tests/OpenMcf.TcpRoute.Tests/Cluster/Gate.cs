namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>
/// Holds back every read until <paramref name="together"/> of them are waiting at once, then answers them, the last one
/// asked first (reads after those go straight through): code that reads one after another never gets there, and fails
/// here on a timeout instead of passing.
/// </summary>
internal sealed class Gate(int together)
{
    private readonly Lock _lock = new();
    private readonly List<TaskCompletionSource> _waiting = [];
    private bool _open;

    public async Task<T> Pass<T>(Func<Task<T>> read)
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int asked;
        lock (_lock)
        {
            _waiting.Add(answer);
            asked = _waiting.Count;
            if (_open || asked == together)
            {
                _open = true;
                foreach (var waiting in Enumerable.Reverse(_waiting))
                {
                    waiting.TrySetResult();
                }
            }
        }

        try
        {
            await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"read {asked} waited in vain for {together} reads in flight at once");
        }

        return await read();
    }
}
