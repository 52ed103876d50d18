using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using Amazon.S3;

namespace GarageOrleans.LoadBench;

/// <summary>
/// The memory check: PUT one large object streamed from a <see cref="GeneratedStream"/>, then GET it back hashing
/// while reading, and report how much the server's RSS grew meanwhile. Neither side buffers the object, so the
/// growth is the server's own (DESIGN §6: memory stays flat whatever the object size).
/// </summary>
internal static class RssRoundTrip
{
    private const int ObjectSeed = 20260;
    private const int WarmupSeed = 7;
    private const long WarmupBytes = 8L << 20;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<RssReport> RunAsync(IAmazonS3 client, PayloadMode payload, string bucket, string key, long objectBytes, int serverPid, CancellationToken cancellationToken)
    {
        // The PUT and GET paths run once first (JIT, pools, connections), so the baseline is a warm server.
        var warmupKey = key + ".warmup";
        await PutGeneratedAsync(client, payload, bucket, warmupKey, WarmupBytes, WarmupSeed, cancellationToken);
        var (warmupRead, warmupSha) = await GetAndHashAsync(client, bucket, warmupKey, cancellationToken);
        if (warmupRead != WarmupBytes || warmupSha != GeneratedStream.Sha256Hex(WarmupBytes, WarmupSeed))
        {
            throw new InvalidOperationException($"warm-up object {bucket}/{warmupKey} read back wrong ({warmupRead} bytes)");
        }

        await client.DeleteObjectAsync(bucket, warmupKey, cancellationToken);

        var expectedSha = Task.Run(() => GeneratedStream.Sha256Hex(objectBytes, ObjectSeed), cancellationToken);
        var baseline = RssSampler.ReadRssBytes(serverPid);
        var kernelPeakReset = RssSampler.TryResetHighWaterMark(serverPid);
        await using var sampler = RssSampler.Start(serverPid, SampleInterval);

        var clock = Stopwatch.StartNew();
        await PutGeneratedAsync(client, payload, bucket, key, objectBytes, ObjectSeed, cancellationToken);
        var putTime = clock.Elapsed;

        clock.Restart();
        var (bytesRead, readSha) = await GetAndHashAsync(client, bucket, key, cancellationToken);
        var getTime = clock.Elapsed;

        var sampledPeak = await sampler.StopAsync();
        var kernelPeak = kernelPeakReset ? RssSampler.ReadHighWaterMarkBytes(serverPid) : null;
        return new RssReport(
            objectBytes,
            baseline,
            Math.Max(sampledPeak, kernelPeak ?? 0),
            sampledPeak,
            kernelPeak,
            sampler.Samples,
            putTime,
            getTime,
            bytesRead,
            await expectedSha,
            readSha);
    }

    public static async Task PutGeneratedAsync(IAmazonS3 client, PayloadMode payload, string bucket, string key, long bytes, int seed, CancellationToken cancellationToken)
    {
        await using var body = new GeneratedStream(bytes, seed);
        await client.PutObjectAsync(payload.NewPut(bucket, key, body), cancellationToken);
    }

    /// <summary>Reads the object to its end through a pooled 1 MiB buffer: (bytes read, SHA-256 hex).</summary>
    public static async Task<(long Bytes, string Sha256)> GetAndHashAsync(IAmazonS3 client, string bucket, string key, CancellationToken cancellationToken)
    {
        using var response = await client.GetObjectAsync(bucket, key, cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(GeneratedStream.BlockBytes);
        try
        {
            long total = 0;
            int read;
            while ((read = await response.ResponseStream.ReadAsync(buffer.AsMemory(0, GeneratedStream.BlockBytes), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
