namespace GarageOrleans.EndToEnd.Tests.Infrastructure;

/// <summary>The last lines a child process printed (stdout and stderr interleaved), for failure messages.</summary>
internal sealed class OutputLog(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<string> _lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public string Text()
    {
        lock (_lock)
        {
            return string.Join('\n', _lines);
        }
    }
}
