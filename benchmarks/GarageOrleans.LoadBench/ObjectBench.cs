using Amazon.S3;
using Amazon.S3.Model;

namespace GarageOrleans.LoadBench;

/// <summary>
/// The throughput modes: N objects PUT, then the same objects GET, each phase timed over
/// all workers. Small objects are byte arrays made up front; large ones are generated streams (distinct per object,
/// so a deduplicating store cannot skip the writes).
/// </summary>
internal static class ObjectBench
{
    private const int SmallObjectSeed = 4096;

    public static async Task<(ThroughputResult Put, ThroughputResult Get)> RunAsync(
        IAmazonS3 client, PayloadMode payload, string bucket, int count, int concurrency, long objectBytes, CancellationToken cancellationToken)
    {
        var small = objectBytes <= GeneratedStream.BlockBytes;
        var bodies = small ? MakeSmallBodies(count, (int)objectBytes) : null;
        // Flat names: s3rver keeps keys as files and fails concurrent PUTs that create the same directory.
        string KeyOf(int i) => $"loadbench-{objectBytes}-{i:D6}";

        Task PutAsync(int i, CancellationToken ct)
        {
            Stream body = bodies is null ? new GeneratedStream(objectBytes, i) : new MemoryStream(bodies[i], writable: false);
            return PutAndDisposeAsync(client, payload.NewPut(bucket, KeyOf(i), body), body, ct);
        }

        async Task GetAsync(int i, CancellationToken ct)
        {
            using var response = await client.GetObjectAsync(bucket, KeyOf(i), ct);
            var buffer = new byte[small ? objectBytes + 1 : 1 << 20];
            long total = 0;
            int read;
            while ((read = await response.ResponseStream.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
            }

            if (total != objectBytes)
            {
                throw new InvalidOperationException($"GET {bucket}/{KeyOf(i)} returned {total} bytes, expected {objectBytes}");
            }
        }

        // Warm-up (JIT, connection pool) on a few objects outside the timed phases.
        var warmup = Math.Min(count, concurrency * 2);
        await ParallelWorkers.RunAsync(warmup, concurrency, PutAsync, cancellationToken);
        await ParallelWorkers.RunAsync(warmup, concurrency, GetAsync, cancellationToken);

        var putTime = await ParallelWorkers.RunAsync(count, concurrency, PutAsync, cancellationToken);
        var getTime = await ParallelWorkers.RunAsync(count, concurrency, GetAsync, cancellationToken);
        await ParallelWorkers.RunAsync(count, concurrency, (i, ct) => client.DeleteObjectAsync(bucket, KeyOf(i), ct), cancellationToken);
        return (new ThroughputResult("PUT", count, count * objectBytes, putTime), new ThroughputResult("GET", count, count * objectBytes, getTime));
    }

    private static async Task PutAndDisposeAsync(IAmazonS3 client, PutObjectRequest request, Stream body, CancellationToken cancellationToken)
    {
        await using (body)
        {
            await client.PutObjectAsync(request, cancellationToken);
        }
    }

    private static byte[][] MakeSmallBodies(int count, int bytes)
    {
        var random = new Random(SmallObjectSeed);
        var bodies = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            bodies[i] = new byte[bytes];
            random.NextBytes(bodies[i]);
        }

        return bodies;
    }
}
