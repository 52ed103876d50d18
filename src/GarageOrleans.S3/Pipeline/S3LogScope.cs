using System.Collections;

namespace GarageOrleans.S3.Pipeline;

/// <summary>The logging scope of one request: RequestId, then Operation and Bucket once the route is known.</summary>
internal sealed class S3LogScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string? Operation { get; set; }

    public string? Bucket { get; set; }

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", requestId),
        1 => new("Operation", Operation),
        2 => new("Bucket", Bucket),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{requestId} Operation:{Operation} Bucket:{Bucket}";
}
