namespace GarageOrleans.Primitives;

/// <summary>
/// Wall-clock milliseconds since the Unix epoch, as used by every LWW field. A new timestamp for a row is
/// <c>max(now, previous + 1)</c>: strictly greater than what the writer has seen, so a write is never hidden by an
/// older one from a node whose clock runs ahead (Garage PR #543, found with Jepsen).
/// </summary>
public static class Timestamps
{
    public static ulong Now(TimeProvider? clock = null) =>
        (ulong)(clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();

    public static ulong After(ulong previous, TimeProvider? clock = null) => Math.Max(Now(clock), previous + 1);

    public static DateTimeOffset ToDateTime(ulong ms) => DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
}
