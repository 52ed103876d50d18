using System.Collections.Concurrent;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace GarageOrleans.EndToEnd.Tests;

/// <summary>What one uploader knows about one key when the server dies.</summary>
internal sealed class KeyHistory
{
    /// <summary>SHA-256 of the last body the server acknowledged (2xx), or null if none was.</summary>
    public string? Acknowledged { get; set; }

    public int AcknowledgedBytes { get; set; }

    /// <summary>SHA-256 of a body sent without an answer: the server may or may not have applied it.</summary>
    public string? Pending { get; set; }

    public int PendingBytes { get; set; }
}

/// <summary>
/// Concurrent uploaders for the crash test: simple PUTs of 1 KiB (inline), 300 KiB and 3 MiB (several blocks) that
/// overwrite a few keys each, and one uploader of 12 MiB multipart objects. Each records, per key, what the server
/// acknowledged and what was in flight. Every key has one writer, so a key's history is written by one task only
/// and read after all of them have finished.
/// </summary>
internal sealed class CrashUploads(string bucket)
{
    public const int SimpleWorkers = 5;
    private const int KeysPerWorker = 3;
    private const int MultipartKeys = 2;
    private const int PartBytes = 5 << 20;
    private const int MultipartBytes = 12 << 20;
    private const int EnoughAcknowledged = 40;
    private const int EnoughLargeAcknowledged = 2;
    private static readonly int[] Sizes = [1 << 10, 300 << 10, 3 << 20];

    private readonly ConcurrentDictionary<string, KeyHistory> _keys = new();
    private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _acknowledged;
    private int _largeAcknowledged;
    private int _multipartAcknowledged;
    private volatile bool _crashing;

    /// <summary>Completes once enough of every kind of upload was acknowledged; faults if an upload fails before the crash.</summary>
    public Task Enough => _enough.Task;

    public IReadOnlyDictionary<string, KeyHistory> Keys => _keys;

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public string Progress => $"{Acknowledged} acknowledged ({Volatile.Read(ref _largeAcknowledged)} of 3 MiB, {Volatile.Read(ref _multipartAcknowledged)} multipart)";

    /// <summary>From now on an upload failure is the expected effect of the kill, not a test failure.</summary>
    public void BeginCrash() => _crashing = true;

    /// <summary>Runs the uploaders until <paramref name="stop"/>, or until the server dies under them.</summary>
    public Task RunAsync(IAmazonS3 client, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, SimpleWorkers)
            .Select(w => Task.Run(() => SimpleUploaderAsync(client, w, stop)))
            .Append(Task.Run(() => MultipartUploaderAsync(client, stop))));

    private static byte[] Payload(int seed, int bytes)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private async Task SimpleUploaderAsync(IAmazonS3 client, int worker, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = $"w{worker}/k{n % KeysPerWorker}";
            var size = Sizes[((n / KeysPerWorker) + worker) % Sizes.Length];
            var body = Payload((worker * 100_000) + n, size);
            var history = _keys.GetOrAdd(key, _ => new KeyHistory());
            history.Pending = Sha256(body);
            history.PendingBytes = size;
            try
            {
                // No cancellation token: a request is never abandoned by the client, only cut by the kill.
                await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(body) });
            }
            catch (Exception e) when (Fail(e, $"PUT {key} ({size} bytes)"))
            {
                return;
            }

            Acknowledge(history, size == Sizes[^1] ? 1 : 0, 0);
        }
    }

    private async Task MultipartUploaderAsync(IAmazonS3 client, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = $"mp/k{n % MultipartKeys}";
            var body = Payload(1_000_000 + n, MultipartBytes);
            var history = _keys.GetOrAdd(key, _ => new KeyHistory());
            try
            {
                var upload = await client.InitiateMultipartUploadAsync(bucket, key);
                var parts = new List<PartETag>();
                for (var offset = 0; offset < body.Length; offset += PartBytes)
                {
                    var length = Math.Min(PartBytes, body.Length - offset);
                    var part = await client.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        UploadId = upload.UploadId,
                        PartNumber = parts.Count + 1,
                        InputStream = new MemoryStream(body, offset, length, writable: false),
                    });
                    parts.Add(new PartETag(parts.Count + 1, part.ETag));
                }

                // Only from here on can the new object become visible.
                history.Pending = Sha256(body);
                history.PendingBytes = body.Length;
                await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartETags = parts,
                });
            }
            catch (Exception e) when (Fail(e, $"multipart upload of {key} ({body.Length} bytes)"))
            {
                return;
            }

            Acknowledge(history, 0, 1);
        }
    }

    private void Acknowledge(KeyHistory history, int large, int multipart)
    {
        history.Acknowledged = history.Pending;
        history.AcknowledgedBytes = history.PendingBytes;
        history.Pending = null;
        var acknowledged = Interlocked.Increment(ref _acknowledged);
        var largeAcknowledged = Interlocked.Add(ref _largeAcknowledged, large);
        var multipartAcknowledged = Interlocked.Add(ref _multipartAcknowledged, multipart);
        if (acknowledged >= EnoughAcknowledged && largeAcknowledged >= EnoughLargeAcknowledged && multipartAcknowledged >= 1)
        {
            _enough.TrySetResult();
        }
    }

    /// <summary>Exception filter: true (stop this uploader) always; records the failure unless the kill caused it.</summary>
    private bool Fail(Exception e, string what)
    {
        if (!_crashing)
        {
            _enough.TrySetException(new InvalidOperationException($"{what} failed before the server was killed: {e.GetType().Name}: {e.Message}", e));
        }

        return true;
    }
}
