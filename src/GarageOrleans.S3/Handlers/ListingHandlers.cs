using System.Xml;
using GarageOrleans.Abstractions;
using GarageOrleans.S3.Errors;
using GarageOrleans.S3.Pipeline;
using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Handlers;

/// <summary>Listings of a bucket: ListObjects (v1), ListObjectsV2 and ListMultipartUploads.</summary>
internal sealed class ListingHandlers : IS3OperationHandler
{
    public IReadOnlyCollection<S3Operation> Operations { get; } =
    [
        S3Operation.ListObjects,
        S3Operation.ListObjectsV2,
        S3Operation.ListMultipartUploads,
    ];

    public Task HandleAsync(S3RequestContext context) => context.Operation switch
    {
        S3Operation.ListObjectsV2 => ListObjectsV2Async(context),
        S3Operation.ListObjects => ListObjectsV1Async(context),
        S3Operation.ListMultipartUploads => ListMultipartUploadsAsync(context),
        _ => throw new S3Exception(S3ErrorCode.NotImplemented, context.Operation.ToString()),
    };

    private static async Task ListObjectsV2Async(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var url = RequestValues.UrlEncodingRequested(context);
        var prefix = RequestValues.Query(context, "prefix") ?? "";
        var delimiter = NullIfEmpty(RequestValues.Query(context, "delimiter"));
        var maxKeys = RequestValues.PageSizeQuery(context, "max-keys");
        var token = NullIfEmpty(RequestValues.Query(context, "continuation-token"));
        var startAfter = NullIfEmpty(RequestValues.Query(context, "start-after"));
        var fetchOwner = string.Equals(RequestValues.Query(context, "fetch-owner"), "true", StringComparison.OrdinalIgnoreCase);

        // The token wins over start-after: it is where the previous page stopped, start-after was applied before.
        var after = startAfter;
        if (token is not null)
        {
            if (!ContinuationToken.TryDecode(token, out var decoded))
            {
                throw RequestValues.InvalidArgument("continuation-token", token, "The continuation token provided is incorrect");
            }

            after = decoded;
        }

        var listing = await ListAsync(context, bucket, new ListObjectsQuery(prefix, delimiter, after, maxKeys));
        var key = context.AccessKey;
        await ResponseXml.WriteAsync(context.Http.Response, "ListBucketResult", w =>
        {
            w.Element("Name", bucket.Name);
            w.Element("Prefix", S3UrlEncoding.EncodeIf(url, prefix));
            w.Element("Delimiter", S3UrlEncoding.EncodeIf(url, delimiter));
            w.Element("MaxKeys", maxKeys);
            w.Element("KeyCount", listing.Objects.Count + listing.CommonPrefixes.Count);
            w.Element("IsTruncated", listing.IsTruncated);
            w.Element("ContinuationToken", token);
            if (listing.IsTruncated && NextMarker(listing) is { } next)
            {
                w.Element("NextContinuationToken", ContinuationToken.Encode(next));
            }

            w.Element("StartAfter", S3UrlEncoding.EncodeIf(url, startAfter));
            w.Element("EncodingType", url ? "url" : null);
            WriteEntries(w, listing, url, fetchOwner ? key : null);
        });
    }

    private static async Task ListObjectsV1Async(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var url = RequestValues.UrlEncodingRequested(context);
        var prefix = RequestValues.Query(context, "prefix") ?? "";
        var delimiter = NullIfEmpty(RequestValues.Query(context, "delimiter"));
        var maxKeys = RequestValues.PageSizeQuery(context, "max-keys");
        var marker = NullIfEmpty(RequestValues.Query(context, "marker"));

        var listing = await ListAsync(context, bucket, new ListObjectsQuery(prefix, delimiter, marker, maxKeys));
        var key = context.AccessKey;
        await ResponseXml.WriteAsync(context.Http.Response, "ListBucketResult", w =>
        {
            w.Element("Name", bucket.Name);
            w.Element("Prefix", S3UrlEncoding.EncodeIf(url, prefix));
            w.Element("Marker", S3UrlEncoding.EncodeIf(url, marker) ?? "");

            // AWS gives NextMarker only with a delimiter; without one, clients continue from the last key listed.
            if (listing.IsTruncated && delimiter is not null)
            {
                w.Element("NextMarker", S3UrlEncoding.EncodeIf(url, NextMarker(listing)));
            }

            w.Element("MaxKeys", maxKeys);
            w.Element("Delimiter", S3UrlEncoding.EncodeIf(url, delimiter));
            w.Element("IsTruncated", listing.IsTruncated);
            w.Element("EncodingType", url ? "url" : null);
            WriteEntries(w, listing, url, key);
        });
    }

    private static async Task<ObjectListing> ListAsync(S3RequestContext context, BucketInfo bucket, ListObjectsQuery query)
    {
        // max-keys=0 asks for nothing; AWS answers an empty, untruncated page without looking.
        return query.MaxKeys == 0
            ? new ObjectListing([], [], false, null)
            : await context.Grains.GetGrain<IObjectListingGrain>(bucket.Id.ToHex()).ListAsync(query);
    }

    private static void WriteEntries(XmlWriter w, ObjectListing listing, bool url, AccessKeyInfo? owner)
    {
        foreach (var o in listing.Objects)
        {
            w.WriteStartElement("Contents");
            w.Element("Key", S3UrlEncoding.EncodeIf(url, o.Key));
            w.Element("LastModified", ResponseXml.Timestamp(o.LastModifiedMs));
            w.Element("ETag", ETagText.Quote(o.ETag));
            w.Element("Size", o.Size);
            if (owner is not null)
            {
                w.Principal("Owner", owner.AccessKeyId, owner.Name);
            }

            w.Element("StorageClass", "STANDARD");
            w.WriteEndElement();
        }

        foreach (var p in listing.CommonPrefixes)
        {
            w.WriteStartElement("CommonPrefixes");
            w.Element("Prefix", S3UrlEncoding.EncodeIf(url, p));
            w.WriteEndElement();
        }
    }

    private static async Task ListMultipartUploadsAsync(S3RequestContext context)
    {
        var bucket = RequestValues.Bucket(context);
        var url = RequestValues.UrlEncodingRequested(context);
        var prefix = RequestValues.Query(context, "prefix") ?? "";
        var delimiter = NullIfEmpty(RequestValues.Query(context, "delimiter"));
        var maxUploads = RequestValues.PageSizeQuery(context, "max-uploads");
        var keyMarker = NullIfEmpty(RequestValues.Query(context, "key-marker"));

        // AWS ignores upload-id-marker without key-marker.
        var uploadIdMarker = keyMarker is null ? null : NullIfEmpty(RequestValues.Query(context, "upload-id-marker"));

        var listing = maxUploads == 0
            ? new UploadListing([], [], false, null, null)
            : await context.Grains.GetGrain<IObjectListingGrain>(bucket.Id.ToHex())
                .ListUploadsAsync(new ListUploadsQuery(prefix, delimiter, keyMarker, uploadIdMarker, maxUploads));
        var key = context.AccessKey;
        await ResponseXml.WriteAsync(context.Http.Response, "ListMultipartUploadsResult", w =>
        {
            w.Element("Bucket", bucket.Name);
            w.Element("KeyMarker", S3UrlEncoding.EncodeIf(url, keyMarker) ?? "");
            w.Element("UploadIdMarker", uploadIdMarker ?? "");
            w.Element("NextKeyMarker", S3UrlEncoding.EncodeIf(url, listing.NextKeyMarker) ?? "");
            w.Element("NextUploadIdMarker", listing.NextUploadIdMarker ?? "");
            w.Element("Prefix", S3UrlEncoding.EncodeIf(url, prefix));
            w.Element("Delimiter", S3UrlEncoding.EncodeIf(url, delimiter));
            w.Element("MaxUploads", maxUploads);
            w.Element("IsTruncated", listing.IsTruncated);
            w.Element("EncodingType", url ? "url" : null);
            foreach (var u in listing.Uploads)
            {
                w.WriteStartElement("Upload");
                w.Element("Key", S3UrlEncoding.EncodeIf(url, u.Key));
                w.Element("UploadId", u.UploadId.ToHex());
                w.Principal("Initiator", key.AccessKeyId, key.Name);
                w.Principal("Owner", key.AccessKeyId, key.Name);
                w.Element("StorageClass", "STANDARD");
                w.Element("Initiated", ResponseXml.Timestamp(u.InitiatedMs));
                w.WriteEndElement();
            }

            foreach (var p in listing.CommonPrefixes)
            {
                w.WriteStartElement("CommonPrefixes");
                w.Element("Prefix", S3UrlEncoding.EncodeIf(url, p));
                w.WriteEndElement();
            }
        });
    }

    /// <summary>Where the next page starts: the grain's marker, else the greatest key or prefix of this page.</summary>
    private static string? NextMarker(ObjectListing listing)
    {
        if (listing.NextMarker is not null)
        {
            return listing.NextMarker;
        }

        var lastKey = listing.Objects.Count > 0 ? listing.Objects[^1].Key : null;
        var lastPrefix = listing.CommonPrefixes.Count > 0 ? listing.CommonPrefixes[^1] : null;
        return string.CompareOrdinal(lastKey, lastPrefix) >= 0 ? lastKey : lastPrefix;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
