using System.Security.Cryptography;

namespace GarageOrleans.S3.Pipeline;

/// <summary>
/// Request ids: 16 upper-case hex digits, a random per-process base plus a counter, so they are unique within a node
/// and unlikely to collide across nodes, at the cost of one increment.
/// </summary>
internal sealed class S3RequestIds
{
    private readonly ulong _base = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
    private long _counter;

    public string Next()
    {
        var id = _base + (ulong)Interlocked.Increment(ref _counter);
        return string.Create(16, id, static (span, value) => value.TryFormat(span, out _, "X16"));
    }
}
