using System.Text;
using GarageOrleans.Abstractions;
using GarageOrleans.Grains.Rows;
using GarageOrleans.Primitives;
using GarageOrleans.Storage;
using Orleans.Concurrency;

namespace GarageOrleans.Grains.Objects;

/// <summary>
/// Lists one bucket from its object-table partition. Sort keys are the keys' UTF-8 bytes, so the partition's byte
/// order is S3's listing order; a common prefix is skipped in one range seek, not key by key.
/// </summary>
[StatelessWorker]
internal sealed class ObjectListingGrain(MetadataTables tables) : Grain, IObjectListingGrain
{
    /// <summary>Rows fetched per range read; tombstones and rolled-up keys make a page yield fewer entries.</summary>
    private const int PageSize = 1000;

    async Task<ObjectListing> IObjectListingGrain.ListAsync(ListObjectsQuery query)
    {
        var bucket = BucketId.ParseHex(this.GetPrimaryKeyString());
        var objects = new List<ListedObject>();
        var prefixes = new List<string>();
        var truncated = false;
        string? last = null;

        await foreach (var (key, row) in ScanAsync(bucket, query.Prefix, query.StartAfter, false, query.Delimiter, IsListed))
        {
            var delimiterAt = string.IsNullOrEmpty(query.Delimiter) ? -1 : key.IndexOf(query.Delimiter, query.Prefix.Length, StringComparison.Ordinal);
            string? commonPrefix = delimiterAt >= 0 ? key[..(delimiterAt + query.Delimiter!.Length)] : null;
            if (objects.Count + prefixes.Count >= query.MaxKeys)
            {
                truncated = true;
                break;
            }

            if (commonPrefix is not null)
            {
                prefixes.Add(commonPrefix);
                last = commonPrefix;
            }
            else
            {
                var live = row.Live!;
                objects.Add(new ListedObject(key, live.Timestamp, live.Meta!.ETag, live.Meta.Size));
                last = key;
            }
        }

        return new ObjectListing(objects, prefixes, truncated, truncated ? last : null);
    }

    async Task<UploadListing> IObjectListingGrain.ListUploadsAsync(ListUploadsQuery query)
    {
        var bucket = BucketId.ParseHex(this.GetPrimaryKeyString());
        var uploads = new List<ListedUpload>();
        var prefixes = new List<string>();
        var truncated = false;
        // With an upload-id marker the marker key itself is listed again, from the upload after the marker.
        var markerInclusive = query.KeyMarker is not null && query.UploadIdMarker is not null;
        await foreach (var (key, row) in ScanAsync(bucket, query.Prefix, query.KeyMarker, markerInclusive, query.Delimiter, HasPendingUpload))
        {
            var delimiterAt = string.IsNullOrEmpty(query.Delimiter) ? -1 : key.IndexOf(query.Delimiter, query.Prefix.Length, StringComparison.Ordinal);
            if (delimiterAt >= 0)
            {
                if (uploads.Count + prefixes.Count >= query.MaxUploads)
                {
                    truncated = true;
                    break;
                }

                prefixes.Add(key[..(delimiterAt + query.Delimiter!.Length)]);
                continue;
            }

            var pending = row.Versions
                .Where(v => v.Multipart && v.State == ObjectVersionState.Uploading)
                .OrderBy(v => v.Timestamp).ThenBy(v => v.Id)
                .SkipWhile(v => key == query.KeyMarker && query.UploadIdMarker is not null && !PassedMarker(v, query.UploadIdMarker, row))
                .ToList();
            foreach (var v in pending)
            {
                if (uploads.Count + prefixes.Count >= query.MaxUploads)
                {
                    truncated = true;
                    break;
                }

                uploads.Add(new ListedUpload(key, v.Id, v.Timestamp));
            }

            if (truncated)
            {
                break;
            }
        }

        var lastUpload = uploads.LastOrDefault();
        return new UploadListing(
            uploads,
            prefixes,
            truncated,
            truncated ? lastUpload?.Key ?? prefixes.LastOrDefault() : null,
            truncated ? lastUpload?.UploadId.ToHex() : null);
    }

    async Task<bool> IObjectListingGrain.IsEmptyAsync()
    {
        var bucket = BucketId.ParseHex(this.GetPrimaryKeyString());
        await foreach (var _ in ScanAsync(bucket, "", null, false, null, r => IsListed(r) || HasPendingUpload(r)))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// Rows of the bucket whose keys start with <paramref name="prefix"/>, from <paramref name="from"/> (exclusive
    /// unless <paramref name="fromInclusive"/>), in order. With a delimiter, only the first key of each common prefix is
    /// yielded and the rest is skipped by seeking past the prefix.
    /// </summary>
    private async IAsyncEnumerable<(string Key, ObjectRow Row)> ScanAsync(
        BucketId bucket, string prefix, string? from, bool fromInclusive, string? delimiter, Func<ObjectRow, bool> relevant)
    {
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        var start = prefixBytes;
        if (from is not null)
        {
            var fromBytes = Encoding.UTF8.GetBytes(from);
            var first = fromInclusive ? fromBytes : Successor(fromBytes);
            if (first.AsSpan().SequenceCompareTo(start) > 0)
            {
                start = first;
            }
        }

        var end = prefixBytes.Length == 0 ? null : RangeQuery.PrefixEnd(prefixBytes);
        while (true)
        {
            var (rows, more) = await tables.Objects.RangeAsync(bucket.Value, start, end, PageSize);
            if (rows.Count == 0)
            {
                yield break;
            }

            var next = start;
            var skipped = false;
            foreach (var (sortKey, row) in rows)
            {
                next = Successor(sortKey);
                if (!relevant(row))
                {
                    continue; // a tombstone must not make its common prefix appear
                }

                var key = Encoding.UTF8.GetString(sortKey);
                yield return (key, row);
                var delimiterAt = string.IsNullOrEmpty(delimiter) ? -1 : key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (delimiterAt >= 0)
                {
                    // Everything else under this common prefix is rolled into it: seek past it.
                    var past = RangeQuery.PrefixEnd(Encoding.UTF8.GetBytes(key[..(delimiterAt + delimiter!.Length)]));
                    if (past is null)
                    {
                        yield break;
                    }

                    next = past;
                    skipped = true;
                    break;
                }
            }

            if (!skipped && !more && rows.Count < PageSize)
            {
                yield break; // every row up to the end of the range has been seen
            }

            start = next;
        }
    }

    private static byte[] Successor(byte[] key) => [.. key, 0];

    private static bool IsListed(ObjectRow row) => row.Live is { Meta: not null };

    private static bool HasPendingUpload(ObjectRow row) =>
        row.Versions.Any(v => v.Multipart && v.State == ObjectVersionState.Uploading);

    private static bool PassedMarker(ObjectVersionRow v, string uploadIdMarker, ObjectRow row)
    {
        var marker = row.Versions.FirstOrDefault(x => x.Id.ToHex() == uploadIdMarker);
        return marker is null || v.CompareOrder(marker) > 0;
    }
}
